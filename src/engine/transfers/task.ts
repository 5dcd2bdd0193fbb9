import type { S3Client } from '@aws-sdk/client-s3';
import type { TaskRecord } from '../../shared/engine/records';
import type { Verification } from '../../shared/models/transfer';
import type { Clock } from '../../shared/transfers/clock';
import type { RetryLog } from '../../shared/transfers/retry';

export type { ExistingTarget } from '../../shared/engine/protocol';

import type { ExistingTarget } from '../../shared/engine/protocol';

/** Where a task gets S3 clients: the engine's, built from the places and credentials main handed it. */
export interface S3Clients {
  forBucket(sessionId: string, bucket: string): Promise<S3Client>;
}

/** The settings a task reads each time it starts a file. */
export interface TransferTuning {
  readonly partSizeMiB: number;
  readonly partConcurrency: number;
}

export interface TaskDeps {
  readonly clients: S3Clients;
  readonly clock: Clock;
  readonly tuning: () => TransferTuning;
  /** Resolves once main's journal holds what this task did so far (see multipart-upload.ts). */
  readonly checkpoint?: () => Promise<void>;
}

/**
 * One file's transfer, on the engine's side of the line. A task keeps what it finished (parts,
 * ranges) across interrupted runs, so main can pause it, or park it while credentials are renewed,
 * and run it again.
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
  /** What resuming it needs (the journal's record); never a secret. */
  checkpoint(): TaskRecord;
  /** Why work done before was thrown away (the source changed, the upload vanished), if it was. */
  restartReason(): string | undefined;
  /**
   * Once done, what its bytes were checked against, or why they could not be (downloads; see
   * download-verdict.ts). Tasks without it finish with nothing to say.
   */
  verification?(): Verification | undefined;
}

/** The target came into being after the conflict check; main checks (and asks) again. */
export class TargetAppeared extends Error {
  constructor(target: string) {
    super(`${target} appeared while the transfer ran`);
    this.name = 'TargetAppeared';
  }
}

export const MiB = 1024 * 1024;
