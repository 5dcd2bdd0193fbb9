// A compare-and-sync plan handed to S3 Batch Operations, through the app's own request handlers:
// account 111's `exports/` compared with account 222's `mirror/exports/`, the plan's copies
// written as the manifest (its rows are exactly the plan's copies), the generated statements
// applied, the job run by the stand-in, and a compare afterwards finds nothing left to copy.
// Plans one copy job cannot express (renamed keys, deletes) are refused before anything is written.

import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { encodeManifestKey } from '../../../src/main/batch/manifest';
import type { BatchJobView, BatchProposal } from '../../../src/shared/models/batch';
import type { SyncPlanSummary } from '../../../src/shared/models/compare';
import { batchAppForFile } from '../../support/batch-app';
import { applyStatements, BATCH_ACCOUNT, BATCH_BUCKET, BATCH_OBJECTS } from '../../support/batch-world';

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
): Promise<SyncPlanSummary> {
  const { compareId } = await app.ok<{ compareId: string }>('startCompare', {
    left: { kind: 's3', sessionId: app.source, bucket: BATCH_BUCKET.source, prefix: 'exports/' },
    right: { kind: 's3', sessionId: app.target, bucket: BATCH_BUCKET.target, prefix: targetPrefix },
    mode: 'content',
  });
  // The compare streams in the background: plan once it has finished.
  for (;;) {
    const result = await app.call('planSync', {
      compareId,
      deleteExtra,
      overwriteUndecided: false,
      ...(storageClass && { storageClass }),
    });
    if (result.ok) return result.value as SyncPlanSummary;
    if (!result.error.message.includes('still running')) throw new Error(result.error.message);
    await new Promise((r) => setTimeout(r, 50));
  }
}

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

  it('refuses a plan that replaces the storage class: the copy job keeps the source’s', async () => {
    const reclassed = await plan('mirror/exports/', false, 'STANDARD_IA');
    expect(reclassed.copy).toBeGreaterThan(0);
    const error = await app.failed('handToBatchOperations', handOff(reclassed.planId));
    expect(error.message).toContain('STANDARD_IA');
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
});
