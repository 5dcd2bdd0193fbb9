// Issue 26, last paragraph: with transfers in an engine process (src/engine, a child of main), killing
// main alone must stop the engine too — nothing may be written on behalf of a process that can no
// longer journal it. The app's services run in a child process (tests/support/app-process.ts); a
// large download and a multipart upload are held mid-way at the fault proxy; only that child is
// killed with SIGKILL, and its engine (the child's child) is found through /proc. The held requests
// are then let go: an engine still alive would carry on with them. The test asserts the engine exits,
// the download's temporary file stops changing, and no request reaches the proxy once it is gone;
// then the next run over the same data folder resumes both and ends byte-identical.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyRequest } from '../../support/fault-proxy';
import {
  allDone,
  BUCKET,
  type KillWorld,
  notDone,
  openUploads,
  PROFILE,
  partPut,
  startKillWorld,
  waitForJournal,
} from '../../support/kill-world';
import { filesUnder, MiB, sha256, sha256File } from './fault-scenarios';
import { writeRandomFile } from './transfer-fixtures';

const SETTLE_MS = 180_000;
const PART_MIB = 8;
const DOWNLOAD_SIZE = 64 * MiB;
const UPLOAD_PARTS = 4;
let kw: KillWorld;
/** The engine of the killed run: ended here if a failed assertion left it running. */
let orphan: number | undefined;

beforeAll(async () => {
  kw = await startKillWorld(27);
}, 300_000);
afterAll(async () => {
  if (orphan !== undefined && (await running(orphan))) process.kill(orphan, 'SIGKILL');
  await kw?.dispose();
});

const objectGet = (req: ProxyRequest): boolean =>
  req.method === 'GET' && req.query.get('x-id') === 'GetObject';

/** The process ids whose parent is `pid` (Linux: every thread's `children` file). */
async function childrenOf(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const lists = await Promise.all(
    tasks.map((t) => readFile(`/proc/${pid}/task/${t}/children`, 'utf8').catch(() => '')),
  );
  return lists.flatMap((l) => l.split(/\s+/).filter(Boolean).map(Number));
}

