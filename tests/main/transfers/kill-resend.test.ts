// Issue 26: a resumed transfer sends only what the server does not already hold, and leaves nothing
// behind. The app's services run in a child process (tests/support/app-process.ts) with
// tests/support/journal-hold.ts loaded: on the test's signal the journal's next rename never
// happens, so the process can be killed between the journal's temporary write and its rename, or
// after transfers finished that the journal never recorded — the moments a SIGKILL can strike. The
// next run (without the hold) resumes; the fault proxy's counts say what was sent again.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, ListPartsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyRequest } from '../../support/fault-proxy';
import {
  allDone,
  BUCKET,
  holdJournal,
  JOURNAL_HOLD,
  journalOf,
  journalPath,
  type KillWorld,
  notDone,
  objectPut,
  openUploads,
  PROFILE,
  partPut,
  startKillWorld,
  uploadIn,
  waitForJournal,
} from '../../support/kill-world';
import { MiB, sha256 } from './fault-scenarios';
import { writeRandomFile } from './transfer-fixtures';

const SETTLE_MS = 180_000;
let kw: KillWorld;

beforeAll(async () => {
  kw = await startKillWorld(26);
}, 300_000);
afterAll(() => kw?.dispose());

/** Holds the first `times` matching requests until `kw.proxy.release()` (or ten minutes). */
const stall = (match: Parameters<typeof kw.proxy.count>[0], times = 1000) =>
  kw.proxy.script([{ label: 'held', match, times, fault: { kind: 'stall', seconds: 600 } }]);

async function objectSha(key: string): Promise<string> {
  const got = await kw.admin.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return sha256(await got.Body!.transformToByteArray());
}

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await kw.admin.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '');
}

/**
 * The next run over the same data folder: nothing held, the proxy's figures counted afresh. The
 * requests the killed process left held stay held (their bodies must not reach S3 now).
 */
async function restart(home: string, dataDir: string) {
  kw.proxy.script([]);
  kw.proxy.resetStats();
  const app = await kw.startApp(home, dataDir);
  const restored = await app.request('attach', {});
  return { app, restored };
}

