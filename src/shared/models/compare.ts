import type { AppError } from './errors';

/**
 * One side of a compare: a prefix in an open session, or a local folder main handed out (its
 * dialog or a drop). No credential crosses; the path is one main granted and checks again.
 */
export type CompareLocation =
  | { readonly kind: 's3'; readonly sessionId: string; readonly bucket: string; readonly prefix: string }
  | { readonly kind: 'local'; readonly path: string };

/**
 * How "same" is decided. `content`: size, then ETag (MD5 where it is one), then checksums;
 * `size-and-time`: what `aws s3 sync` does (size, or the left side newer to the second).
 */
export const compareModes = ['content', 'size-and-time'] as const;
export type CompareMode = (typeof compareModes)[number];

export const rowStatuses = ['only-left', 'only-right', 'different', 'same', 'undecided'] as const;
/** `undecided`: the listings cannot say (multipart ETags of other part layouts, SSE-KMS, a local file). */
export type RowStatus = (typeof rowStatuses)[number];

export const rowReasons = [
  'size',
  'etag',
  'checksum',
  'last-modified',
  'part-layout',
  'kms',
  'not-hashed',
  'checksum-algorithm',
  'checksum-layout',
  'checksum-unread',
  'deep-check',
] as const;
export type RowReason = (typeof rowReasons)[number];

/** The checksums S3 keeps of an object (one per object): a listing names it, HEAD gives its value. */
export const checksumAlgorithms = ['CRC64NVME', 'CRC32', 'CRC32C', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof checksumAlgorithms)[number];

/**
 * `FULL_OBJECT`: of all the bytes, whatever parts they were uploaded in; `COMPOSITE`: of the
 * parts' checksums, so equal only between objects uploaded in the same parts.
 */
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

/** What a listing says of one object (or a walk of one file). */
export interface SideFacts {
  readonly size: number;
  readonly lastModified?: string;
  readonly etag?: string;
  /** From an S3 listing; a server-side copy keeps it unless the plan replaces it. */
  readonly storageClass?: string;
  /** From an S3 listing: the algorithm of the object's checksum (its value needs a HEAD). */
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  /** From an S3 listing, where S3 says it (AWS since 2025). */
  readonly checksumType?: ChecksumType;
}

/** One key under both locations, relative to each location's prefix. */
export interface CompareRow {
  readonly key: string;
  readonly status: RowStatus;
  /** Why different, or why undecided; empty for same and only-one-side. */
  readonly reasons: readonly RowReason[];
  /** The algorithm whose values decided the row (reason `checksum`). */
  readonly checksum?: ChecksumAlgorithm;
  readonly left?: SideFacts;
  readonly right?: SideFacts;
  /** Said in words: a key that differs only in case or normalisation from its neighbour, a `..` segment. */
  readonly warning?: string;
}

export type CompareCounts = Readonly<Record<RowStatus, number>>;

/** Rows as the two listings arrive; `done` once both ended (or one failed: `error`, with its side). */
export interface ComparePage {
  readonly compareId: string;
  readonly rows: readonly CompareRow[];
  readonly counts: CompareCounts;
  readonly done: boolean;
  /** A side's session expired: the compare waits for its renewal and goes on from where it was. */
  readonly waiting?: 'left' | 'right';
  readonly error?: AppError & { readonly side: 'left' | 'right' };
}

/** A slice of a compare's rows as main keeps them, and how many its filter lets through in all. */
export interface CompareRowsPage {
  readonly rows: readonly CompareRow[];
  readonly total: number;
}

/** The outcome of comparing one row's bytes range by range. */
export interface DeepCheckResult {
  readonly key: string;
  readonly status: 'same' | 'different' | 'failed';
  /** Where the first differing range starts, when different. */
  readonly differsAt?: number;
  readonly error?: AppError;
}

/**
 * What a sync's copies do with the source's user metadata (x-amz-meta-*) and its tags: `keep`
 * copies them, `drop` leaves them out so the copies get the target's defaults (none). Not
 * user-given values: a sync copies many objects, one set of pairs for all of them is rarely
 * right, and editing an object's metadata and tags afterwards is already its own action. The
 * headers that say how to read the bytes (Content-Type, -Encoding, -Language, -Disposition,
 * Cache-Control, Expires) are kept either way: dropping them would change what the copy means.
 */
export const carryChoices = ['keep', 'drop'] as const;
export type CarryChoice = (typeof carryChoices)[number];

export type SyncAction = 'copy' | 'overwrite' | 'delete';

/** Where a sync's bytes go: S3 copies them itself, or they pass through this machine. */
export type SyncFlow = 'server-side' | 'through-this-machine';

/** A dry run of a sync left → right, as main planned it from a finished compare. */
export interface SyncPlanSummary {
  readonly planId: string;
  readonly source: string;
  readonly target: string;
  readonly copy: number;
  readonly overwrite: number;
  /** Only when the user asked for deletes; the run needs `targetAccount` typed back to do them. */
  readonly delete: number;
  /** Bytes copied or overwritten. */
  readonly bytes: number;
  readonly flow: SyncFlow;
  /** Why the bytes go that way, in a sentence. */
  readonly flowReason: string;
  /** The account that owns the target side's session: named in the delete confirmation. */
  readonly targetAccount?: string;
  /** Rows left out, each with its reason (undecided rows not asked for, folder markers, unsafe keys). */
  readonly leftOut: readonly { readonly key: string; readonly reason: string }[];
  /** How many more were left out than `leftOut` lists. */
  readonly leftOutMore: number;
  /**
   * What the copies do about the other account: expected bucket owners, ACLs, encryption,
   * metadata, tags and storage class — one sentence each.
   */
  readonly care: readonly string[];
  /** Past the user's threshold: the window offers to hand the copies to S3 Batch Operations. */
  readonly overThreshold: boolean;
}

export const syncResults = ['done', 'failed', 'skipped', 'cancelled', 'interrupted', 'pending'] as const;
/**
 * `interrupted`: the app stopped while a server-side copy or a delete was under way (or before a
 * transfer's end was recorded), so whether it happened is unknown: compare again to see.
 */
export type SyncResult = (typeof syncResults)[number];

export interface SyncReportRow {
  readonly key: string;
  readonly action: SyncAction;
  readonly result: SyncResult;
  /** A denial carries what the access explainer needs (the side's session, the call). */
  readonly error?: AppError;
}

export interface SyncReport {
  readonly planId: string;
  /** Every row has a final result. */
  readonly finished: boolean;
  readonly rows: readonly SyncReportRow[];
}

// Sync reports kept across restarts (issue 21): listed again after the app reopens.

/** A sync run as the list of past reports shows it; its rows come with `syncReport`. */
export interface SyncReportEntry {
  readonly planId: string;
  readonly source: string;
  readonly target: string;
  readonly flow: SyncFlow;
  /** When the run started (ISO 8601). */
  readonly startedAt: string;
  readonly finished: boolean;
  /** How many rows ended each way (pending: still to come). */
  readonly counts: Readonly<Record<SyncResult, number>>;
}
