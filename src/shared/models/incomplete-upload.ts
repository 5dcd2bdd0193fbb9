import type { AppError } from './errors';

/** A multipart upload that was started and never completed nor aborted: its parts are billed as storage. */
export interface IncompleteUpload {
  readonly key: string;
  /** Names the upload to abort it; not a secret. */
  readonly uploadId: string;
  /** ISO time the upload began, as S3 recorded it. */
  readonly initiated?: string;
  /** Who began it, as S3 names them (an ARN or a display name): often another tool. */
  readonly initiator?: string;
  readonly storageClass?: string;
  /** Parts uploaded so far; absent when they were not counted (see `partsError`, `partsSkipped`). */
  readonly parts?: number;
  /** Bytes of those parts. */
  readonly size?: number;
  /** The upload has more parts than one count reads: `parts` and `size` are lower bounds. */
  readonly partsCapped?: boolean;
  readonly partsError?: AppError;
}

export interface IncompleteUploadList {
  readonly bucket: string;
  /** Oldest first. */
  readonly uploads: readonly IncompleteUpload[];
  /** The bucket holds more uploads than the list shows. */
  readonly truncated: boolean;
  /** Uploads beyond the first ones were listed without counting their parts. */
  readonly partsSkipped: boolean;
}

export interface AbortSummary {
  readonly aborted: number;
  readonly failed: readonly { readonly key: string; readonly uploadId: string; readonly error: AppError }[];
}

/** A lifecycle rule that makes S3 abort incomplete uploads by itself, ready to apply with the AWS CLI. */
export interface LifecycleSnippet {
  readonly days: number;
  /** JSON for `put-bucket-lifecycle-configuration`: the bucket's current rules plus this one. */
  readonly configuration: string;
  /** The AWS CLI command that applies it from `lifecycle.json`. */
  readonly command: string;
  /** Rules the bucket has now, kept in `configuration`; absent when they could not be read. */
  readonly existingRules?: number;
  /** An enabled rule already aborts incomplete uploads after this many days. */
  readonly alreadyAbortsAfter?: number;
  /** Why the current rules could not be read: applying the snippet would then replace them. */
  readonly readError?: AppError;
}
