// A compare-and-sync plan handed to S3 Batch Operations, through the app's own request handlers:
// account 111's `exports/` compared with account 222's `mirror/exports/`, the plan's copies
// written as the manifest (its rows are exactly the plan's copies), the generated statements
// applied, the job run by the stand-in, and a compare afterwards finds nothing left to copy.
// Plans one copy job cannot express (renamed keys, deletes) are refused before anything is written.

import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { encodeManifestKey } from '../../../src/main/batch/manifest';
import type { BatchJobView, BatchProposal } from '../../../src/shared/models/batch';
import type { SyncPlanSummary } from '../../../src/shared/models/compare';
import { batchAppForFile } from '../../support/batch-app';
import {
  applyStatements,
  BATCH_ACCOUNT,
  BATCH_BUCKET,
  BATCH_OBJECTS,
  encryptWithOwnKey,
} from '../../support/batch-world';

const app = batchAppForFile();

const archive = () => app.bw.world.s3For(BATCH_ACCOUNT.target);
const opsKeys = async (): Promise<string[]> =>
  (
    (await archive().send(new ListObjectsV2Command({ Bucket: BATCH_BUCKET.ops, Prefix: 'plans/' })))
      .Contents ?? []
  ).map((o) => o.Key!);

/** Compares account 111's `exports/` with `targetPrefix` in account 222, then plans a sync. */
async function plan(
  targetPrefix: string,
  deleteExtra = false,
  storageClass?: string,
  carry: { metadata?: 'keep' | 'drop'; tags?: 'keep' | 'drop' } = {},
  targetBucket: string = BATCH_BUCKET.target,
): Promise<SyncPlanSummary> {
  const { compareId } = await app.ok<{ compareId: string }>('startCompare', {
    left: { kind: 's3', sessionId: app.source, bucket: BATCH_BUCKET.source, prefix: 'exports/' },
    right: { kind: 's3', sessionId: app.target, bucket: targetBucket, prefix: targetPrefix },
    mode: 'content',
  });
  // The compare streams in the background: plan once it has finished.
  for (;;) {
    const result = await app.call('planSync', {
      compareId,
      deleteExtra,
      overwriteUndecided: false,
      ...(storageClass && { storageClass }),
      ...carry,
    });
    if (result.ok) return result.value as SyncPlanSummary;
    if (!result.error.message.includes('still running')) throw new Error(result.error.message);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Source objects that carry a tag, which a plan that drops tags must not copy. */
const tagged = ['exports/2026/naïve résumé.txt', 'exports/2026/large.bin'];

const handOff = (planId: string) => ({
  planId,
  jobSide: 'target',
  manifestBucket: BATCH_BUCKET.ops,
  manifestPrefix: 'plans/',
});

describe('a sync plan handed to S3 Batch Operations', () => {
  it('refuses a plan whose target keys are renamed, saying which target folder works, and writes nothing', async () => {
    const renamed = await plan('renamed/');
    expect(renamed.copy).toBeGreaterThan(0);
    const error = await app.failed('handToBatchOperations', handOff(renamed.planId));
    expect(error.message).toContain('cannot copy "exports/" into "renamed/"');
    expect(error.message).toContain(`s3://${BATCH_BUCKET.target}/renamed/exports/…`);
    expect(error.hints?.join(' ')).toContain(`s3://${BATCH_BUCKET.target}/renamed/exports/`);
    expect(await opsKeys()).toEqual([]);
  });

  it('refuses a plan with deletes: a copy job only copies', async () => {
    await archive().send(
      new PutObjectCommand({ Bucket: BATCH_BUCKET.target, Key: 'mirror/exports/stale.txt', Body: 'old' }),
    );
    const withDeletes = await plan('mirror/exports/', true);
    expect(withDeletes.delete).toBe(1);
    const error = await app.failed('handToBatchOperations', handOff(withDeletes.planId));
    expect(error.message).toContain('also deletes 1 object');
    expect(await opsKeys()).toEqual([]);
  });

  it('refuses a plan that drops metadata: one copy job would give every object the same content headers', async () => {
    const dropped = await plan('mirror/exports/', false, undefined, { metadata: 'drop' });
    expect(dropped.copy).toBeGreaterThan(0);
    const error = await app.failed('handToBatchOperations', handOff(dropped.planId));
    expect(error.message).toContain('drops the source’s user metadata');
    expect(error.message).toContain('replaces all metadata with one set for every object');
    expect(await opsKeys()).toEqual([]);
  });

  it('writes a manifest whose rows are the plan’s copies, and the job makes the target match', async () => {
    const copies = await plan('mirror/exports/');
    const leftOut = new Set(copies.leftOut.map((l) => `exports/${l.key}`));
    const planned = Object.keys(BATCH_OBJECTS).filter((k) => !leftOut.has(k));
    expect(copies.copy + copies.overwrite).toBe(planned.length);

    const proposal = await app.ok<BatchProposal>('handToBatchOperations', handOff(copies.planId));
    expect(proposal.objects).toBe(planned.length);
    expect(proposal.target).toEqual({ bucket: BATCH_BUCKET.target, keyPrefix: 'mirror/' });
    const manifest = await archive().send(
      new GetObjectCommand({ Bucket: BATCH_BUCKET.ops, Key: proposal.manifest.key }),
    );
    const rows = (await manifest.Body!.transformToString()).trimEnd().split('\n');
    expect(rows.sort()).toEqual(planned.map((k) => `${BATCH_BUCKET.source},${encodeManifestKey(k)}`).sort());

    await applyStatements(app.bw.world, proposal.roleName, proposal.statements);
    const created = await app.ok<BatchJobView>('batchCreateJob', {
      proposalId: proposal.proposalId,
      confirmationRequired: false,
    });
    await app.bw.standIn.settled(created.jobId);
    // The job wrote each object where the plan meant it: comparing again leaves nothing to copy.
    const after = await plan('mirror/exports/');
    expect(after.copy + after.overwrite).toBe(0);
  });

  it('carries the plan’s care when account 111 runs the job into 222’s KMS bucket: the key, no tags, the storage class; without the key’s statement the tasks fail naming account 222', async () => {
    const keyArn = await encryptWithOwnKey(app.bw.world, BATCH_ACCOUNT.target, BATCH_BUCKET.vault);
    const exporter = app.bw.world.s3For(BATCH_ACCOUNT.source);
    for (const Key of tagged)
      await exporter.send(
        new PutObjectTaggingCommand({
          Bucket: BATCH_BUCKET.source,
          Key,
          Tagging: { TagSet: [{ Key: 'team', Value: 'exports' }] },
        }),
      );
    const toVault = () => plan('exports/', false, 'STANDARD_IA', { tags: 'drop' }, BATCH_BUCKET.vault);
    const byExporter = (planId: string) => ({
      planId,
      jobSide: 'source',
      manifestBucket: BATCH_BUCKET.exportOps,
      manifestPrefix: 'plans/',
    });

    const first = await app.ok<BatchProposal>('handToBatchOperations', byExporter((await toVault()).planId));
    expect(first.jobAccount).toBe(BATCH_ACCOUNT.source);
    expect(first.carries).toEqual([
      'Copies give the target’s owner full control (bucket-owner-full-control): its bucket still uses ACLs.',
      `Copies are encrypted with the target’s KMS key ${keyArn} (with an S3 Bucket Key).`,
      'User metadata and content headers are kept; tags are dropped; storage class becomes STANDARD_IA.',
    ]);
    const byId = new Map(first.statements.map((s) => [s.id, s]));
    expect(byId.get('target-kms-key')).toMatchObject({ account: BATCH_ACCOUNT.target });
    expect(JSON.parse(byId.get('target-kms-key')!.json).Action).toContain('kms:GenerateDataKey');
    // Dropped tags: the role neither reads nor writes any; the ACL needs s3:PutObjectAcl from 222.
    const targetPolicy = JSON.parse(byId.get('target-bucket-policy')!.json).Statement;
    expect(JSON.stringify(targetPolicy)).toContain('s3:PutObjectAcl');
    expect(JSON.stringify(first.statements.map((s) => s.json))).not.toContain('Tagging');

    await applyStatements(app.bw.world, first.roleName, first.statements, ['target-kms-key']);
    const refused = await app.ok<BatchJobView>('batchCreateJob', {
      proposalId: first.proposalId,
      confirmationRequired: false,
    });
    const failedView = await app.finishedView(refused.jobId);
    expect(failedView.totals?.failed).toBe(first.objects);
    expect(failedView.failedTasks[0]?.message).toContain(`kms:GenerateDataKey on resource: "${keyArn}"`);
    expect(failedView.accessHelp?.statements.map((s) => s.id)).toEqual(['target-kms-key']);
    expect(failedView.accessHelp?.text).toContain(
      `account ${BATCH_ACCOUNT.target} applies the policy of KMS key ${keyArn.split('/').pop()}`,
    );

    await applyStatements(
      app.bw.world,
      first.roleName,
      first.statements.filter((s) => s.id === 'target-kms-key'),
    );
    const second = await app.ok<BatchProposal>('handToBatchOperations', byExporter((await toVault()).planId));
    const created = await app.ok<BatchJobView>('batchCreateJob', {
      proposalId: second.proposalId,
      confirmationRequired: false,
    });
    const done = await app.finishedView(created.jobId);
    expect(done.totals).toMatchObject({ succeeded: second.objects, failed: 0 });
    expect(app.bw.standIn.jobs().find((j) => j.spec.jobId === created.jobId)?.spec.copy).toMatchObject({
      acl: 'bucket-owner-full-control',
      kmsKeyId: keyArn,
      bucketKeyEnabled: true,
      tags: [],
      storageClass: 'STANDARD_IA',
    });
    // Read back from moto: the key, the class, and no tags.
    const vault = archive();
    for (const Key of tagged) {
      const head = await vault.send(new HeadObjectCommand({ Bucket: BATCH_BUCKET.vault, Key }));
      expect(head).toMatchObject({
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: keyArn,
        StorageClass: 'STANDARD_IA',
      });
      // moto 5.2.1 files the tags a write from another account sets under the writer's account (111).
      const tags = await exporter.send(new GetObjectTaggingCommand({ Bucket: BATCH_BUCKET.vault, Key }));
      expect(tags.TagSet ?? []).toEqual([]);
    }
    expect((await plan('exports/', false, undefined, {}, BATCH_BUCKET.vault)).copy).toBe(0);
  });
});
