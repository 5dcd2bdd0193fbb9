// The queue and its journal against moto, through the fault proxy: a queue quits mid-transfer
// (one request held, so it cannot finish first), a new queue reads the journal of the same data
// folder, lists the items as interrupted and continues them once their session is open again —
// uploads in the same multipart upload after checking ListParts, downloads from the ranges on
// disk — or starts an item over, saying why, when its source changed meanwhile.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JournalFile } from '../../../../src/main/transfers/journal/journal-file';
import type { JournalContents, UploadRecord } from '../../../../src/main/transfers/journal/records';
import { TransferQueue } from '../../../../src/main/transfers/transfer-queue';
import type { TransferItem, TransferStatus } from '../../../../src/shared/models/transfer';
import type { ProxyRequest } from '../../../support/fault-proxy';
import {
  type FaultWorld,
  filesUnder,
  type Lane,
  MiB,
  openUploads,
  sha256,
  sha256File,
  startFaultWorld,
} from '../fault-scenarios';
import { profileReopener, RecordingSink, waitFor, writeRandomFile } from '../transfer-fixtures';

const BUCKET = 'alpha-data';
const PART = 5 * MiB;
const PARTS = 8;
const SIZE = PARTS * PART;
const finished = new Set<TransferStatus>(['done', 'skipped', 'failed', 'cancelled']);

let faults: FaultWorld;
let lane: Lane;
let scratch: string;
let dataDir: string;
const queues: TransferQueue[] = [];

/** Sessions are named after the world's users; `reopened` lists those the queue asked to open again. */
const reopened: string[] = [];
const reopener = profileReopener(reopened);

function startQueue() {
  const queue = new TransferQueue({
    clients: lane.pool,
    engine: lane.engine,
    sessions: lane.sessions,
    sink: new RecordingSink(),
    settings: () => ({ parallelFiles: 2, partSizeMiB: PART / MiB, partConcurrency: 3 }),
    journal: { file: new JournalFile(dataDir), sessions: reopener },
  });
  queues.push(queue);
  return queue;
}

const settle = async (queue: TransferQueue): Promise<readonly TransferItem[]> => {
  await waitFor(
    () => queue.snapshot().items.every((i) => finished.has(i.status)),
    'the queue to settle',
    120_000,
    () => queue.snapshot().items.map((i) => [i.target, i.status, i.error?.message]),
  );
  return queue.snapshot().items;
};

const journalPath = () => join(dataDir, 'transfer-journal.json');
const journal = async (): Promise<JournalContents> =>
  JSON.parse(await readFile(journalPath(), 'utf8')) as JournalContents;
const uploadOf = (j: JournalContents) => {
  const task = j.items[0]?.task;
  return task?.kind === 'upload' ? task.multipart?.upload : undefined;
};
/** Polls the journal on disk until `test` holds (it is replaced whole, never seen half-written). */
async function journalShows(test: (j: JournalContents) => boolean, what: string): Promise<JournalContents> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const last = await journal().catch(() => undefined);
    if (last && test(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the journal to show ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const partPut =
  (n?: number) =>
  (r: ProxyRequest): boolean =>
    r.method === 'PUT' &&
    r.query.has('uploadId') &&
    (n === undefined || r.query.get('partNumber') === String(n));
const listParts = (r: ProxyRequest): boolean => r.method === 'GET' && r.query.has('uploadId');
const createUpload = (r: ProxyRequest): boolean => r.method === 'POST' && r.query.has('uploads');
const rangedGet = (r: ProxyRequest): boolean => r.method === 'GET' && r.headers.range !== undefined;
const hold = (label: string, match: (r: ProxyRequest) => boolean) =>
  lane.proxy.script([{ label, match, fault: { kind: 'stall', seconds: 600 } }]);

/** A fresh start of the app over the same data folder: nothing held, the figures counted afresh. */
async function restart(): Promise<TransferQueue> {
  lane.proxy.script([]);
  lane.proxy.resetStats();
  const queue = startQueue();
  await queue.restore();
  return queue;
}

/** Uploads `file` to `key` and quits once the journal holds at least three finished parts. */
async function quitMidUpload(file: string, key: string): Promise<void> {
  hold('part 6 held', partPut(6));
  const queue = startQueue();
  await queue.enqueueUpload({
    sessionId: 'alice',
    bucket: BUCKET,
    prefix: key.slice(0, key.lastIndexOf('/')),
    paths: [file],
  });
  await journalShows((j) => (uploadOf(j)?.done.length ?? 0) >= 3, 'three parts done');
  await queue.dispose();
}

beforeAll(async () => {
  faults = await startFaultWorld();
  lane = await faults.openLane(1414);
}, 120_000);
afterAll(async () => {
  await lane?.close();
  await faults?.dispose();
});
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'journal-resume-'));
  dataDir = join(scratch, 'data');
  reopened.length = 0;
  return async () => {
    // Every queue of the test is gone before its data folder is.
    for (const queue of queues.splice(0)) await queue.dispose();
    await rm(scratch, { recursive: true, force: true });
  };
});

