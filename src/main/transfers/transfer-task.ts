import type { S3Client } from '@aws-sdk/client-s3';
import type { TaskRecord } from './journal/records';
import type { RetryLog } from '../../shared/transfers/retry';

/** Where the queue gets S3 clients: region-aware, credentials pulled per request from the session. */
export interface S3Clients {
  forBucket(sessionId: string, bucket: string): Promise<S3Client>;
}

/** The settings the transfer engine reads, each time it starts a file. */
export interface TransferTuning {
  readonly parallelFiles: number;
  readonly partSizeMiB: number;
  readonly partConcurrency: number;
}

/** What already sits where a transfer would write. */
export interface ExistingTarget {
  readonly name: string;
  readonly size?: number;
  readonly modified?: string;
}

/**
 * One file's transfer. A task keeps what it finished (parts, ranges) across interrupted runs,
 * so the queue can pause it, or park it while credentials are renewed, and run it again.
 */
export interface TransferTask {
  readonly source: string;
  /** Every retry the task's requests needed, for the transfer row. */
  readonly retries: RetryLog;
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
}

/** The target came into being after the conflict check; the queue checks (and asks) again. */
export class TargetAppeared extends Error {
  constructor(target: string) {
    super(`${target} appeared while the transfer ran`);
    this.name = 'TargetAppeared';
  }
}

export const MiB = 1024 * 1024;
