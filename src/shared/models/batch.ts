import type { GeneratedStatement } from './access';
import type { AppError } from './errors';
import type { Settings } from './settings';

/**
 * S3 Batch Operations hand-off: a plan's copies written as a job manifest, the job's role and
 * policies generated for each account to apply, and the job followed until its completion
 * report is read. No secret and no local path appears here.
 */

/** The id of the proposal's statement that lets the job's session create the job (listed first). */
export const JOB_CREATOR_STATEMENT = 'job-creator';

/** Which side's account runs the job (owns its role, the manifest and the report). */
export type BatchJobSide = 'source' | 'target';

/**
 * Whether a copy is past the threshold the user set (Settings → Transfers; by default more than
 * 100,000 objects or 1 TiB), where S3 Batch Operations is offered.
 */
export function suggestsBatchOperations(
  objects: number,
  bytes: number,
  threshold: Pick<Settings, 'batchThresholdObjects' | 'batchThresholdGiB'>,
): boolean {
  return objects > threshold.batchThresholdObjects || bytes > threshold.batchThresholdGiB * 1024 ** 3;
}

export interface BatchManifestLocation {
  readonly bucket: string;
  readonly key: string;
  /** CreateJob names the manifest by its ETag, so a changed manifest is refused. */
  readonly etag: string;
}

/** A manifest written and the job's role and policies generated: what the user reviews before CreateJob. */
export interface BatchProposal {
  readonly proposalId: string;
  /** The account that runs the job. */
  readonly jobAccount: string;
  readonly jobSessionLabel: string;
  readonly roleName: string;
  readonly roleArn: string;
  readonly objects: number;
  readonly bytes: number;
  readonly manifest: BatchManifestLocation;
  /** Where the completion report goes: `s3://bucket/prefix`. */
  readonly report: { readonly bucket: string; readonly prefix: string };
  readonly target: { readonly bucket: string; readonly keyPrefix: string };
  /** What every copy carries besides the bytes (ACL, encryption, metadata, tags, storage class), one sentence each. */
  readonly carries: readonly string[];
  /** Trust policy, role permissions, bucket policies, KMS key statements: each names its account. */
  readonly statements: readonly GeneratedStatement[];
}

/** The job statuses S3 Control reports. */
export const batchJobStatuses = [
  'New',
  'Preparing',
  'Suspended',
  'Ready',
  'Active',
  'Pausing',
  'Paused',
  'Completing',
  'Complete',
  'Cancelling',
  'Cancelled',
  'Failing',
  'Failed',
] as const;
export type BatchJobStatus = (typeof batchJobStatuses)[number];

export const finishedBatchStatuses: readonly BatchJobStatus[] = ['Complete', 'Cancelled', 'Failed'];

/** One task of the job that failed, as the completion report lists it. */
export interface BatchFailedTask {
  readonly bucket: string;
  readonly key: string;
  readonly httpStatus: string;
  readonly code: string;
  readonly message: string;
}

/** What the user must do about failed tasks: the statements that would have allowed them. */
export interface BatchAccessHelp {
  readonly text: string;
  readonly statements: readonly GeneratedStatement[];
}

export interface BatchJobView {
  readonly jobId: string;
  readonly account: string;
  readonly region: string;
  /** The session label the job is followed with. */
  readonly sessionLabel: string;
  readonly description: string;
  readonly createdAt: string;
  /** Absent until DescribeJob answered once since the app started. */
  readonly status?: BatchJobStatus;
  readonly totals?: { readonly tasks: number; readonly succeeded: number; readonly failed: number };
  /** AWS's reasons for a failed job (a manifest it could not read, a role it could not assume). */
  readonly failureReasons: readonly string[];
  readonly report: { readonly bucket: string; readonly prefix: string };
  /** Where the job copies to: each source key under `keyPrefix`. */
  readonly target: { readonly bucket: string; readonly keyPrefix: string };
  /** Read from the completion report once the job finished; capped (see failedTasksTotal). */
  readonly failedTasks: readonly BatchFailedTask[];
  readonly failedTasksTotal: number;
  readonly accessHelp?: BatchAccessHelp;
  /** No open session of the job's account: following resumes once one is open again. */
  readonly waitingFor?: string;
  readonly statements: readonly GeneratedStatement[];
  readonly error?: AppError;
}
