import type { S3Client } from '@aws-sdk/client-s3';
import type { ExistingTarget } from '../../shared/engine/protocol';
import type { TaskRecord } from '../../shared/engine/records';
import type { RetryNotice, Verification } from '../../shared/models/transfer';

export type { ExistingTarget };

/** Where main gets S3 clients (listing a selection, aborting what a cancelled item left). */
export interface S3Clients {
  forBucket(sessionId: string, bucket: string): Promise<S3Client>;
  /** The region `forBucket` would use: what the engine is told to reach the bucket in. */
  regionOf(sessionId: string, bucket: string): string;
}

/** The settings the queue reads, each time it starts a file. */
export interface TransferTuning {
  readonly parallelFiles: number;
  readonly partSizeMiB: number;
  readonly partConcurrency: number;
}

/**
 * One file's transfer as the queue drives it (engine-link/proxy-task.ts: the engine process does
 * the work). A task keeps what it finished (parts, ranges) across interrupted runs, so the queue
 * can pause it, or park it while credentials are renewed, and run it again.
 */
export interface TransferTask {
  readonly source: string;
  /** The retry under way, and how many the task needed in all, for the transfer row. */
  readonly retries: { current(): RetryNotice | undefined; used(): number };
  /** The target for display; changes when "keep both" picks another name. */
  target(): string;
  bytesTotal(): number;
  /** Bytes finished plus those of parts in flight; in-flight bytes are dropped when a run is interrupted. */
  bytesDone(): number;
  /** Undefined when nothing would be replaced (or replacing cannot matter, as for folder markers). */
  findExisting(signal: AbortSignal): Promise<ExistingTarget | undefined>;
  /** Moves the target to the next free `name (n).ext`. */
  keepBoth(signal: AbortSignal): Promise<void>;
  /**
   * `mayReplace`: the user chose to overwrite. Without it a task whose target appeared after
   * `findExisting` throws `TargetAppeared` rather than replace it.
   */
  run(signal: AbortSignal, mayReplace: boolean): Promise<void>;
  /** Frees what an unfinished run left behind: a multipart upload, a temporary file. */
  discard(): Promise<void>;
  /** What resuming it after a restart needs (the journal's record); never a secret. */
  checkpoint(): TaskRecord;
  /** Why work done before was thrown away (the source changed, the upload vanished), if it was. */
  restartReason(): string | undefined;
  /**
   * Once done, what its bytes were checked against, or why they could not be (downloads; see
   * download-verdict.ts). Tasks without it finish with nothing to say.
   */
  verification?(): Verification | undefined;
}

/** The target came into being after the conflict check; the queue checks (and asks) again. */
export class TargetAppeared extends Error {
  constructor(target: string) {
    super(`${target} appeared while the transfer ran`);
    this.name = 'TargetAppeared';
  }
}

export const MiB = 1024 * 1024;