/** The command line of `pid`, its arguments joined by spaces ('' once it is gone). */
const commandOf = async (pid: number): Promise<string> =>
  (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ');

/** Whether `pid` still runs (a zombie waiting to be reaped runs no code and counts as gone). */
async function running(pid: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (status === undefined) return false;
  return status.slice(status.lastIndexOf(')') + 2, status.lastIndexOf(')') + 3) !== 'Z';
}

/** Polls `test` until it holds; fails with `what` after `ms`. A bound on a hang, not a timing claim. */
async function until(test: () => Promise<boolean> | boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The download's hidden temporary file under `dir`, if any. */
async function tempFile(dir: string): Promise<string | undefined> {
  const found = (await filesUnder(dir)).find((f) => f.includes('.crossbucket-part-'));
  return found && join(dir, found);
}

/** What the temporary file holds: its length and the blocks written (ranges land at their offsets). */
async function footprint(path: string): Promise<string> {
  const s = await stat(path);
  return `${s.size} bytes, ${s.blocks} blocks, modified ${s.mtimeMs}`;
}

describe('killing main alone stops the engine', () => {
  it(
    'SIGKILL of main mid-transfer: the engine exits, writes and sends nothing more, and the next run resumes',
    async () => {
      const { dataDir, home } = await kw.dataFolder('main-alone', {
        partSizeMiB: PART_MIB,
        partConcurrency: 2,
        parallelFiles: 2,
      });
      const target = join(kw.scratch, 'main-alone-downloads');
      await mkdir(target, { recursive: true });
      const downloadKey = 'alone/down.bin';
      const body = randomBytes(DOWNLOAD_SIZE);
      const downloadSha = sha256(body);
      await kw.admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: downloadKey, Body: body }));
      const uploadFile = join(kw.scratch, 'main-alone-up.bin');
      const uploadSha = await writeRandomFile(uploadFile, UPLOAD_PARTS * PART_MIB * MiB);

      // Every ranged GET stops after 1 MiB of its answer; part 3 of the upload waits before it is sent.
      kw.proxy.script([
        {
          label: 'range held',
          match: objectGet,
          times: 1000,
          fault: { kind: 'stall', seconds: 600, afterBytes: MiB },
        },
        { label: 'part held', match: partPut(3), times: 1000, fault: { kind: 'stall', seconds: 600 } },
      ]);
      const first = await kw.startApp(home, dataDir, [], target);
      const { sessionId } = await first.request('openSession', { profile: PROFILE });
      expect(await first.request('pickDirectory', {})).toBe(target);
      await first.request('downloadObjects', {
        sessionId,
        bucket: BUCKET,
        keys: [downloadKey],
        prefixes: [],
        targetDir: target,
      });
      await first.drop([uploadFile]);
      await first.request('uploadPaths', { sessionId, bucket: BUCKET, prefix: 'alone', paths: [uploadFile] });

      // Mid-way: ranges have written into the temporary file, two parts are stored and journaled.
      await until(async () => {
        const temp = await tempFile(target);
        return temp !== undefined && (await stat(temp)).blocks > 0 && kw.proxy.inFlight(objectGet) > 0;
      }, 'the download to write its first bytes');
      await waitForJournal(
        dataDir,
        (j) =>
          j.items.some((i) => i.task.kind === 'upload' && (i.task.multipart?.upload?.done.length ?? 0) >= 2),
        'two parts journaled',
      );
      await until(() => kw.proxy.inFlight(partPut(3)) > 0, 'part 3 to be held');

      const main = first.pid!;
      // main's children: the engine, and under tsx the esbuild service that compiles main's source.
      const children = await childrenOf(main);
      const commands = await Promise.all(children.map(commandOf));
      const engines = children.filter((_, i) => /engine\/index\.ts|engine\.js/.test(commands[i]!));
      expect(engines, commands.join('\n')).toHaveLength(1);
      const engine = engines[0]!;
      orphan = engine;
      expect(await running(engine)).toBe(true);

      await first.kill();
      // What was held goes on: an engine still running would write these ranges and send part 3.
      kw.proxy.release();
      await until(async () => !(await running(engine)), 'the engine to exit after main was killed');

      const temp = (await tempFile(target))!;
      const requests = kw.proxy.stats().requests;
      const written = await footprint(temp);
      // A few polls after the engine is gone: the file and the proxy's count stay as they were.
      for (let poll = 0; poll < 5; poll++) {
        await new Promise((r) => setTimeout(r, 200));
        expect(await footprint(temp)).toBe(written);
        expect(kw.proxy.stats().requests).toBe(requests);
      }
      expect(kw.proxy.count(partPut(3))).toBe(1);
      // Part 3 never reached S3: the upload still waits there, unfinished.
      expect(await openUploads(kw.admin, 'alone/')).toBe(1);

      kw.proxy.script([]);
      kw.proxy.resetStats();
      const second = await kw.startApp(home, dataDir);
      const restored = await second.request('attach', {});
      expect(restored.transfers.items.map((i) => i.status)).toEqual(['interrupted', 'interrupted']);
      await second.request('openSession', { profile: PROFILE });
      const done = await second.waitForTransfers(allDone, 'the resumed transfers', SETTLE_MS);
      expect(notDone(done)).toEqual([]);
      // The object under its own name and nothing else: no temporary file left beside it.
      expect(await filesUnder(target)).toEqual(['down.bin']);
      expect(await sha256File(join(target, 'down.bin'))).toBe(downloadSha);
      const uploaded = await kw.admin.send(
        new GetObjectCommand({ Bucket: BUCKET, Key: 'alone/main-alone-up.bin' }),
      );
      expect(sha256(await uploaded.Body!.transformToByteArray())).toBe(uploadSha);
      // The two journaled parts were not sent again.
      expect(kw.proxy.count(partPut())).toBeLessThanOrEqual(UPLOAD_PARTS - 2);
      expect(await openUploads(kw.admin, 'alone/')).toBe(0);
      await second.quit();
    },
    SETTLE_MS + 180_000,
  );
});
