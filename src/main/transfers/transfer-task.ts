import type { S3Client } from '@aws-sdk/client-s3';
import type { ExistingTarget } from '../../shared/engine/protocol';
import type { TransferTaskOf } from '../../shared/engine/task';
import type { RetryNotice } from '../../shared/models/transfer';

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
  /** Server-side copies above this size go part by part; absent: CopyObject's 5 GiB limit. */
  readonly copyPartMiB?: number;
}

/** One file's transfer as the queue drives it (engine-link/proxy-task.ts: the engine process does the work). */
export type TransferTask = TransferTaskOf<{ current(): RetryNotice | undefined; used(): number }>;

export { MiB, TargetAppeared } from '../../shared/engine/task';
