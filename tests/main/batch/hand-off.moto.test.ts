// The S3 Batch Operations hand-off end to end, through the app's own request handlers: a pane's
// selection in account 111 handed to a job that account 222 runs. The generated role and
// policies, applied by each account's administrator, make the job succeed against the stand-in
// (every object copied byte for byte, the report read); without the source bucket policy the
// tasks fail and the job's row names account 111 and the statement it must apply; without
// iam:PassRole CreateJob is refused, and the access explainer hands account 222 the statement
// that lets the same job be created. A job that account 111 runs into 222's ACL bucket with a KMS
// key carries bucket-owner-full-control and the key, and keeps the tags (read back from moto).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteUserPolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  DeleteBucketPolicyCommand,
  GetBucketAclCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { AccessExplanation } from '../../../src/shared/models/access';
import type { BatchJobView, BatchProposal } from '../../../src/shared/models/batch';
import { generatedContent } from '../../support/aws-world';
import { batchAppForFile } from '../../support/batch-app';
import {
  applyStatements,
  BATCH_ACCOUNT,
  BATCH_BUCKET,
  BATCH_OBJECTS,
  BATCH_PROFILE,
  encryptWithOwnKey,
} from '../../support/batch-world';
import { allow, policy } from '../../support/policies';

const app = batchAppForFile();

const prepare = (targetPrefix: string, extra: Record<string, unknown> = {}) =>
  app.ok<BatchProposal>('batchPrepareSelection', {
    from: {
      sessionId: app.source,
      bucket: BATCH_BUCKET.source,
      prefix: 'exports/',
      keys: [],
      prefixes: ['exports/2026/'],
    },
    to: { sessionId: app.target, bucket: BATCH_BUCKET.target, prefix: targetPrefix },
    jobSide: 'target',
    manifestBucket: BATCH_BUCKET.ops,
    manifestPrefix: 'batch/',
    ...extra,
  });

const finishedView = (jobId: string): Promise<BatchJobView> => app.finishedView(jobId);

const text = async (bucket: string, key: string, account: string): Promise<Buffer> => {
  const out = await app.bw.world.s3For(account).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
};

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

const expected = (key: keyof typeof BATCH_OBJECTS): Buffer => {
  const spec = BATCH_OBJECTS[key];
  return typeof spec === 'string' ? Buffer.from(spec) : generatedContent(key, spec.size);
};

