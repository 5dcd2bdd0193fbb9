import { randomUUID } from 'node:crypto';
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateJobCommand,
  type JobManifestFieldName,
  type S3ControlClient,
  type S3CopyObjectOperation,
} from '@aws-sdk/client-s3-control';
import { AppFailure, fail } from '../../shared/errors/app-error';
import { toAppError } from '../../shared/errors/to-app-error';
import type { BatchJobSide, BatchJobView, BatchProposal } from '../../shared/models/batch';
import type { CopyPlanItem, CopyPlanSides } from '../../shared/models/copy-plan';
import type { SessionState } from '../../shared/models/session';
import { parsePolicy } from '../access/policy-document';
import { principalOf } from '../access/principals';
import { aclsInUse as readAclsInUse } from '../s3/acls-in-use';
import { bucketArn, objectArn } from '../s3/arns';
import type { S3ClientPool } from '../s3/client-pool';
import { expandSelection, type Selection } from '../s3/selection';
import type { SessionAccess } from '../sessions/session-access';
import { type CopyChoices, careSentences, copyOperation, type JobCopyCare } from './copy-operation';
import { type JobBucket, jobPassedRole, jobRoleName, jobStatements } from './job-policies';
import type { JobTracker } from './job-tracker';
import { type ManifestShape, manifestLines, refuseSelfCopy, writeManifest } from './manifest';

/** The user's choices for a hand-off: which account runs the job, where its manifest and report go. */
export interface HandOffChoices {
  readonly jobSide: BatchJobSide;
  /** A bucket of the job's account; the manifest goes under `prefix`, the report under `prefix` + `reports`. */
  readonly manifestBucket: string;
  readonly manifestPrefix: string;
}

export interface BatchServiceDeps {
  readonly pool: S3ClientPool;
  readonly sessions: SessionAccess & { state(sessionId: string): SessionState };
  readonly tracker: JobTracker;
  readonly control: (sessionId: string, region: string) => S3ControlClient;
}

interface Prepared {
  readonly proposal: BatchProposal;
  readonly sessionId: string;
  readonly sessionSource: string;
  readonly region: string;
  readonly shape: ManifestShape;
  readonly operation: S3CopyObjectOperation;
}

/** Manifests are named `<prefix>crossbucket-batch-<time>-<id>.csv`; the role may read those. */
const MANIFEST_NAME = 'crossbucket-batch-';

/** Proposals waiting for CreateJob; older ones are forgotten (their manifest stays in S3). */
const KEPT_PROPOSALS = 20;

/**
 * Hands a copy plan to S3 Batch Operations: writes the manifest, generates the job's role and
 * policies (the user applies them: Crossbucket changes no IAM or bucket policy), then creates
 * the job and hands it to the tracker, which follows it in the transfers panel.
 */
export class BatchService {
  readonly #deps: BatchServiceDeps;
  readonly #prepared = new Map<string, Prepared>();