describe('an upload taken up from the journal', () => {
  it('continues the same multipart upload, sending only the parts S3 does not hold, and holds no secret', async () => {
    const file = join(scratch, 'big.bin');
    const sha = await writeRandomFile(file, SIZE);
    await quitMidUpload(file, 'resume/big.bin');
    const text = await readFile(journalPath(), 'utf8');
    for (const secret of faults.world.secretsSeen()) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/accessKey|secret|sessionToken|token/i);
    const before = uploadOf(await journal());
    const known = before?.done.length ?? 0;
    expect(known).toBeLessThan(PARTS);

    const queue = await restart();
    const [item] = queue.snapshot().items;
    expect([item?.status, item?.target, item?.resumeWith, item?.bytesDone]).toEqual([
      'interrupted',
      `s3://${BUCKET}/resume/big.bin`,
      ['alice'],
      known * PART,
    ]);
    queue.sessionReady('alice', 'alice');
    expect((await settle(queue)).map((i) => i.status)).toEqual(['done']);

    expect(lane.proxy.count(listParts)).toBeGreaterThanOrEqual(1);
    expect(lane.proxy.count(createUpload)).toBe(0);
    // The parts the journal did not hold, less those whose answer the quit cut off after S3 stored
    // them (they hold the file's bytes and are kept); the held part never reached S3.
    expect(lane.proxy.count(partPut())).toBeLessThanOrEqual(PARTS - known);
    expect(lane.proxy.count(partPut(6))).toBe(1);
    for (const part of before?.done ?? [])
      expect(lane.proxy.count(partPut(part.n)), `part ${part.n}`).toBe(0);
    const got = await faults.alphaAdmin.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'resume/big.bin' }));
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha);
    expect(await openUploads(faults.alphaAdmin, BUCKET, 'resume/')).toBe(0);
    // Nothing left to resume: no journal at all.
    await queue.dispose();
    expect(await readFile(journalPath()).catch(() => 'none')).toBe('none');
  });

  it('sends again a part the journal calls done but S3 lists otherwise (ListParts is what counts)', async () => {
    const file = join(scratch, 'big.bin');
    const sha = await writeRandomFile(file, SIZE);
    await quitMidUpload(file, 'verify/big.bin');
    // Another tool replaced part 1 with other bytes: S3 lists an ETag that is neither the journal's
    // nor the MD5 of the local file's first part.
    const contents = await journal();
    const task = contents.items[0]!.task as UploadRecord;
    const done = task.multipart!.upload!.done;
    expect(done.map((p) => p.n)).toContain(1);
    await faults.alphaAdmin.send(
      new UploadPartCommand({
        Bucket: BUCKET,
        Key: 'verify/big.bin',
        UploadId: task.multipart!.upload!.uploadId,
        PartNumber: 1,
        Body: randomBytes(PART),
      }),
    );

    const queue = await restart();
    queue.sessionReady('alice', 'alice');
    expect((await settle(queue)).map((i) => i.status)).toEqual(['done']);
    expect(lane.proxy.count(partPut(1))).toBe(1);
    // At most the parts the journal did not hold, and part 1: parts whose answer the quit cut off
    // may be in S3 too, and they hold the file's bytes, so they are kept (kill-resend.test.ts).
    expect(lane.proxy.count(partPut())).toBeLessThanOrEqual(PARTS - done.length + 1);
    expect(lane.proxy.count(createUpload)).toBe(0);
    const got = await faults.alphaAdmin.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'verify/big.bin' }));
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha);
    expect(await openUploads(faults.alphaAdmin, BUCKET, 'verify/')).toBe(0);
  });

  it('starts over, and says why, when the local file changed meanwhile; the old upload is aborted', async () => {
    const file = join(scratch, 'big.bin');
    await writeRandomFile(file, SIZE);
    await quitMidUpload(file, 'changed/big.bin');
    const sha = await writeRandomFile(file, SIZE);
    // Same size; only its modification time and bytes tell it apart.
    await utimes(file, new Date(), new Date(Date.now() + 5_000));

    const queue = await restart();
    // Resume opens the session itself.
    await queue.resume();
    expect(reopened).toEqual(['alice']);
    const [item] = await settle(queue);
    expect(item?.status).toBe('done');
    expect(item?.note).toBe('the file changed since its upload began, so it started over');
    expect(lane.proxy.count(createUpload)).toBe(1);
    expect(lane.proxy.count(partPut())).toBe(PARTS);
    const got = await faults.alphaAdmin.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'changed/big.bin' }),
    );
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha);
    expect(await openUploads(faults.alphaAdmin, BUCKET, 'changed/')).toBe(0);
  });
});

