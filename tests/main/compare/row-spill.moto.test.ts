/**
 * A compare keeps every row in a file, not in memory (issue 21): the plan made
 * from that file copies, overwrites and deletes exactly what the rows the window received say,
 * the sync leaves nothing to copy, a deep check's verdict is honoured, and the file holds no
 * credential and is gone once the compare is dropped or the app quits (or, after a crash, at
 * the next start). Against moto with IAM enforced; more rows than one write chunk.
 */
import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { planRows } from '../../../src/main/compare/sync-plan';
import { syncReportsIn } from '../../../src/main/compare/sync-reports';
import { SyncService } from '../../../src/main/compare/sync-service';
import { S3ClientPool } from '../../../src/main/s3/client-pool';
import { PathGrants } from '../../../src/main/security/path-grants';
import { localEngine } from '../../../src/main/transfers/engine-link/fork-engine';
import { TransferQueue } from '../../../src/main/transfers/transfer-queue';
import type { CompareLocation, CompareRow } from '../../../src/shared/models/compare';
import { createWorld, type ObjectSpec, type World } from '../../support/aws-world';
import { allow, policy } from '../../support/policies';
import { ALPHA, FakeSessions, RecordingSink, waitFor } from '../transfers/transfer-fixtures';
import { compareService } from './compare-fixtures';

let world: World;
let scratch: string;

/** Long keys, so the rows span several of the spill's write chunks. */
const name = (i: number) =>
  `${'a-rather-long-folder-name/'.repeat(4)}object-${String(i).padStart(4, '0')}.txt`;
const source: CompareLocation = { kind: 's3', sessionId: 'alice', bucket: 'alpha-data', prefix: 'src/' };
const target: CompareLocation = { kind: 's3', sessionId: 'alice', bucket: 'alpha-data', prefix: 'dst/' };

beforeAll(async () => {
  // 400 on the left; on the right 100 the same, 100 of another size, 100 of the same size but
  // other bytes, none of the last 100, and 10 only there.
  const objects: Record<string, ObjectSpec> = {};
  for (let i = 0; i < 400; i++) {
    objects[`src/${name(i)}`] = 'v1';
    if (i < 100) objects[`dst/${name(i)}`] = 'v1';
    else if (i < 200) objects[`dst/${name(i)}`] = 'v100';
    else if (i < 300) objects[`dst/${name(i)}`] = 'v2';
  }
  for (let i = 0; i < 10; i++) objects[`dst/extra-${i}.txt`] = 'extra';
  world = await createWorld({
    accounts: {
      [ALPHA]: {
        users: { alice: { policies: [policy(allow('s3:*'))] } },
        buckets: { 'alpha-data': { objects } },
      },
    },
  });
  scratch = join(tmpdir(), `row-spill-${process.pid}`);
}, 120_000);
afterAll(async () => {
  await world?.dispose();
  await rm(scratch, { recursive: true, force: true });
});

function services(spillFolder: string) {
  const sessions = new FakeSessions({ alice: world.users.alice! }, world.moto.endpoint);
  const pool = new S3ClientPool(sessions);
  const sink = new RecordingSink();
  const accountOf = () => ALPHA;
  const compares = compareService({ pool, sessions, sink, accountOf, spillFolder });
  const syncs = new SyncService({
    compares,
    reports: syncReportsIn(mkdtempSync(join(tmpdir(), 'sync-reports-'))),
    // Within one session S3 copies each object: queue items the engine runs.
    transfers: new TransferQueue({
      clients: pool,
      engine: localEngine(),
      sessions,
      sink,
      settings: () => ({ parallelFiles: 4, partSizeMiB: 5, partConcurrency: 2 }),
    }),
    pool,
    accountOf,
    grants: new PathGrants(),
    thresholds: () => ({ batchThresholdObjects: 100_000, batchThresholdGiB: 1024 }),
  });
  const compare = async () => {
    const { compareId } = await compares.start({ left: source, right: target, mode: 'content' });
    const last = await sink.next('comparePage', (p) => p.compareId === compareId && p.done);
    expect(last.error).toBeUndefined();
    const rows = sink
      .of('comparePage')
      .filter((p) => p.compareId === compareId)
      .flatMap((p) => p.rows);
    return { compareId, rows, counts: last.counts };
  };
  return { compares, syncs, compare };
}

