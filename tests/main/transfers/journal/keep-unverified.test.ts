// A download that ended "saved, not verified" says so after a restart (issue 25): the queue quits,
// a new queue reads the journal of the same data folder and lists the row again as done and not
// verified, with its reason, counted apart in the summary; a verified download is not kept; Clear
// finished takes the row out of the journal for good. Against moto, through the fault proxy, whose
// ETag rewrite plays a server whose ETags are not MD5s.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JournalFile } from '../../../../src/main/transfers/journal/journal-file';
import { readJournal } from '../../../../src/main/transfers/journal/records';
import { TransferQueue } from '../../../../src/main/transfers/transfer-queue';
import type { TransferItem, TransferStatus } from '../../../../src/shared/models/transfer';
import { type FaultWorld, type Lane, sha256File, startFaultWorld } from '../fault-scenarios';
import { profileReopener, RecordingSink, waitFor } from '../transfer-fixtures';

const BUCKET = 'alpha-data';
const PLAIN = 'keep/plain.bin';
const ODD = 'keep/odd-etag.bin';
const finished = new Set<TransferStatus>(['done', 'skipped', 'failed', 'cancelled']);

let faults: FaultWorld;
let lane: Lane;
let scratch: string;

const reopened: string[] = [];
const reopener = profileReopener(reopened);

const dataDir = () => join(scratch, 'data');
const journalText = () => readFile(join(dataDir(), 'transfer-journal.json'), 'utf8').catch(() => undefined);

function startQueue(): TransferQueue {
  return new TransferQueue({
    clients: lane.pool,
    engine: lane.engine,
    sessions: lane.sessions,
    sink: new RecordingSink(),
    settings: () => ({ parallelFiles: 2, partSizeMiB: 8, partConcurrency: 2 }),
    journal: { file: new JournalFile(dataDir()), sessions: reopener },
  });
}

const byKey = (items: readonly TransferItem[], key: string) => items.find((i) => i.source.endsWith(key));

beforeAll(async () => {
  faults = await startFaultWorld();
  lane = await faults.openLane(2626);
  scratch = await mkdtemp(join(tmpdir(), 'keep-unverified-'));
  for (const key of [PLAIN, ODD])
    await faults.alphaAdmin.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.alloc(200 * 1024, key) }),
    );
}, 120_000);

afterAll(async () => {
  await lane?.close();
  await faults?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('a download saved but not verified is listed again after a restart, until Clear finished', async () => {
  // Every answer for ODD carries an ETag that is no MD5: its bytes cannot be checked.
  lane.proxy.script([
    {
      match: (req) => req.path === `/${BUCKET}/${ODD}`,
      fault: { kind: 'etag', value: '"0c1b5e2f-minio-like-etag"' },
      times: 10_000,
    },
  ]);
  const target = join(scratch, 'downloads');
  const first = startQueue();
  await first.enqueueDownload({
    sessionId: 'alice',
    bucket: BUCKET,
    keys: [PLAIN, ODD],
    prefixes: [],
    targetDir: target,
  });
  await waitFor(
    () => first.snapshot().items.every((i) => finished.has(i.status)),
    'the downloads to settle',
    120_000,
    () => first.snapshot().items,
  );
  const before = first.snapshot();
  expect(byKey(before.items, PLAIN)?.verification).toEqual({ state: 'verified', by: 'md5' });
  const odd = byKey(before.items, ODD)!;
  expect([odd.status, odd.verification]).toEqual(['done', { state: 'not-verified', reason: 'etag-not-md5' }]);
  expect(before.totals.unverified).toBe(1);
  await first.dispose();

  // The journal keeps the unverified download only, with its reason, and no secret.
  const text = await journalText();
  const doc = readJournal(text ?? '');
  expect(doc.ok && doc.rejected === 0).toBe(true);
  if (!doc.ok) return;
  expect(doc.items.map((r) => [r.id, r.unverified])).toEqual([[odd.id, 'etag-not-md5']]);
  for (const secret of faults.world.secretsSeen()) expect(text).not.toContain(secret);

  // A new start over the same data folder: the row is back as it ended, with nothing to resume.
  lane.proxy.script([]);
  lane.proxy.resetStats();
  const second = startQueue();
  const granted = await second.restore();
  expect(granted).toEqual({ read: [], write: [] });
  const after = second.snapshot();
  expect(after.items).toHaveLength(1);
  const [row] = after.items;
  expect([row?.id, row?.status, row?.source, row?.target, row?.bytesDone, row?.verification]).toEqual([
    odd.id,
    'done',
    `s3://${BUCKET}/${ODD}`,
    join(target, 'odd-etag.bin'),
    200 * 1024,
    { state: 'not-verified', reason: 'etag-not-md5' },
  ]);
  expect(after.totals.unverified).toBe(1);
  expect(after.totals.byStatus.done).toBe(1);
  expect(after.totals.byStatus.interrupted).toBe(0);
  // Opening the session again runs nothing: the row is finished, the file stays as it was.
  const sha = await sha256File(join(target, 'odd-etag.bin'));
  second.sessionReady('alice', 'alice');
  await second.resume();
  expect(reopened).toEqual([]);
  expect(second.snapshot().items.map((i) => i.status)).toEqual(['done']);
  expect(lane.proxy.stats().requests).toBe(0);
  expect(await sha256File(join(target, 'odd-etag.bin'))).toBe(sha);

  // Clear finished: the row leaves the queue, and with nothing else kept, the journal goes.
  second.clearFinished();
  expect(second.snapshot().items).toEqual([]);
  await second.dispose();
  expect(await journalText()).toBeUndefined();
  const third = startQueue();
  await third.restore();
  expect(third.snapshot().items).toEqual([]);
  await third.dispose();
}, 240_000);