describe('an interrupted upload cancelled', () => {
  it('has its multipart upload aborted once its session is open, even after another restart', async () => {
    const file = join(scratch, 'big.bin');
    await writeRandomFile(file, SIZE);
    await quitMidUpload(file, 'cancelled/big.bin');
    expect(await openUploads(faults.alphaAdmin, BUCKET, 'cancelled/')).toBe(1);

    const queue = await restart();
    const [item] = queue.snapshot().items;
    queue.cancel([item!.id]);
    expect(queue.snapshot().items[0]?.note).toBe(
      'Its unfinished upload in S3 is aborted the next time alice is open.',
    );
    // Quit before the session is opened: the abort is kept for the next run.
    await queue.dispose();
    expect((await journal()).aborts.map((a) => a.key)).toEqual(['cancelled/big.bin']);

    const next = await restart();
    expect(next.snapshot().items).toEqual([]);
    next.sessionReady('alice', 'alice');
    await waitFor(
      () => lane.proxy.count((r) => r.method === 'DELETE' && r.query.has('uploadId')) > 0,
      'the abort',
    );
    await next.dispose();
    expect(await openUploads(faults.alphaAdmin, BUCKET, 'cancelled/')).toBe(0);
    expect(await readFile(journalPath()).catch(() => 'none')).toBe('none');
  });
});