async function* streamed(rows: readonly CompareRow[]): AsyncGenerator<CompareRow> {
  yield* rows;
}

const copyKeys = async (syncs: SyncService, planId: string): Promise<string[]> => {
  const keys: string[] = [];
  for await (const item of syncs.copySet(planId).items) keys.push(item.targetKey);
  return keys;
};

it('plans and syncs from the file exactly what the rows the window received say', async () => {
  const folder = join(scratch, 'plan');
  const { compares, syncs, compare } = services(folder);
  const { compareId, rows, counts } = await compare();
  expect(counts).toEqual({ 'only-left': 100, 'only-right': 10, different: 200, same: 100, undecided: 0 });

  // The file holds all 410 rows (the 100 same ones for the window), and nothing of alice's credentials.
  const files = await readdir(folder);
  expect(files).toHaveLength(1);
  const text = await readFile(join(folder, files[0]!), 'utf8');
  expect(text.trim().split('\n')).toHaveLength(410);
  expect(text.length).toBeGreaterThan(64 * 1024);
  expect(text).not.toContain(world.users.alice!.secretAccessKey);
  expect(text).not.toContain(world.users.alice!.accessKeyId);

  // The plan from the file equals the plan from the rows the window was sent.
  const options = { deleteExtra: true, overwriteUndecided: false };
  const expected = await planRows(streamed(rows), options);
  const plan = await syncs.plan(compareId, options);
  expect(plan).toMatchObject({ copy: 100, overwrite: 200, delete: 10, bytes: 600, flow: 'server-side' });
  expect(await copyKeys(syncs, plan.planId)).toEqual(expected.copies.map((c) => `dst/${c.key}`));

  // A deep check that finds a row the same takes it out of the next plan.
  const settled = rows.find((r) => r.status === 'different')!;
  compares.settle(compareId, settled, { ...settled, status: 'same', reasons: [] });
  expect(compares.get(compareId).counts).toMatchObject({ different: 199, same: 101 });
  const after = await syncs.plan(compareId, options);
  expect(after.overwrite).toBe(199);
  expect(await copyKeys(syncs, after.planId)).not.toContain(`dst/${settled.key}`);

  // Run the first plan: a compare afterwards finds both sides the same.
  await syncs.run(plan.planId, ALPHA);
  await waitFor(() => syncs.report(plan.planId).finished, 'the sync');
  expect(syncs.report(plan.planId).rows.filter((r) => r.result !== 'done')).toEqual([]);
  const again = await compare();
  expect(again.counts).toEqual({ 'only-left': 0, 'only-right': 0, different: 0, same: 400, undecided: 0 });
}, 120_000);

it('deletes the file when the compare is dropped, on quit, and at the next start after a crash', async () => {
  const folder = join(scratch, 'lifecycle');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'left-by-a-crash.ndjson'), '{"key":"x"}\n');

  const { compares, compare } = services(folder);
  const first = await compare();
  expect(await readdir(folder)).toEqual([`${first.compareId}.ndjson`]);
  await compares.cancel(first.compareId);
  expect(await readdir(folder)).toEqual([]);
  expect(() => compares.get(first.compareId)).toThrow(/gone/);

  await compare();
  expect(await readdir(folder)).toHaveLength(1);
  await compares.dispose();
  await expect(readdir(folder)).rejects.toThrow(/ENOENT/);
}, 60_000);

it('refuses to start, saying where, when the rows cannot be kept on disk', async () => {
  const file = join(scratch, 'a-file-not-a-folder');
  await mkdir(scratch, { recursive: true });
  await writeFile(file, '');
  const blocked = join(file, 'compare-rows');
  const { compares } = services(blocked);
  await expect(compares.start({ left: source, right: target, mode: 'content' })).rejects.toMatchObject({
    appError: {
      code: 'internal',
      message: expect.stringContaining(`Could not make a file for the compare's rows in ${blocked}`),
    },
  });
}, 60_000);
