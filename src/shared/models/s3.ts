import type { AppError } from './errors';
import type { RestoreStatus } from './objects';

export interface BucketSummary {
  readonly name: string;
  readonly creationDate?: string;
  readonly region?: string;
  /** Why the region is a guess (GetBucketLocation denied): the profile's region was used. */
  readonly regionError?: AppError;
}

export type EntryKind = 'folder' | 'object';

export interface ObjectEntry {
  readonly kind: EntryKind;
  /** The full key (for folders, the common prefix ending in the delimiter). */
  readonly key: string;
  readonly size?: number;
  readonly lastModified?: string;
  readonly storageClass?: string;
  readonly etag?: string;
  /** Shown on demand from the version history: the current version is a delete marker. */
  readonly deleted?: true;
}

export interface ListingPage {
  readonly listingId: string;
  readonly entries: readonly ObjectEntry[];
  readonly keysLoaded: number;
  readonly done: boolean;
  readonly error?: AppError;
}

export interface ObjectDetails {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly size: number;
  readonly lastModified?: string;
  readonly etag?: string;
  readonly storageClass?: string;
  readonly contentType?: string;
  readonly cacheControl?: string;
  readonly contentDisposition?: string;
  readonly contentEncoding?: string;
  readonly contentLanguage?: string;
  /** For archived objects: a restore under way, or the restored copy's expiry. */
  readonly restore?: RestoreStatus;
  readonly metadata: Readonly<Record<string, string>>;
  readonly encryption?: string;
  readonly kmsKeyId?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly tagsError?: AppError;
  readonly versioning?: 'Enabled' | 'Suspended' | 'Off';
}

export interface ObjectVersion {
  readonly versionId: string;
  readonly isLatest: boolean;
  readonly isDeleteMarker: boolean;
  readonly size?: number;
  readonly lastModified?: string;
  readonly etag?: string;
}

export interface S3Location {
  readonly bucket: string;
  readonly prefix: string;
}

/** What copy forms of a location need from main; nothing here is secret. */
export interface LocationFacts {
  /** The bucket's region (for HTTPS and Console URLs). */
  readonly region: string;
  /** The session's partition (`aws`, `aws-cn`, `aws-us-gov`), for ARNs. */
  readonly partition: string;
  /** The `--profile` the AWS CLI would use for this session. */
  readonly cliProfile?: string;
  /** Set when that profile does not exist in ~/.aws/config yet (ad-hoc switches): what to do. */
  readonly cliProfileNote?: string;
}
