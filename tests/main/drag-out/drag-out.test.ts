import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DragOutService } from '../../../src/main/drag-out/drag-out';
import { EventHub } from '../../../src/main/events/event-sink';
import { TransferQueue } from '../../../src/main/transfers/transfer-queue';
import type { World } from '../../support/aws-world';
import { ALPHA, RecordingSink, type TestS3, testS3, transferWorld } from '../transfers/transfer-fixtures';

// Drag-out's main-side part against moto: the Electron binary is missing here, so the OS drag
// itself is covered by the Electron spec where it exists; this proves what is handed to it.

const BUCKET = 'alpha-data';
const OBJECTS: Record<string, string> = {
  'docs/a.txt': 'alpha a\n',
  'docs/photos/x.jpg': 'not really a jpeg\n',
  'docs/photos/sub/y.bin': 'y'.repeat(70_000),
  'docs/empty/': '',
  'docs/b.txt': 'not selected\n',
};

let world: World;
let temp: string;
let queue: TransferQueue;
let lane: TestS3;
let dragOut: DragOutService;
const hub = new EventHub();
const recorder = new RecordingSink();

beforeAll(async () => {
  world = await transferWorld();
  const s3 = world.s3For(ALPHA);
  for (const [Key, Body] of Object.entries(OBJECTS))
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  lane = await testS3(world, { alice: world.users.alice as NonNullable<World['users'][string]> });
  hub.add(recorder);
  queue = new TransferQueue({
    clients: lane.clients,
    engine: lane.engine,
    sessions: lane.sessions,
    sink: hub,
    settings: () => ({ parallelFiles: 4, partSizeMiB: 5, partConcurrency: 3 }),
  });
  temp = mkdtempSync(join(tmpdir(), 'crossbucket-drag-test-'));
  dragOut = new DragOutService({
    queue,
    onQueueChange: (listener) => hub.add({ emit: (event) => event === 'transfersChanged' && listener() }),
    tempRoot: temp,
  });
});

afterAll(async () => {
  await queue?.dispose();
  await dragOut?.dispose();
  await lane?.close();
  await world?.dispose();
  rmSync(temp, { recursive: true, force: true });
});

const selection = {
  sessionId: 'alice',
  bucket: BUCKET,
  keys: ['docs/a.txt'],
  prefixes: ['docs/photos/', 'docs/empty/'],
};

