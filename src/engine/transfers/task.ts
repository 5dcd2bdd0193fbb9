import type { S3Client } from '@aws-sdk/client-s3';
import type { TransferTaskOf } from '../../shared/engine/task';
import type { Clock } from '../../shared/transfers/clock';
import type { RetryLog } from '../../shared/transfers/retry';

export type { ExistingTarget } from '../../shared/engine/protocol';

/** Where a task gets S3 clients: the engine's, built from the places and credentials main handed it. */
export interface S3Clients {
  forBucket(sessionId: string, bucket: string): Promise<S3Client>;
}

/** The settings a task reads each time it starts a file. */
export interface TransferTuning {
  readonly partSizeMiB: number;
  readonly partConcurrency: number;
  /** Server-side copies above this size go part by part (see server-copy.ts); absent: 5 GiB. */
  readonly copyPartMiB?: number;
}

export interface TaskDeps {
  readonly clients: S3Clients;
  readonly clock: Clock;
  readonly tuning: () => TransferTuning;
  /** Resolves once main's journal holds what this task did so far (see multipart-upload.ts). */
  readonly checkpoint?: () => Promise<void>;
}

/** One file's transfer, on the engine's side of the line (see shared/engine/task.ts). */
export type TransferTask = TransferTaskOf<RetryLog>;

export { MiB, TargetAppeared } from '../../shared/engine/task';