describe('a download taken up from the journal', () => {
  /** Puts a random object of SIZE bytes, downloads it and quits once two of its ranges are on disk. */
  async function quitMidDownload(key: string, target: string): Promise<void> {
    const body = Buffer.from(await readFile(await randomFileAt(join(scratch, 'source.bin'))));
    await faults.alphaAdmin.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    await mkdir(target, { recursive: true });
    hold('range 4 held', (r) => rangedGet(r) && r.headers.range === `bytes=${3 * PART}-${4 * PART - 1}`);
    const queue = startQueue();
    await queue.enqueueDownload({
      sessionId: 'alice',
      bucket: BUCKET,
      keys: [key],
      prefixes: [],
      targetDir: target,
    });
    await journalShows((j) => {
      const task = j.items[0]?.task;
      return task?.kind === 'download' && (task.done?.length ?? 0) >= 2;
    }, 'two ranges on disk');
    await queue.dispose();
  }

  async function randomFileAt(path: string): Promise<string> {
    await writeRandomFile(path, SIZE);
    return path;
  }

  it('fetches only the ranges not on disk, and places the file only once it is whole', async () => {
    const target = join(scratch, 'downloads');
    await quitMidDownload('dl/big.bin', target);
    const sha = await sha256File(join(scratch, 'source.bin'));
    const task = (await journal()).items[0]?.task;
    const onDisk = task?.kind === 'download' ? (task.done ?? []).length : 0;
    // Only the hidden temporary file is there, never a partial file under the target's name.
    const left = await filesUnder(target);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.big\.bin\.crossbucket-part-/);

    const queue = await restart();
    expect(queue.snapshot().items[0]?.status).toBe('interrupted');
    queue.sessionReady('alice', 'alice');
    const items = await settle(queue);
    expect(items.map((i) => i.status)).toEqual(['done']);
    // Every byte hashed against the ETag, those from before the restart too.
    expect(items[0]?.verification).toEqual({ state: 'verified', by: 'md5' });
    expect(lane.proxy.count(rangedGet)).toBe(PARTS - onDisk);
    expect(await filesUnder(target)).toEqual(['big.bin']);
    expect(await sha256File(join(target, 'big.bin'))).toBe(sha);
  });

  it('a range damaged on disk meanwhile is caught by the ETag check and fetched again', async () => {
    const target = join(scratch, 'downloads');
    await quitMidDownload('dl/damaged.bin', target);
    const sha = await sha256File(join(scratch, 'source.bin'));
    const [temp] = await filesUnder(target);
    const tempPath = join(target, temp!);
    const bytes = await readFile(tempPath);
    bytes[10] = (bytes[10] ?? 0) ^ 0xff; // in range 1, which the journal calls done
    await writeFile(tempPath, bytes);

    const queue = await restart();
    queue.sessionReady('alice', 'alice');
    expect((await settle(queue)).map((i) => i.status)).toEqual(['done']);
    expect(await filesUnder(target)).toEqual(['damaged.bin']);
    expect(await sha256File(join(target, 'damaged.bin'))).toBe(sha);
  });

  it('a wrong pass from before the restart counts after it: the same wrong bytes are the second', async () => {
    const target = join(scratch, 'downloads');
    await quitMidDownload('dl/twice.bin', target);
    const task = (await journal()).items[0]?.task;
    const onDisk = task?.kind === 'download' ? (task.done ?? []).length : 0;
    const [temp] = await filesUnder(target);
    const tempPath = join(target, temp!);
    const bytes = await readFile(tempPath);
    bytes[10] = (bytes[10] ?? 0) ^ 0xff; // in range 1, which the journal calls done
    await writeFile(tempPath, bytes);
    // As a pass before the quit would have left it: what the whole file hashes to with that byte wrong.
    const wrong = await readFile(join(scratch, 'source.bin'));
    wrong[10] = (wrong[10] ?? 0) ^ 0xff;
    const doc = JSON.parse(await readFile(journalPath(), 'utf8')) as {
      items: { task: { mismatch?: string } }[];
    };
    doc.items[0]!.task.mismatch = createHash('md5').update(wrong).digest('hex');
    await writeFile(journalPath(), JSON.stringify(doc));

    const queue = await restart();
    queue.sessionReady('alice', 'alice');
    const [item] = await settle(queue);
    // moto is reached through a custom endpoint: kept, but never as verified, and not fetched a third time.
    expect(item?.status).toBe('done');
    expect(item?.verification).toEqual({ state: 'not-verified', reason: 'etag-disagrees' });
    expect(lane.proxy.count(rangedGet)).toBe(PARTS - onDisk);
    expect(await filesUnder(target)).toEqual(['twice.bin']);
  });

  it('starts over, and says why, when the object changed in S3 meanwhile', async () => {
    const target = join(scratch, 'downloads');
    await quitMidDownload('dl/changed.bin', target);
    const replaced = join(scratch, 'replacement.bin');
    const sha = await writeRandomFile(replaced, SIZE);
    await faults.alphaAdmin.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'dl/changed.bin', Body: await readFile(replaced) }),
    );

    const queue = await restart();
    queue.sessionReady('alice', 'alice');
    const [item] = await settle(queue);
    expect(item?.status).toBe('done');
    expect(item?.note).toBe('the object changed in S3 since its download began, so it started over');
    expect(lane.proxy.count(rangedGet)).toBe(PARTS);
    expect(await filesUnder(target)).toEqual(['changed.bin']);
    expect(await sha256File(join(target, 'changed.bin'))).toBe(sha);
  });
});
