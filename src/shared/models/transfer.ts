import type { AppError } from './errors';

export type TransferDirection = 'upload' | 'download' | 'copy';

export type TransferStatus =
  | 'queued'
  | 'running'
  | 'paused'
  | 'waiting-credentials'
  | 'waiting-conflict'
  /** Left unfinished when Crossbucket stopped (quit, crash, kill); resumes once its session is open again. */
  | 'interrupted'
  | 'done'
  | 'skipped'
  | 'failed'
  | 'cancelled';

/** A part of a transfer failed for a passing reason and is being tried again. */
export interface RetryNotice {
  /** The try under way or about to start: 2 is the first retry. */
  readonly attempt: number;
  /** Tries allowed in all. */
  readonly of: number;
  /** What went wrong, in a few words: "connection reset", "checksum mismatch". */
  readonly reason: string;
}

/** How a download's bytes were proven to be the object's. */
export const verifiedBy = [
  /** The object's single-part ETag, which is the MD5 of its bytes. */
  'md5',
  /** The object's multipart ETag, recomputed over its parts as the server said they lie. */
  'multipart-etag',
] as const;
export type VerifiedBy = (typeof verifiedBy)[number];

/** Why a download's bytes could not be checked against the object; each has its words below. */
export const unverifiedReasons = [
  'kms',
  'sse-c',
  'etag-not-md5',
  'no-etag',
  'layout-unknown',
  'etag-disagrees',
] as const;
export type UnverifiedReason = (typeof unverifiedReasons)[number];

/** Finishes "saved, not verified: …" on the row and in the details. */
export const unverifiedWords: Readonly<Record<UnverifiedReason, string>> = {
  kms: 'the object is encrypted with a KMS key, so its ETag is not an MD5 of its bytes',
  'sse-c': 'the object is encrypted with a customer-provided key, so its ETag is not an MD5 of its bytes',
  'etag-not-md5': "the server's ETag for it is not an MD5 of its bytes",
  'no-etag': 'the server gave no ETag for it',
  'layout-unknown': 'the server did not say how the object was split into parts, which its ETag depends on',
  'etag-disagrees':
    'two downloads agreed byte for byte but not with its ETag (this server may not use MD5s as ETags, or something on the way corrupts the same byte every time)',
};

/**
 * What a finished download's "done" means. `verified` only when its bytes hashed to what the
 * server said; anything else is `not-verified` with the reason: "done" never silently means
 * "unchecked".
 */
export type Verification =
  | { readonly state: 'verified'; readonly by: VerifiedBy }
  | { readonly state: 'not-verified'; readonly reason: UnverifiedReason };

export interface TransferItem {
  readonly id: string;
  readonly jobId: string;
  readonly direction: TransferDirection;
  /** A local path or `s3://bucket/key`, for display. */
  readonly source: string;
  readonly target: string;
  readonly sessionId: string;
  readonly bytesTotal: number;
  readonly bytesDone: number;
  readonly status: TransferStatus;
  /** Bytes per second over the last few seconds. */
  readonly rate: number;
  readonly error?: AppError;
  /** Set when the key was not a safe relative path and was written under another name. */
  readonly renamedFrom?: string;
  /** Set while a part is being retried: the row says "retrying (2/5): connection reset". */
  readonly retry?: RetryNotice;
  /** Retries the item has needed so far (all parts together); absent when none. */
  readonly retries?: number;
  /** While `interrupted`: the sessions to open again (their labels) before it can continue. */
  readonly resumeWith?: readonly string[];
  /**
   * Said under the row: why work done before was thrown away ("the file changed since its upload
   * began, so it started over"), or what a cancel left to do.
   */
  readonly note?: string;
  /** A done download's: verified, or saved but not verified (and why). Absent for folders, uploads, copies. */
  readonly verification?: Verification;
}

export const transferStatuses: readonly TransferStatus[] = [
  'queued',
  'running',
  'paused',
  'waiting-credentials',
  'waiting-conflict',
  'interrupted',
  'done',
  'skipped',
  'failed',
  'cancelled',
];

export interface TransferTotals {
  readonly bytesTotal: number;
  readonly bytesDone: number;
  readonly rate: number;
  /** Seconds, when it can be estimated. */
  readonly eta?: number;
  readonly active: number;
  readonly queued: number;
  readonly failed: number;
  /** Done downloads whose bytes could not be checked ("saved, not verified"), counted apart from the verified. */
  readonly unverified: number;
  /** How many items are in each status, so the window's commands follow main's real counts. */
  readonly byStatus: Readonly<Record<TransferStatus, number>>;
}

export interface TransferSnapshot {
  readonly items: readonly TransferItem[];
  readonly totals: TransferTotals;
  /** Questions main is still waiting on, oldest first: a window that (re)attaches shows them. */
  readonly conflicts: readonly TransferConflict[];
  /** Why the transfers left unfinished last time could not all be read back (the file was kept aside). */
  readonly journalError?: AppError;
}

export type ConflictChoice = 'overwrite' | 'skip' | 'keep-both';

export interface TransferConflict {
  readonly conflictId: string;
  readonly itemId: string;
  readonly direction: TransferDirection;
  /** The existing key or file that would be replaced. */
  readonly existing: string;
  readonly existingSize?: number;
  readonly existingModified?: string;
  readonly incomingSize: number;
  /** The job the item belongs to: "apply to all" settles the rest of it. */
  readonly jobId: string;
}

/** The queue before anything was added: what a window shows until main's snapshot arrives. */
export const emptyTransferSnapshot: TransferSnapshot = {
  items: [],
  totals: {
    bytesTotal: 0,
    bytesDone: 0,
    rate: 0,
    active: 0,
    queued: 0,
    failed: 0,
    unverified: 0,
    byStatus: Object.fromEntries(transferStatuses.map((s) => [s, 0])) as Record<TransferStatus, number>,
  },
  conflicts: [],
};