  constructor(deps: BatchServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Writes the plan's manifest and generates the job's statements. `items` may be a stream
   * (compare and sync plans of millions of objects): it is read once, straight into S3. `copy`:
   * what the copies keep besides the bytes (a selection keeps everything).
   */
  async handToBatchOperations(
    sides: CopyPlanSides,
    items: AsyncIterable<CopyPlanItem> | Iterable<CopyPlanItem>,
    choices: HandOffChoices,
    copy: CopyChoices = { tags: 'keep' },
  ): Promise<BatchProposal> {
    refuseSelfCopy(sides, sides.target.prefix);
    const job = sides[choices.jobSide];
    const jobState = this.#openState(job.sessionId);
    const jobAccount = jobState.identity!.account;
    const sourceOwner = this.#openState(sides.source.sessionId).identity!.account;
    const targetOwner = this.#openState(sides.target.sessionId).identity!.account;
    const { pool } = this.#deps;

    // The manifest bucket must be the job account's own: the role reads it, S3 Control finds it by ETag.
    await pool
      .withBucket(job.sessionId, choices.manifestBucket, (c) =>
        c.send(new HeadBucketCommand({ Bucket: choices.manifestBucket, ExpectedBucketOwner: jobAccount })),
      )
      .catch((err: unknown) =>
        fail('validation', `Crossbucket cannot use s3://${choices.manifestBucket} for the job’s manifest.`, {
          details: { reason: toAppError(err).message },
          hints: [
            `Pick a bucket of account ${jobAccount} (the account that runs the job) that this session may write to.`,
          ],
        }),
      );
    const region = pool.regionOf(job.sessionId, choices.manifestBucket);
    const proposalId = randomUUID();
    const manifestKey = `${choices.manifestPrefix}${MANIFEST_NAME}${new Date().toISOString().replace(/[:.]/g, '-')}-${proposalId.slice(0, 8)}.csv`;
    const shape: ManifestShape = { objects: 0, bytes: 0, withVersions: false, targetKeyPrefix: '' };
    const client = await pool.forBucket(job.sessionId, choices.manifestBucket);
    const etag = await writeManifest(
      client,
      { bucket: choices.manifestBucket, key: manifestKey, expectedOwner: jobAccount },
      manifestLines(items, sides, shape),
    );

    const roleName = jobRoleName(sides.source.bucket, sides.target.bucket);
    const roleArn = `arn:aws:iam::${jobAccount}:role/${roleName}`;
    const report = { bucket: choices.manifestBucket, prefix: `${choices.manifestPrefix}reports` };
    const [source, target] = await Promise.all([
      this.#bucketFacts(sides.source.sessionId, sides.source.bucket, sourceOwner),
      this.#bucketFacts(sides.target.sessionId, sides.target.bucket, targetOwner),
    ]);
    // As the sync flows do (sync-care.ts): an ACL only for a writer of another account.
    const care: JobCopyCare = {
      ...copy,
      ownerFullControl: target.aclsInUse === true && targetOwner !== jobAccount,
      ...(target.kmsKeyArn && { kmsKeyArn: target.kmsKeyArn }),
      ...(target.bucketKeyEnabled !== undefined && { bucketKeyEnabled: target.bucketKeyEnabled }),
    };
    const statements = jobStatements({
      creator: principalOf(jobState.identity!.arn),
      roleArn,
      region,
      source: { ...source, prefix: sides.source.prefix, withVersions: shape.withVersions },
      target: { ...target, keyPrefix: shape.targetKeyPrefix },
      // Every manifest Crossbucket writes there, so a second job of the same role keeps working.
      manifest: { bucket: choices.manifestBucket, key: `${choices.manifestPrefix}${MANIFEST_NAME}*` },
      report,
      care,
    });
    const proposal: BatchProposal = {
      proposalId,
      jobAccount,
      jobSessionLabel: jobState.label,
      roleName,
      roleArn,
      objects: shape.objects,
      bytes: shape.bytes,
      manifest: { bucket: choices.manifestBucket, key: manifestKey, etag },
      report,
      target: { bucket: sides.target.bucket, keyPrefix: shape.targetKeyPrefix },
      carries: careSentences(care),
      statements,
    };
    this.#keep({
      proposal,
      sessionId: job.sessionId,
      sessionSource: jobState.source,
      region,
      shape,
      operation: copyOperation(proposal.target, care),
    });
    return proposal;
  }

  /**
   * A pane's selection copied to the other pane's folder, as Batch Operations copies: each key
   * whole under the target folder (`photos/a.jpg` into `backup/` is `backup/photos/a.jpg`).
   */
  prepareSelection(
    from: Selection & { readonly prefix: string },
    to: { readonly sessionId: string; readonly bucket: string; readonly prefix: string },
    choices: HandOffChoices,
  ): Promise<BatchProposal> {
    const sides: CopyPlanSides = {
      source: { sessionId: from.sessionId, bucket: from.bucket, prefix: from.prefix },
      target: to,
    };
    return this.handToBatchOperations(sides, this.#selectionItems(from, to), choices);
  }

  /** CreateJob for a prepared proposal; the proposal id is the idempotency token, so a retry makes no second job. */
  async createJob(proposalId: string, confirmationRequired: boolean): Promise<BatchJobView> {
    const prepared =
      this.#prepared.get(proposalId) ??
      fail('not-found', 'That Batch Operations proposal is no longer available.', {
        hints: ['Prepare the job again: Crossbucket writes a new manifest.'],
      });
    const { proposal, sessionId, region, shape, operation } = prepared;
    const fields: JobManifestFieldName[] = shape.withVersions
      ? ['Bucket', 'Key', 'VersionId']
      : ['Bucket', 'Key'];
    const description = `Crossbucket copy of ${proposal.objects} objects to s3://${proposal.target.bucket}/${proposal.target.keyPrefix}`;
    const request = new CreateJobCommand({
      AccountId: proposal.jobAccount,
      ConfirmationRequired: confirmationRequired,
      ClientRequestToken: proposalId,
      Description: description.slice(0, 256),
      Priority: 10,
      RoleArn: proposal.roleArn,
      Operation: { S3PutObjectCopy: operation },
      Manifest: {
        Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: fields },
        Location: {
          ObjectArn: objectArn(proposal.manifest.bucket, proposal.manifest.key),
          ETag: proposal.manifest.etag,
        },
      },
      Report: {
        Enabled: true,
        Bucket: bucketArn(proposal.report.bucket),
        Prefix: proposal.report.prefix,
        Format: 'Report_CSV_20180820',
        ReportScope: 'AllTasks',
        ExpectedBucketOwner: proposal.jobAccount,
      },
    });
    const out = await this.#deps
      .control(sessionId, region)
      .send(request)
      .catch((err: unknown) => {
        // A refusal names the role passed, so the explanation grants both actions CreateJob needs.
        const error = toAppError(err, {
          action: 's3:CreateJob',
          passedRole: jobPassedRole(proposal.roleArn),
        });
        throw new AppFailure(error.code, error.message, error);
      });
    const jobId = out.JobId ?? fail('internal', 'S3 Control created the job but returned no job id.');
    return this.#deps.tracker.add({
      sessionSource: prepared.sessionSource,
      view: {
        jobId,
        account: proposal.jobAccount,
        region,
        sessionLabel: proposal.jobSessionLabel,
        description,
        createdAt: new Date().toISOString(),
        failureReasons: [],
        report: proposal.report,
        target: proposal.target,
        failedTasks: [],
        failedTasksTotal: 0,
        statements: proposal.statements,
      },
    });
  }

  #openState(sessionId: string): SessionState {
    const state = this.#deps.sessions.state(sessionId);
    if (!state.identity || (state.status !== 'active' && state.status !== 'expiring')) {
      fail('token-expired', `The session "${state.label}" is not open.`, {
        hints: ['Renew the session first.'],
      });
    }
    return state;
  }

  async *#selectionItems(
    from: Selection,
    to: { readonly bucket: string; readonly prefix: string },
  ): AsyncGenerator<CopyPlanItem> {
    const client = await this.#deps.pool.forBucket(from.sessionId, from.bucket);
    for await (const object of expandSelection(client, from)) {
      const size =
        object.size ??
        (await client.send(new HeadObjectCommand({ Bucket: from.bucket, Key: object.key }))).ContentLength ??
        0;
      yield {
        sourceBucket: from.bucket,
        sourceKey: object.key,
        targetBucket: to.bucket,
        targetKey: `${to.prefix}${object.key}`,
        size,
      };
    }
  }

  /** The bucket's policy, default KMS key and ACL regime, as far as its owner's session may read them. */
  async #bucketFacts(sessionId: string, bucket: string, owner: string): Promise<JobBucket> {
    const withBucket = <T>(fn: (c: S3Client) => Promise<T>) =>
      this.#deps.pool.withBucket(sessionId, bucket, fn).catch(() => undefined);
    const [policy, encryption, aclsInUse] = await Promise.all([
      this.#deps.pool
        .withBucket(sessionId, bucket, (c) =>
          c.send(new GetBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: owner })),
        )
        // No policy yet is a fact too: the generated one is then the whole policy, nothing to merge.
        .catch((err: unknown) =>
          (err as { name?: string } | null)?.name === 'NoSuchBucketPolicy'
            ? { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }
            : undefined,
        ),
      withBucket((c) =>
        c.send(new GetBucketEncryptionCommand({ Bucket: bucket, ExpectedBucketOwner: owner })),
      ),
      readAclsInUse(this.#deps.pool, sessionId, bucket, owner),
    ]);
    const rule = encryption?.ServerSideEncryptionConfiguration?.Rules?.find((r) =>
      r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm?.startsWith('aws:kms'),
    );
    const keyId = rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID;
    const parsed = parsePolicy(policy?.Policy);
    return {
      bucket,
      owner,
      aclsInUse,
      ...(rule?.BucketKeyEnabled !== undefined && { bucketKeyEnabled: rule.BucketKeyEnabled }),
      ...(parsed ? { policy: parsed } : {}),
      // A key named by alias or bare id lives in the owner's account; a key policy needs its ARN.
      ...(keyId
        ? {
            kmsKeyArn: keyId.startsWith('arn:')
              ? keyId
              : `arn:aws:kms:${this.#deps.pool.regionOf(sessionId, bucket)}:${owner}:key/${keyId}`,
          }
        : {}),
    };
  }

  #keep(prepared: Prepared): void {
    this.#prepared.set(prepared.proposal.proposalId, prepared);
    while (this.#prepared.size > KEPT_PROPOSALS) {
      const oldest = this.#prepared.keys().next().value;
      if (oldest === undefined) break;
      this.#prepared.delete(oldest);
    }
  }
}
