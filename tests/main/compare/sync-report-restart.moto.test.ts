// A sync's report outlives the app, against moto through the fault proxy: a sync quits with one
// copy and its deletes held (so they cannot finish first), a new set of services over the same
// data folder lists the report again, the held transfer resumes from the queue's journal and its
// row follows it to the end, and what nothing resumes (the deletes) ends as interrupted, never
// pending. A third start shows the final results were kept. Server-side copies are queue items too:
// cut by the quit they resume to done, one S3 finished unheard is not copied again, and a
// multipart one has S3 copy only its missing parts.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCsv } from '../../../src/main/compare/report-file';
import { syncReportsIn } from '../../../src/main/compare/sync-reports';
import { SyncService } from '../../../src/main/compare/sync-service';
import { PathGrants } from '../../../src/main/security/path-grants';
import type { SessionReopener } from '../../../src/main/transfers/journal/interrupted-items';
import { JournalFile } from '../../../src/main/transfers/journal/journal-file';
import { TransferQueue } from '../../../src/main/transfers/transfer-queue';
import type { CompareLocation, SyncReport } from '../../../src/shared/models/compare';
import type { ProxyRequest } from '../../support/fault-proxy';
import { type FaultWorld, type Lane, MiB, startFaultWorld } from '../transfers/fault-scenarios';
import { ALPHA, BETA, RecordingSink, waitFor } from '../transfers/transfer-fixtures';
import { compareService } from './compare-fixtures';

const accountOf = (id: string) => (id === 'alice' ? ALPHA : id === 'bob' ? BETA : undefined);
const reopener: SessionReopener = {
  describe: (sessionId) => ({
    source: { kind: 'profile', profile: sessionId },
    name: sessionId,
    label: sessionId,
  }),
  reopen: async (source) => {
    const name = source.kind === 'profile' ? source.profile : '?';
    return { sessionId: name, source: name };
  },
  openAs: () => undefined,
};

/** 12 MiB that differ from part to part, so a part copied to the wrong place would show. */
const big = Buffer.alloc(12 * MiB, 0);
for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);

let faults: FaultWorld;
let lane: Lane;
/** The local folder the through-this-machine sync uploads from (main handed it out). */
let folder: string;
const scratch: string[] = [];
const queues: TransferQueue[] = [];

/** One start of the app's compare, queue and sync services over `dataDir`. */
/** `copyPartMiB`: server-side copies above it go part by part. */
async function start(dataDir: string, copyPartMiB?: number) {
  const sink = new RecordingSink();
  const queue = new TransferQueue({
    clients: lane.pool,
    engine: lane.engine,
    sessions: lane.sessions,
    sink,
    settings: () => ({ parallelFiles: 2, partSizeMiB: 5, partConcurrency: 2, copyPartMiB }),
    journal: { file: new JournalFile(dataDir), sessions: reopener },
  });
  queues.push(queue);
  await queue.restore();
  const grants = new PathGrants();
  await grants.grant('read', [folder]);
  const compares = compareService({ pool: lane.pool, sessions: lane.sessions, grants, sink, accountOf });
  const syncs = new SyncService({
    compares,
    transfers: queue,
    pool: lane.pool,
    accountOf,
    grants,
    thresholds: () => ({ batchThresholdObjects: 100_000, batchThresholdGiB: 1024 }),
    reports: syncReportsIn(dataDir),
  });
  await syncs.restore();
  /** Compares, plans (deletes included) and runs a sync from `l` to `r`; returns its plan id. */
  const sync = async (l: CompareLocation, r: CompareLocation) => {
    const { compareId } = await compares.start({ left: l, right: r, mode: 'content' });
    await sink.next('comparePage', (p) => p.compareId === compareId && p.done);
    const plan = await syncs.plan(compareId, { deleteExtra: true, overwriteUndecided: false });
    await syncs.run(plan.planId, plan.targetAccount ?? plan.target);
    return plan.planId;
  };
  return { queue, syncs, sync };
}