describe('S3 Batch Operations hand-off', () => {
  it('writes a URL-encoded manifest and statements each marked with the account that applies them', async () => {
    const proposal = await prepare('copy-a/');
    expect(proposal.objects).toBe(Object.keys(BATCH_OBJECTS).length);
    expect(proposal.jobAccount).toBe(BATCH_ACCOUNT.target);
    const manifest = (await text(BATCH_BUCKET.ops, proposal.manifest.key, BATCH_ACCOUNT.target)).toString(
      'utf8',
    );
    const lines = manifest.trimEnd().split('\n');
    // One line per object even for the key with a newline; a comma and a plus are encoded.
    expect(lines).toHaveLength(Object.keys(BATCH_OBJECTS).length);
    expect(lines).toContain(`${BATCH_BUCKET.source},exports/2026/report%2C%20final%2Bv2.csv`);
    const head = await app.bw.world
      .s3For(BATCH_ACCOUNT.target)
      .send(new HeadObjectCommand({ Bucket: BATCH_BUCKET.ops, Key: proposal.manifest.key }));
    expect(proposal.manifest.etag).toBe(head.ETag);
    const byId = Object.fromEntries(proposal.statements.map((s) => [s.id, s]));
    expect(byId['role-trust']?.account).toBe(BATCH_ACCOUNT.target);
    expect(byId['role-trust']?.json).toContain('batchoperations.s3.amazonaws.com');
    expect(byId['role-permissions']?.account).toBe(BATCH_ACCOUNT.target);
    expect(byId['source-bucket-policy']?.account).toBe(BATCH_ACCOUNT.source);
    expect(byId['source-bucket-policy']?.json).toContain(proposal.roleArn);
    // Main read that the bucket has no policy yet, so applying this one replaces nothing.
    expect(byId['source-bucket-policy']?.howToApply).toContain("the bucket's current policy plus this grant");
    // The target bucket is the job account's own: no bucket policy is asked of anyone for it.
    expect(byId['target-bucket-policy']).toBeUndefined();
  });

  it('runs to the end once the generated role and policies are applied: every object copied, byte for byte', async () => {
    const proposal = await prepare('copy-a/');
    await applyStatements(app.bw.world, proposal.roleName, proposal.statements);
    const created = await app.ok<BatchJobView>('batchCreateJob', {
      proposalId: proposal.proposalId,
      confirmationRequired: false,
    });
    const view = await finishedView(created.jobId);
    expect(view.status).toBe('Complete');
    expect(view.totals).toEqual({ tasks: proposal.objects, succeeded: proposal.objects, failed: 0 });
    for (const key of Object.keys(BATCH_OBJECTS) as (keyof typeof BATCH_OBJECTS)[]) {
      // Compared by digest: a deep equal of megabytes of bytes takes vitest most of a minute.
      expect(sha256(await text(BATCH_BUCKET.target, `copy-a/${key}`, BATCH_ACCOUNT.target))).toBe(
        sha256(expected(key)),
      );
    }
    const report = await app.bw.world
      .s3For(BATCH_ACCOUNT.target)
      .send(
        new ListObjectsV2Command({ Bucket: BATCH_BUCKET.ops, Prefix: `batch/reports/job-${created.jobId}/` }),
      );
    expect(report.Contents?.map((o) => o.Key)).toContain(`batch/reports/job-${created.jobId}/manifest.json`);
    // The same proposal again is the same job: ClientRequestToken makes CreateJob idempotent.
    const again = await app.ok<BatchJobView>('batchCreateJob', {
      proposalId: proposal.proposalId,
      confirmationRequired: false,
    });
    expect(again.jobId).toBe(created.jobId);
  });

  it('refuses CreateJob while the caller may not pass the role; the explainer’s statement for account 222 lets the job run', async () => {
    const proposal = await prepare('copy-p/');
    // The job account's administrator granted CreateJob but not PassRole: the most common refusal.
    const iam = app.bw.world.iamFor(BATCH_ACCOUNT.target);
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'archivist', PolicyName: 'job-creator' }));
    await applyStatements(app.bw.world, proposal.roleName, proposal.statements, [
      'role-trust',
      'job-creator',
    ]);
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'archivist',
        PolicyName: 'may-create-jobs',
        PolicyDocument: JSON.stringify(policy(allow('s3:CreateJob', '*'))),
      }),
    );
    const create = { proposalId: proposal.proposalId, confirmationRequired: false };
    const refused = await app.failed('batchCreateJob', create);
    expect(refused.code).toBe('access-denied');
    expect(refused.details?.aws).toMatch(
      `is not authorized to perform: iam:PassRole on resource: ${proposal.roleArn}`,
    );
    const jobsBefore = app.bw.standIn.jobs().length;

    const explanation = await app.ok<AccessExplanation>('explainAccess', {
      sessionId: app.target,
      denial: refused.access,
    });
    expect(explanation.findings.map((f) => [f.side, f.account])).toEqual([['caller', BATCH_ACCOUNT.target]]);
    const [statement] = explanation.findings[0]!.statements;
    expect(statement).toMatchObject({
      kind: 'identity-policy',
      account: BATCH_ACCOUNT.target,
      target: 'user archivist',
    });
    expect(JSON.parse(statement!.json).Statement).toEqual([
      expect.objectContaining({ Action: 's3:CreateJob', Resource: '*' }),
      expect.objectContaining({
        Action: 'iam:PassRole',
        Resource: proposal.roleArn,
        Condition: { StringEquals: { 'iam:PassedToService': 'batchoperations.s3.amazonaws.com' } },
      }),
    ]);
    // The same statement the proposal listed first, for the same account.
    expect(proposal.statements[0]).toMatchObject({
      id: 'job-creator',
      account: BATCH_ACCOUNT.target,
      json: statement!.json,
    });

    expect(app.bw.standIn.jobs()).toHaveLength(jobsBefore);
    await applyStatements(app.bw.world, proposal.roleName, [statement!]);
    const created = await app.ok<BatchJobView>('batchCreateJob', create);
    const view = await finishedView(created.jobId);
    expect(view.status).toBe('Complete');
    expect(view.totals?.succeeded).toBe(proposal.objects);
  });

  it('without the source bucket policy the tasks fail, and the row names account 111 and its statement', async () => {
    const proposal = await prepare('copy-b/');
    // The role exists from the run before; its permissions are this job's, the bucket policy is gone.
    await applyStatements(app.bw.world, proposal.roleName, proposal.statements, [
      'role-trust',
      'source-bucket-policy',
    ]);
    await app.bw.world
      .s3For(BATCH_ACCOUNT.source)
      .send(new DeleteBucketPolicyCommand({ Bucket: BATCH_BUCKET.source }));
    const created = await app.ok<BatchJobView>('batchCreateJob', {
      proposalId: proposal.proposalId,
      confirmationRequired: false,
    });
    const view = await finishedView(created.jobId);
    expect(view.status).toBe('Complete');
    expect(view.totals?.failed).toBe(proposal.objects);
    expect(view.failedTasks[0]?.code).toBe('AccessDenied');
    expect(view.accessHelp?.statements.map((s) => s.id)).toEqual(['source-bucket-policy']);
    expect(view.accessHelp?.text).toContain(
      `account ${BATCH_ACCOUNT.source} applies the policy of bucket ${BATCH_BUCKET.source}`,
    );
    const listed = await app.bw.world
      .s3For(BATCH_ACCOUNT.target)
      .send(new ListObjectsV2Command({ Bucket: BATCH_BUCKET.target, Prefix: 'copy-b/' }));
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  it('waits for confirmation when asked, and runs once confirmed', async () => {
    const proposal = await prepare('copy-c/');
    await applyStatements(app.bw.world, proposal.roleName, proposal.statements, ['role-trust']);
    const created = await app.ok<BatchJobView>('batchCreateJob', {
      proposalId: proposal.proposalId,
      confirmationRequired: true,
    });
    const suspended = (await app.ok<BatchJobView[]>('batchListJobs', {})).find(
      (j) => j.jobId === created.jobId,
    );
    expect(suspended?.status).toBe('Suspended');
    expect(app.bw.standIn.jobs().find((j) => j.spec.jobId === created.jobId)?.results).toHaveLength(0);
    const other = await app.ok<BatchJobView>('batchUpdateJob', { jobId: created.jobId, action: 'confirm' });
    expect(['Ready', 'Active', 'Complete']).toContain(other.status);
    const view = await finishedView(created.jobId);
    expect(view.status).toBe('Complete');
  });

  it('cancels a job that waits for confirmation: nothing is copied', async () => {
    const proposal = await prepare('copy-e/');
    const created = await app.ok<BatchJobView>('batchCreateJob', {
      proposalId: proposal.proposalId,
      confirmationRequired: true,
    });
    const cancelled = await app.ok<BatchJobView>('batchUpdateJob', {
      jobId: created.jobId,
      action: 'cancel',
    });
    expect(cancelled.status).toBe('Cancelled');
    expect(app.bw.standIn.jobs().find((j) => j.spec.jobId === created.jobId)?.results).toHaveLength(0);
    // A cancelled job cannot be confirmed any more: AWS's refusal reaches the caller.
    const refused = await app.failed('batchUpdateJob', { jobId: created.jobId, action: 'confirm' });
    expect(refused.message).toMatch(/Cancelled cannot become Ready/);
  });

  it('reaches S3 Control at the custom endpoint as it is, the account in x-amz-account-id', () => {
    const calls = app.bw.standIn.calls();
    expect(calls.map((c) => c.operation)).toEqual(
      expect.arrayContaining(['CreateJob', 'DescribeJob', 'UpdateJobStatus']),
    );
    const host = new URL(app.bw.standIn.endpoint).host;
    for (const c of calls) {
      expect(c.host).toBe(host);
      expect(c.account).toBe(BATCH_ACCOUNT.target);
    }
  });

  it('finds its jobs again after a restart and follows them once a session of the job’s account is open', async () => {
    const before = await app.ok<BatchJobView[]>('batchListJobs', {});
    expect(before.length).toBeGreaterThan(0);
    // What survives the restart: job ids, accounts, statements; never a key, a token or a secret.
    const file = join(app.home, 'batch-jobs.json');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(before[0]!.jobId);
    for (const secret of app.bw.world.secretsSeen()) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\b(?:ASIA|AKIA)[A-Z0-9]{12,}/);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    await app.restart();
    const waiting = await app.ok<BatchJobView[]>('batchListJobs', {});
    expect(waiting.map((j) => j.jobId)).toEqual(before.map((j) => j.jobId));
    // Finished jobs keep what was learnt; none needs a session to be shown.
    expect(waiting.map((j) => j.status)).toEqual(before.map((j) => j.status));
    await app.openSessions();
    // A job created now, then the app restarted before it was confirmed: it waits for its session.
    const proposal = await prepare('copy-d/');
    await applyStatements(app.bw.world, proposal.roleName, proposal.statements, ['role-trust']);
    const created = await app.ok<BatchJobView>('batchCreateJob', {
      proposalId: proposal.proposalId,
      confirmationRequired: true,
    });
    await app.restart();
    const parked = (await app.ok<BatchJobView[]>('batchListJobs', {})).find((j) => j.jobId === created.jobId);
    expect(parked?.waitingFor).toBe(BATCH_PROFILE.target);
    await app.openSessions();
    await app.ok('batchUpdateJob', { jobId: created.jobId, action: 'confirm' });
    const view = await finishedView(created.jobId);
    expect(view.status).toBe('Complete');
    expect(view.waitingFor).toBeUndefined();
    expect(view.totals?.succeeded).toBe(proposal.objects);
  });

  it('copies into another account’s ACL bucket with its KMS key when the source account runs the job: owner full control, the key, the tags kept', async () => {
    const keyArn = await encryptWithOwnKey(app.bw.world, BATCH_ACCOUNT.target, BATCH_BUCKET.vault);
    const key = 'exports/2026/naïve résumé.txt';
    await app.bw.world.s3For(BATCH_ACCOUNT.source).send(
      new PutObjectTaggingCommand({
        Bucket: BATCH_BUCKET.source,
        Key: key,
        Tagging: { TagSet: [{ Key: 'team', Value: 'exports' }] },
      }),
    );
    const proposal = await prepare('kept/', {
      to: { sessionId: app.target, bucket: BATCH_BUCKET.vault, prefix: 'kept/' },
      jobSide: 'source',
      manifestBucket: BATCH_BUCKET.exportOps,
    });
    expect(proposal.carries).toEqual([
      'Copies give the target’s owner full control (bucket-owner-full-control): its bucket still uses ACLs.',
      `Copies are encrypted with the target’s KMS key ${keyArn} (with an S3 Bucket Key).`,
      'User metadata and content headers are kept; tags are kept; storage class is kept.',
    ]);
    const targetPolicy = proposal.statements.find((s) => s.id === 'target-bucket-policy');
    expect(JSON.parse(targetPolicy!.json).Statement[0].Action).toEqual([
      's3:PutObject',
      's3:PutObjectAcl',
      's3:PutObjectTagging',
    ]);
    await applyStatements(app.bw.world, proposal.roleName, proposal.statements);
    const created = await app.ok<BatchJobView>('batchCreateJob', {
      proposalId: proposal.proposalId,
      confirmationRequired: false,
    });
    const view = await finishedView(created.jobId);
    expect(view.totals).toMatchObject({ succeeded: proposal.objects, failed: 0 });

    const vault = app.bw.world.s3For(BATCH_ACCOUNT.target);
    const copied = `kept/${key}`;
    const head = await vault.send(new HeadObjectCommand({ Bucket: BATCH_BUCKET.vault, Key: copied }));
    expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn });
    // moto 5.2.1 files the tags a write from another account sets under the writer's account.
    const tags = await app.bw.world
      .s3For(BATCH_ACCOUNT.source)
      .send(new GetObjectTaggingCommand({ Bucket: BATCH_BUCKET.vault, Key: copied }));
    expect(tags.TagSet).toEqual([{ Key: 'team', Value: 'exports' }]);
    const owner = (await vault.send(new GetBucketAclCommand({ Bucket: BATCH_BUCKET.vault }))).Owner?.ID;
    const acl = await vault.send(new GetObjectAclCommand({ Bucket: BATCH_BUCKET.vault, Key: copied }));
    expect(acl.Grants).toContainEqual(
      expect.objectContaining({
        Grantee: expect.objectContaining({ ID: owner }),
        Permission: 'FULL_CONTROL',
      }),
    );
  });

  it('refuses plans one job cannot run, before anything is written', async () => {
    const self = await app.failed('batchPrepareSelection', {
      from: {
        sessionId: app.source,
        bucket: BATCH_BUCKET.source,
        prefix: 'exports/',
        keys: [],
        prefixes: ['exports/2026/'],
      },
      to: { sessionId: app.source, bucket: BATCH_BUCKET.source, prefix: 'exports/copy/' },
      jobSide: 'source',
      manifestBucket: BATCH_BUCKET.source,
      manifestPrefix: 'batch/',
    });
    expect(self.message).toMatch(/inside the source folder/);
    const foreign = await app.failed('batchPrepareSelection', {
      from: {
        sessionId: app.source,
        bucket: BATCH_BUCKET.source,
        prefix: 'exports/',
        keys: [],
        prefixes: ['exports/2026/'],
      },
      to: { sessionId: app.target, bucket: BATCH_BUCKET.target, prefix: 'x/' },
      jobSide: 'target',
      manifestBucket: BATCH_BUCKET.source,
      manifestPrefix: 'batch/',
    });
    expect(foreign.message).toMatch(/cannot use s3:\/\/exports-111-data for the job/);
    expect(foreign.hints?.[0]).toContain(BATCH_ACCOUNT.target);
  });
});