describe('a resumed transfer sends only what the server does not already hold', () => {
  it(
    'a kill between the journal’s temporary write and its rename leaves no stale copy behind',
    async () => {
      const { dataDir, home } = await kw.dataFolder('temp-copy', { partSizeMiB: 5, parallelFiles: 2 });
      const files = join(kw.scratch, 'temp-copy-files');
      await mkdir(files, { recursive: true });
      const [a, b] = [join(files, 'a.bin'), join(files, 'b.bin')];
      await writeFile(a, randomBytes(4096));
      await writeFile(b, randomBytes(4096));
      stall(objectPut('tmp/'));
      const first = await kw.startApp(home, dataDir, [JOURNAL_HOLD]);
      const { sessionId } = await first.request('openSession', { profile: PROFILE });
      await first.drop([a, b]);
      await first.request('uploadPaths', { sessionId, bucket: BUCKET, prefix: 'tmp', paths: [a] });
      await waitForJournal(dataDir, (j) => j.items.length === 1, 'the first journal');
      await holdJournal(first);
      // A second file changes the queue: the journal's next write stops before its rename.
      const held = first.nextEvent('test:journal-held');
      // Not awaited: the request answers once the journal holds the new file, which it never will.
      void first.request('uploadPaths', { sessionId, bucket: BUCKET, prefix: 'tmp', paths: [b] });
      await held;
      await first.kill();
      expect(existsSync(`${journalPath(dataDir)}.tmp`)).toBe(true);
      expect((await journalOf(dataDir)).items).toHaveLength(1);

      const { app, restored } = await restart(home, dataDir);
      // The journal was read; the write the kill cut off is gone, not kept for a later run.
      expect(restored.transfers.items.map((i) => i.status)).toEqual(['interrupted']);
      expect(existsSync(`${journalPath(dataDir)}.tmp`)).toBe(false);
      await app.request('cancelTransfers', { ids: restored.transfers.items.map((i) => i.id) });
      await app.quit();
      expect(existsSync(journalPath(dataDir))).toBe(false);
      expect(existsSync(`${journalPath(dataDir)}.tmp`)).toBe(false);
    },
    SETTLE_MS,
  );

  it(
    'small files stored after the journal’s last write are not sent again: only the others are',
    async () => {
      const COUNT = 50;
      const STORED = 30;
      const { dataDir, home } = await kw.dataFolder('small-files', { partSizeMiB: 5, parallelFiles: 4 });
      const folder = join(kw.scratch, 'small');
      await mkdir(folder, { recursive: true });
      const paths: string[] = [];
      const shas: string[] = [];
      const sizes: number[] = [];
      for (let i = 0; i < COUNT; i++) {
        const body = randomBytes(1024 + (i % 9) * 7000);
        paths.push(join(folder, `file-${String(i).padStart(2, '0')}.bin`));
        shas.push(sha256(body));
        sizes.push(body.length);
        await writeFile(paths[i]!, body);
      }
      const index = (path: string): number => Number(/file-(\d+)\.bin$/.exec(path)?.[1] ?? -1);
      // Every PUT waits until the journal lists all the files as unfinished and is held there.
      stall(objectPut('small/'));
      const first = await kw.startApp(home, dataDir, [JOURNAL_HOLD]);
      const { sessionId } = await first.request('openSession', { profile: PROFILE });
      await first.drop(paths);
      await first.request('uploadPaths', { sessionId, bucket: BUCKET, prefix: 'small', paths });
      await waitForJournal(dataDir, (j) => j.items.length === COUNT, 'the journal to list every file');
      await holdJournal(first);
      // The first STORED files reach S3; the rest stay held. The journal records none of it.
      const later = (r: ProxyRequest): boolean => index(r.path) >= STORED;
      stall((r) => objectPut('small/')(r) && later(r));
      kw.proxy.release((r) => !later(r));
      await first.waitForTransfers((s) => s.totals.byStatus.done >= STORED, 'the first files');
      await first.kill();
      expect(await keysUnder('small/')).toHaveLength(STORED);
      expect((await journalOf(dataDir)).items).toHaveLength(COUNT);

      const { app, restored } = await restart(home, dataDir);
      expect(restored.transfers.items.filter((i) => i.status === 'interrupted')).toHaveLength(COUNT);
      await app.request('openSession', { profile: PROFILE });
      const done = await app.waitForTransfers(allDone, 'the resumed files', SETTLE_MS);
      expect(notDone(done)).toEqual([]);
      // Asked first (HEAD), the server holds the stored files byte for byte: only the rest is sent.
      const missing = sizes.slice(STORED).reduce((sum, n) => sum + n, 0);
      expect(kw.proxy.count(objectPut('small/'))).toBe(COUNT - STORED);
      expect(kw.proxy.bytes(objectPut('small/')).sent).toBe(missing);
      for (const [i, path] of paths.entries())
        expect(await objectSha(`small/${path.split('/').pop()}`), path).toBe(shas[i]);
      console.log(
        `[kill-resend] ${COUNT} small files, ${STORED} stored after the journal's last write: ` +
          `${kw.proxy.count(objectPut('small/'))} sent after the kill (${missing} bytes), none of the stored ones`,
      );
      await app.quit();
    },
    SETTLE_MS + 60_000,
  );

  it(
    'parts S3 stored but the journal never recorded are adopted, not sent again',
    async () => {
      const PART = 5 * MiB;
      const PARTS = 8;
      const STORED = 4;
      const { dataDir, home } = await kw.dataFolder('parts', {
        partSizeMiB: PART / MiB,
        partConcurrency: STORED,
        parallelFiles: 1,
      });
      const file = join(kw.scratch, 'parts.bin');
      const sha = await writeRandomFile(file, PARTS * PART);
      const key = 'parts/parts.bin';
      // No part goes until the journal holds the upload's id (and no part) and is held there.
      stall(partPut());
      const first = await kw.startApp(home, dataDir, [JOURNAL_HOLD]);
      const { sessionId } = await first.request('openSession', { profile: PROFILE });
      await first.drop([file]);
      await first.request('uploadPaths', { sessionId, bucket: BUCKET, prefix: 'parts', paths: [file] });
      const journaled = await waitForJournal(dataDir, (j) => uploadIn(j) !== undefined, 'the upload id');
      await holdJournal(first);
      // The parts in flight reach S3; the others stay held. The journal records none of them.
      const later = (r: ProxyRequest): boolean => Number(r.query.get('partNumber')) > STORED;
      stall((r) => partPut()(r) && later(r));
      kw.proxy.release((r) => !later(r));
      const uploadId = uploadIn(journaled)!.uploadId;
      const deadline = Date.now() + 60_000;
      for (;;) {
        const listed = await kw.admin.send(
          new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }),
        );
        if ((listed.Parts?.length ?? 0) >= STORED) break;
        if (Date.now() > deadline) throw new Error('timed out waiting for the parts in flight to be stored');
        await new Promise((r) => setTimeout(r, 50));
      }
      await first.kill();
      expect(uploadIn(await journalOf(dataDir))?.done).toEqual([]);
      // Parts whose whole body was on its way when the process died may be stored too.
      const listed = await kw.admin.send(
        new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }),
      );
      const stored = listed.Parts?.length ?? 0;

      const { app } = await restart(home, dataDir);
      await app.request('openSession', { profile: PROFILE });
      const done = await app.waitForTransfers(allDone, 'the resumed upload', SETTLE_MS);
      expect(notDone(done)).toEqual([]);
      // The stored parts hash (on the worker thread) to the ETags S3 lists: only the rest is sent.
      const sentParts = kw.proxy.count(partPut());
      const sentBytes = kw.proxy.bytes(partPut()).sent;
      expect(stored).toBeGreaterThanOrEqual(STORED);
      expect(sentParts).toBe(PARTS - stored);
      expect(sentBytes).toBeGreaterThanOrEqual((PARTS - stored) * PART);
      expect(sentBytes).toBeLessThan((PARTS - stored + 1) * PART);
      expect(kw.proxy.count((r) => r.method === 'POST' && r.query.has('uploads'))).toBe(0);
      expect(await objectSha(key)).toBe(sha);
      expect(await openUploads(kw.admin, 'parts/')).toBe(0);
      console.log(
        `[kill-resend] ${PARTS} parts, ${stored} stored but not journaled at the kill: ${sentParts} sent after it`,
      );
      await app.quit();
    },
    SETTLE_MS + 60_000,
  );

  it(
    'an upload completed after the journal’s last write is recognised by its ETag, not sent again',
    async () => {
      const PART = 5 * MiB;
      const PARTS = 4;
      const { dataDir, home } = await kw.dataFolder('completed', {
        partSizeMiB: PART / MiB,
        partConcurrency: PARTS,
        parallelFiles: 1,
      });
      const file = join(kw.scratch, 'completed.bin');
      const sha = await writeRandomFile(file, PARTS * PART);
      const key = 'completed/completed.bin';
      stall(partPut());
      const first = await kw.startApp(home, dataDir, [JOURNAL_HOLD]);
      const { sessionId } = await first.request('openSession', { profile: PROFILE });
      await first.drop([file]);
      await first.request('uploadPaths', { sessionId, bucket: BUCKET, prefix: 'completed', paths: [file] });
      await waitForJournal(dataDir, (j) => uploadIn(j) !== undefined, 'the upload id');
      await holdJournal(first);
      // Every part and the Complete go through; the journal still says no part is done.
      kw.proxy.script([]);
      kw.proxy.release();
      await first.waitForTransfers(allDone, 'the upload to complete');
      await first.kill();
      expect(uploadIn(await journalOf(dataDir))?.done).toEqual([]);

      const { app } = await restart(home, dataDir);
      await app.request('openSession', { profile: PROFILE });
      const done = await app.waitForTransfers(allDone, 'the resumed upload', SETTLE_MS);
      expect(notDone(done)).toEqual([]);
      // ListParts: no such upload; the object's ETag is the MD5 of the file's parts' MD5s.
      expect(kw.proxy.count(partPut())).toBe(0);
      expect(kw.proxy.count((r) => r.method === 'POST' && r.query.has('uploads'))).toBe(0);
      expect(await objectSha(key)).toBe(sha);
      expect(await openUploads(kw.admin, 'completed/')).toBe(0);
      await app.quit();
    },
    SETTLE_MS + 60_000,
  );
});