const results = (report: SyncReport) =>
  Object.fromEntries(report.rows.map((r) => [`${r.action} ${r.key}`, r.result]));

/** Polls the reports file on disk until the plan's rows pass `test` (it is replaced whole, never seen half-written). */
async function keptShows(dataDir: string, planId: string, test: (rows: unknown[][]) => boolean) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = await readFile(join(dataDir, 'sync-reports.json'), 'utf8').catch(() => '{}');
    const doc = JSON.parse(text) as { reports?: { planId: string; rows: unknown[][] }[] };
    const rows = doc.reports?.find((r) => r.planId === planId)?.rows;
    if (rows && test(rows)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the kept report: ${text}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const copyOf = (bucket: string, key: string) => (r: ProxyRequest) =>
  r.method === 'PUT' && r.path === `/${bucket}/${key}`;
const deletesIn = (bucket: string) => (r: ProxyRequest) =>
  r.method === 'POST' && r.path.startsWith(`/${bucket}`) && r.query.has('delete');

beforeAll(async () => {
  faults = await startFaultWorld();
  lane = await faults.openLane(2121);
  folder = await mkdtemp(join(tmpdir(), 'sync-source-'));
  scratch.push(folder);
  for (const key of ['a.txt', 'b.txt', 'c.txt', 'held.txt']) {
    await writeFile(join(folder, key), `${key} `);
    await faults.alphaAdmin.send(
      new PutObjectCommand({ Bucket: 'alpha-data', Key: `src/${key}`, Body: `${key} ` }),
    );
  }
  for (const key of ['extra-1.txt', 'extra-2.txt'])
    await faults.betaAdmin.send(new PutObjectCommand({ Bucket: 'beta-data', Key: `dst/${key}`, Body: 'x' }));
  await faults.alphaAdmin.send(
    new PutObjectCommand({ Bucket: 'alpha-data', Key: 'copy/extra.txt', Body: 'x' }),
  );
  await faults.alphaAdmin.send(
    new PutObjectCommand({ Bucket: 'alpha-data', Key: 'src/applied.txt', Body: 'applied' }),
  );
  await faults.alphaAdmin.send(new PutObjectCommand({ Bucket: 'alpha-data', Key: 'big/big.bin', Body: big }));
  // Uploaded in two parts: its copy by CopyObject has an ETag of its own, so a copy S3 finished
  // unheard is known by its size and by having been written after the journal says the copy began.
  const Key = 'src/applied-parts.bin';
  const { UploadId } = await faults.alphaAdmin.send(
    new CreateMultipartUploadCommand({ Bucket: 'alpha-data', Key }),
  );
  const Parts = [];
  for (const [i, Body] of [big.subarray(0, 5 * MiB), big.subarray(5 * MiB, 6 * MiB)].entries()) {
    const { ETag } = await faults.alphaAdmin.send(
      new UploadPartCommand({ Bucket: 'alpha-data', Key, UploadId, PartNumber: i + 1, Body }),
    );
    Parts.push({ ETag, PartNumber: i + 1 });
  }
  await faults.alphaAdmin.send(
    new CompleteMultipartUploadCommand({ Bucket: 'alpha-data', Key, UploadId, MultipartUpload: { Parts } }),
  );
}, 120_000);
afterAll(async () => {
  for (const queue of queues) await queue.dispose().catch(() => undefined);
  await lane?.close();
  await faults?.dispose();
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe('a sync report after a restart', () => {
  it('lists every row again: resumed transfers follow to their end, cut deletes end as interrupted', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sync-restart-'));
    scratch.push(dataDir);
    lane.proxy.script([
      {
        label: 'held copy',
        match: copyOf('beta-data', 'dst/held.txt'),
        fault: { kind: 'stall', seconds: 600 },
        times: 1000,
      },
      {
        label: 'held deletes',
        match: deletesIn('beta-data'),
        fault: { kind: 'stall', seconds: 600 },
        times: 1000,
      },
    ]);
    const first = await start(dataDir);
    // Uploaded from this machine, so the copies run in the transfer queue.
    const planId = await first.sync(
      { kind: 'local', path: folder },
      { kind: 's3', sessionId: 'bob', bucket: 'beta-data', prefix: 'dst/' },
    );
    // Three copies done, and both the kept report and the transfer journal say so, then quit.
    await waitFor(
      () =>
        first.syncs.report(planId).rows.filter((r) => r.action !== 'delete' && r.result === 'done').length ===
        3,
      'three copies done',
      60_000,
    );
    await keptShows(
      dataDir,
      planId,
      (rows) => rows.filter((r) => r[1] !== 'delete' && r[2] === 'done').length === 3,
    );
    await first.queue.dispose();

    lane.proxy.script([]);
    const second = await start(dataDir);
    expect(second.syncs.listReports().map((r) => [r.planId, r.finished])).toEqual([[planId, false]]);
    const reopened = second.syncs.report(planId);
    expect(results(reopened)).toEqual({
      'copy a.txt': 'done',
      'copy b.txt': 'done',
      'copy c.txt': 'done',
      // Waits in the queue for its sessions, then resumes.
      'copy held.txt': 'pending',
      'delete extra-1.txt': 'interrupted',
      'delete extra-2.txt': 'interrupted',
    });
    expect(reopened.rows.find((r) => r.key === 'extra-1.txt')?.error?.message).toMatch(/Compare again/);
    second.queue.sessionReady('alice', 'alice');
    second.queue.sessionReady('bob', 'bob');
    await waitFor(() => second.syncs.report(planId).finished, 'the resumed copy', 60_000);
    expect(results(second.syncs.report(planId))['copy held.txt']).toBe('done');
    await faults.betaAdmin.send(new HeadObjectCommand({ Bucket: 'beta-data', Key: 'dst/held.txt' }));
    await second.syncs.dispose();
    await second.queue.dispose();

    const third = await start(dataDir);
    const entry = third.syncs.listReports()[0];
    expect(entry).toMatchObject({ planId, finished: true });
    expect(entry?.counts).toMatchObject({ done: 4, interrupted: 2, pending: 0 });
    const csv = reportCsv(third.syncs.report(planId));
    expect(csv).toContain('held.txt,copy,done,');
    expect(csv).toMatch(/extra-2\.txt,delete,interrupted,The app stopped/);
    await third.queue.dispose();
  });

  it('resumes server-side copies cut by the quit to done, and copies none again that S3 had finished', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sync-restart-'));
    scratch.push(dataDir);
    lane.proxy.script([
      // Never reaches S3: copied after the restart.
      {
        label: 'held copy',
        match: copyOf('alpha-data', 'copy/held.txt'),
        fault: { kind: 'stall', seconds: 600 },
        times: 1000,
      },
      // S3 copies it, its answer never arrives: after the restart it is recognised as done.
      {
        label: 'answer held',
        match: (r) =>
          copyOf('alpha-data', 'copy/applied.txt')(r) || copyOf('alpha-data', 'copy/applied-parts.bin')(r),
        fault: { kind: 'stall', seconds: 600, afterBytes: 10 },
        times: 1000,
      },
    ]);
    const first = await start(dataDir);
    const planId = await first.sync(
      { kind: 's3', sessionId: 'alice', bucket: 'alpha-data', prefix: 'src/' },
      { kind: 's3', sessionId: 'alice', bucket: 'alpha-data', prefix: 'copy/' },
    );
    await waitFor(
      () => first.syncs.report(planId).rows.filter((r) => r.result === 'done').length === 4,
      'three copies and the delete done',
      60_000,
    );
    await keptShows(dataDir, planId, (rows) => rows.filter((r) => r[2] === 'done').length === 4);
    await waitFor(
      () =>
        lane.proxy.count(copyOf('alpha-data', 'copy/applied.txt')) > 0 &&
        lane.proxy.count(copyOf('alpha-data', 'copy/applied-parts.bin')) > 0,
      'the applied copies',
    );
    // The copies are queue items of one job, shown as copies.
    const items = first.queue.snapshot().items.filter((i) => i.source.startsWith('s3://alpha-data/src/'));
    expect(new Set(items.map((i) => [i.direction, i.jobId].join(' ')))).toHaveLength(1);
    expect(items.map((i) => i.direction)).toContain('copy');
    await first.queue.dispose();

    lane.proxy.script([]);
    lane.proxy.resetStats();
    const second = await start(dataDir);
    expect(second.syncs.listReports()).toMatchObject([{ planId, flow: 'server-side', finished: false }]);
    expect(results(second.syncs.report(planId))).toMatchObject({
      'copy held.txt': 'pending',
      'copy applied.txt': 'pending',
      'copy applied-parts.bin': 'pending',
    });
    second.queue.sessionReady('alice', 'alice');
    await waitFor(() => second.syncs.report(planId).finished, 'the resumed copies', 60_000);
    expect(results(second.syncs.report(planId))).toEqual({
      'copy a.txt': 'done',
      'copy b.txt': 'done',
      'copy c.txt': 'done',
      'copy held.txt': 'done',
      'copy applied.txt': 'done',
      'copy applied-parts.bin': 'done',
      'delete extra.txt': 'done',
    });
    expect(lane.proxy.count(copyOf('alpha-data', 'copy/held.txt'))).toBe(1);
    expect(lane.proxy.count(copyOf('alpha-data', 'copy/applied.txt'))).toBe(0);
    expect(lane.proxy.count(copyOf('alpha-data', 'copy/applied-parts.bin'))).toBe(0);
    await faults.alphaAdmin.send(new HeadObjectCommand({ Bucket: 'alpha-data', Key: 'copy/held.txt' }));
    await second.syncs.dispose();
    await second.queue.dispose();
  }, 180_000);

  it('resumes a multipart server-side copy after the quit, having S3 copy only the parts not done', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sync-restart-'));
    scratch.push(dataDir);
    const partOf = (n: number) => (r: ProxyRequest) =>
      copyOf('alpha-data', 'big-copy/big.bin')(r) && r.query.get('partNumber') === String(n);
    lane.proxy.script([
      { label: 'held part', match: partOf(3), fault: { kind: 'stall', seconds: 600 }, times: 1000 },
    ]);
    // Copies above 5 MiB go in 5 MiB parts: 12 MiB is three.
    const first = await start(dataDir, 5);
    const planId = await first.sync(
      { kind: 's3', sessionId: 'alice', bucket: 'alpha-data', prefix: 'big/' },
      { kind: 's3', sessionId: 'alice', bucket: 'alpha-data', prefix: 'big-copy/' },
    );
    await waitFor(
      () =>
        first.queue.snapshot().items.some((i) => i.target.endsWith('big.bin') && i.bytesDone === 10 * MiB),
      'two parts copied',
      60_000,
    );
    await first.queue.dispose();

    lane.proxy.script([]);
    lane.proxy.resetStats();
    const second = await start(dataDir, 5);
    second.queue.sessionReady('alice', 'alice');
    await waitFor(() => second.syncs.report(planId).finished, 'the resumed copy', 60_000);
    expect(results(second.syncs.report(planId))).toEqual({ 'copy big.bin': 'done' });
    expect([1, 2, 3].map((n) => lane.proxy.count(partOf(n)))).toEqual([0, 0, 1]);
    const copied = await faults.alphaAdmin.send(
      new GetObjectCommand({ Bucket: 'alpha-data', Key: 'big-copy/big.bin' }),
    );
    expect(Buffer.from(await copied.Body!.transformToByteArray()).equals(big)).toBe(true);
    await second.syncs.dispose();
    await second.queue.dispose();
  }, 180_000);
});