describe('drag-out preparation', () => {
  it('downloads the selection through the queue and hands over its files and folders', async () => {
    const prepared = await dragOut.prepare(selection);
    const files = dragOut.files(prepared.dragId);
    expect(files.map((f) => basename(f))).toEqual(['a.txt', 'empty', 'photos']);
    expect(prepared.items).toBe(3);
    const [a, empty, photos] = files as [string, string, string];
    expect(readFileSync(a, 'utf8')).toBe(OBJECTS['docs/a.txt']);
    expect(statSync(empty).isDirectory()).toBe(true);
    expect(readFileSync(join(photos, 'x.jpg'), 'utf8')).toBe(OBJECTS['docs/photos/x.jpg']);
    expect(readFileSync(join(photos, 'sub/y.bin'), 'utf8')).toBe(OBJECTS['docs/photos/sub/y.bin']);
    // The unselected object stayed in S3; every path lives in main's own temporary folder.
    expect(files.every((f) => f.startsWith(temp))).toBe(true);
    expect(existsSync(join(temp, 'b.txt'))).toBe(false);

    // Progress showed in the transfers panel, as downloads of one job.
    const downloads = queue.snapshot().items.filter((i) => i.direction === 'download');
    expect(downloads.map((i) => i.source).sort()).toEqual([
      `s3://${BUCKET}/docs/a.txt`,
      `s3://${BUCKET}/docs/empty/`,
      `s3://${BUCKET}/docs/photos/sub/y.bin`,
      `s3://${BUCKET}/docs/photos/x.jpg`,
    ]);
    expect(new Set(downloads.map((i) => i.jobId)).size).toBe(1);
    expect(downloads.every((i) => i.status === 'done')).toBe(true);
    expect(recorder.of('transfersChanged').length).toBeGreaterThan(0);
  });

  it('hands the same files over again for a second drag, without downloading again', async () => {
    const first = await dragOut.prepare(selection);
    const gets = lane.sent().filter((c) => c.name === 'GetObjectCommand').length;
    const again = await dragOut.prepare({ ...selection, prefixes: [...selection.prefixes].reverse() });
    expect(again.dragId).toBe(first.dragId);
    expect(lane.sent().filter((c) => c.name === 'GetObjectCommand').length).toBe(gets);
  });

  const dragRoot = (): string => join(temp, readdirSync(temp)[0] as string);
  const gets = (): number => lane.sent().filter((c) => c.name === 'GetObjectCommand').length;
  const jobOf = (source: string) => queue.snapshot().items.filter((i) => i.source === source);
  const failing = (key: string) => ({ sessionId: 'alice', bucket: BUCKET, keys: [key], prefixes: [] });

  it('fails with the download’s reason, and keeps the folder its items in Transfers would retry into', async () => {
    const before = readdirSync(dragRoot()).length;
    await expect(dragOut.prepare(failing('docs/missing.txt'))).rejects.toMatchObject({
      appError: {
        message: expect.stringMatching(/^Could not prepare s3:\/\/alpha-data\/docs\/missing\.txt/),
        hints: expect.arrayContaining([
          expect.stringMatching(/^Drag the rows again \(or Retry in Transfers\)/),
        ]),
      },
    });
    expect(readdirSync(dragRoot())).toHaveLength(before + 1);
  });

  it('a Retry in Transfers writes into the kept folder, and the next drag hands it over at once', async () => {
    await expect(dragOut.prepare(failing('docs/late.txt'))).rejects.toThrow(/Could not prepare/);
    const [failed] = jobOf(`s3://${BUCKET}/docs/late.txt`);
    expect(failed?.status).toBe('failed');
    await world
      .s3For(ALPHA)
      .send(new PutObjectCommand({ Bucket: BUCKET, Key: 'docs/late.txt', Body: 'late\n' }));

    // The user presses Retry in the transfers panel, not in the drag.
    queue.retry([failed?.id ?? 'missing']);
    await expect.poll(() => jobOf(`s3://${BUCKET}/docs/late.txt`)[0]?.status).toBe('done');
    const fetched = gets();
    const prepared = await dragOut.prepare(failing('docs/late.txt'));
    const [file] = dragOut.files(prepared.dragId);
    expect(readFileSync(file ?? '', 'utf8')).toBe('late\n');
    expect(gets()).toBe(fetched);
    // The retried item wrote where the drag reads: no second job, no stray copy.
    expect(jobOf(`s3://${BUCKET}/docs/late.txt`)).toHaveLength(1);
  });

  it('dragging a failed selection again retries its items in place instead of queueing a new job', async () => {
    await expect(dragOut.prepare(failing('docs/later.txt'))).rejects.toThrow(/Could not prepare/);
    await world
      .s3For(ALPHA)
      .send(new PutObjectCommand({ Bucket: BUCKET, Key: 'docs/later.txt', Body: 'later\n' }));
    const prepared = await dragOut.prepare(failing('docs/later.txt'));
    expect(readFileSync(dragOut.files(prepared.dragId)[0] ?? '', 'utf8')).toBe('later\n');
    expect(jobOf(`s3://${BUCKET}/docs/later.txt`).map((i) => i.status)).toEqual(['done']);
  });

  it('removes a failed drag’s folder once its items are cleared from Transfers', async () => {
    const before = readdirSync(dragRoot()).length;
    await expect(dragOut.prepare(failing('docs/never.txt'))).rejects.toThrow(/Could not prepare/);
    expect(readdirSync(dragRoot())).toHaveLength(before + 1);
    const [failed] = jobOf(`s3://${BUCKET}/docs/never.txt`);
    queue.retry([failed?.id ?? 'missing']);
    queue.cancel([failed?.id ?? 'missing']);
    await expect.poll(() => jobOf(`s3://${BUCKET}/docs/never.txt`)[0]?.status).toBe('cancelled');
    queue.clearFinished();
    await expect.poll(() => readdirSync(dragRoot()).length).toBe(before);
  });

  it('hands over only what it prepared itself', () => {
    expect(() => dragOut.files('not-a-drag')).toThrow(/no longer prepared/);
  });

  it('removes its temporary folder when the app quits', async () => {
    const root = join(temp, readdirSync(temp)[0] as string);
    expect(existsSync(root)).toBe(true);
    await dragOut.dispose();
    expect(existsSync(root)).toBe(false);
  });
});
