import type { GeneratedStatement } from './access';
import type { AppError } from './errors';

/** Ages of objects by LastModified, as lifecycle rules count them. */
export const ageBands = ['under-30d', '30-90d', '90-365d', 'over-1y'] as const;
export type AgeBand = (typeof ageBands)[number];
export const ageBandLabels: Readonly<Record<AgeBand, string>> = {
  'under-30d': '< 30 days',
  '30-90d': '30–90 days',
  '90-365d': '90–365 days',
  'over-1y': '> 1 year',
};

export interface Tally {
  readonly objects: number;
  readonly bytes: number;
}

/** Objects of one storage class and age band. */
export interface ClassAgeCell extends Tally {
  readonly storageClass: string;
  readonly age: AgeBand;
  /** Bytes of objects of 128 KiB or more: lifecycle transitions skip smaller ones by default. */
  readonly transitionBytes: number;
}

/** One immediate sub-prefix of the summarised prefix, or `''` for the objects directly in it. */
export interface ChildTally extends Tally {
  /** The full prefix (ending in `/`), or `''` for objects directly in the summarised prefix. */
  readonly prefix: string;
  /** Bytes per storage class. */
  readonly byClass: Readonly<Record<string, number>>;
}

export interface UploadsTally {
  readonly uploads: number;
  readonly parts: number;
  readonly bytes: number;
  /** Some uploads' parts were not all counted: the numbers are lower bounds. */
  readonly atLeast: boolean;
  readonly error?: AppError;
}

export type SummaryStatus = 'running' | 'done' | 'cancelled' | 'partial' | 'limit';

/** Where the numbers came from: one listing by Crossbucket, or the bucket's S3 Inventory report. */
export type SummarySource =
  | { readonly kind: 'listing' }
  | { readonly kind: 'inventory'; readonly reportDate: string; readonly manifestKey: string };

export interface StorageSummary {
  readonly summaryId: string;
  readonly sessionId: string;
  readonly bucket: string;
  /** The folder summarised ('' for the bucket). */
  readonly prefix: string;
  /** Set when a selection was summarised: how many keys and folders were chosen. */
  readonly selection?: { readonly keys: number; readonly prefixes: number };
  readonly versions: boolean;
  readonly source: SummarySource;
  /** The bucket's region: the price table's row. */
  readonly region: string;
  readonly status: SummaryStatus;
  readonly startedAt: string;
  /** When the count ended (done, cancelled, stopped by an error or the key limit). */
  readonly finishedAt?: string;
  /** Entries read so far (versions and delete markers included). */
  readonly keysSeen: number;
  /** Entries per second over the count so far. */
  readonly keysPerSecond: number;
  /** Current objects (the latest versions that are not delete markers). */
  readonly current: Tally;
  readonly noncurrent?: Tally & { readonly byClass: Readonly<Record<string, number>> };
  readonly deleteMarkers?: number;
  /** Current objects by sub-prefix, largest first once done. */
  readonly children: readonly ChildTally[];
  /** Sub-prefixes beyond the ones kept, added together (a folder with very many folders). */
  readonly otherChildren?: Tally & { readonly prefixes: number };
  readonly cells: readonly ClassAgeCell[];
  readonly uploads?: UploadsTally;
  /** Objects written after the count began: the prefix changed while it was counted. */
  readonly changedDuringCount: number;
  /** Keys with control characters or other bytes that do not print: counted, shown escaped. */
  readonly oddKeys: number;
  /** Why the count stopped early (a denial halfway, a network failure): the numbers are partial. */
  readonly error?: AppError;
  /** The user's limit that stopped the listing (status `limit`). */
  readonly keyLimit?: number;
}

/** A lifecycle change the summary suggests, with what it saves by the price table. */
export const lifecycleSuggestionKinds = [
  'to-standard-ia',
  'to-glacier-ir',
  'expire-noncurrent',
  'abort-uploads',
] as const;
export type LifecycleSuggestionKind = (typeof lifecycleSuggestionKinds)[number];

/** The JSON and command for one suggested lifecycle rule, with who must apply it. */
export interface LifecycleProposal {
  readonly configuration: string;
  readonly command: string;
  /** The account that owns the bucket: only it can put a lifecycle configuration. */
  readonly ownerAccount?: string;
  /** How the owner was learnt, or why it could not be. */
  readonly ownerHow: string;
  readonly existingRules?: number;
  readonly readError?: AppError;
}

/** A bucket's S3 Inventory, as far as this session can see it. */
export interface InventoryStatus {
  readonly bucket: string;
  readonly configurations: readonly {
    readonly id: string;
    readonly enabled: boolean;
    readonly format: string;
    readonly destinationBucket: string;
    readonly destinationPrefix: string;
    readonly frequency: string;
  }[];
  readonly error?: AppError;
}

/** What configuring an inventory did, and the destination policy its owner must put. */
export interface InventorySetup {
  readonly configurationId: string;
  readonly destinationPolicy: GeneratedStatement;
}
