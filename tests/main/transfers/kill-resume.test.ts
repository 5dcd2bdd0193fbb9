// Issue 14, item 5: the app's main-process services run in a child process (tests/support/app-process.ts)
// and are killed with SIGKILL in the middle of a large upload and of a many-file download, or quit
// as the app quits, then started again over the same data folder. The transfers come back as
// interrupted, continue once their session is opened again (with its MFA prompt), and finish
// byte-identical, with no multipart upload left open and no temporary file left on disk.
//
// CI: a 128 MiB upload and 200 files; CROSSBUCKET_FAULTS_FULL=1: 1 GiB and 1,000 files. The quit
// case uploads 32 MiB at either size.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalContents } from '../../../src/main/transfers/journal/records';
import type { MfaPrompt } from '../../../src/shared/models/session';
import type { TransferSnapshot } from '../../../src/shared/models/transfer';
import { AppProcess } from '../../support/app-process-control';
import { createWorld, mfaSerialArn, type World } from '../../support/aws-world';
import { type FaultProxy, type ProxyRequest, startFaultProxy } from '../../support/fault-proxy';
import { allow, policy, trustAccount } from '../../support/policies';
import { FULL, filesUnder, MiB, sha256, sha256File } from './fault-scenarios';
import { writeRandomFile } from './transfer-fixtures';

const SOURCE = '111111111111';
const TARGET = '222222222222';
const BUCKET = 'kill-target';
const PROFILE = 'mover';
const SIZE = FULL ? 1024 * MiB : 128 * MiB;
const PART_MIB = 8;
const PARTS = SIZE / (PART_MIB * MiB);
const FILES = FULL ? 1000 : 200;
/** Ample for a loaded machine; what must fail is a transfer that never finishes, not a slow one. */
const SETTLE_MS = FULL ? 1_200_000 : 180_000;

let world: World;
let proxy: FaultProxy;
let scratch: string;
let bigFile: string;
let bigSha: string;
const started: AppProcess[] = [];

/** A PUT of part `n` of a multipart upload. */
const partPut =
  (n?: number) =>
  (req: ProxyRequest): boolean =>
    req.method === 'PUT' &&
    req.query.has('uploadId') &&
    (n === undefined || req.query.get('partNumber') === String(n));
/** A GET of one object (not a listing). */
const objectGet = (req: ProxyRequest): boolean =>
  req.method === 'GET' && req.query.get('x-id') === 'GetObject';

/** Holds the first `times` matching requests for ten minutes: the transfer cannot finish before the process ends. */
const stall = (match: (req: ProxyRequest) => boolean, times = 1) =>
  proxy.script([{ label: 'held', match, times, fault: { kind: 'stall', seconds: 600 } }]);

/** A data folder of its own per scenario, with settings that make a large upload many parts. */
async function dataFolder(name: string): Promise<{ dataDir: string; home: string }> {
  const home = join(scratch, name);
  const dataDir = join(home, '.config', 'Crossbucket');
  await mkdir(dataDir, { recursive: true });
  await writeFile(
    join(dataDir, 'settings.json'),
    JSON.stringify({ partSizeMiB: PART_MIB, partConcurrency: 2, parallelFiles: 4 }),
  );
  return { dataDir, home };
}

/**
 * The app over `home`: S3 goes through the proxy (AWS_ENDPOINT_URL_S3, as a user of a custom
 * endpoint sets it), STS to the world. MFA prompts are answered with the device's code, and counted.
 */
async function startApp(home: string, dataDir: string, directory?: string) {
  const app = await AppProcess.start({
    dataDir,
    env: { HOME: home, PATH: process.env.PATH ?? '', ...world.env, AWS_ENDPOINT_URL_S3: proxy.endpoint },
    ...(directory && { directory }),
  });
  started.push(app);
  const prompts: MfaPrompt[] = [];
  app.onEvent((event, payload) => {
    if (event !== 'mfaRequired') return;
    const prompt = payload as MfaPrompt;
    prompts.push(prompt);
    void app.request('answerMfa', { promptId: prompt.promptId, code: world.mfaCode(prompt.mfaSerial) });
  });
  return { app, prompts };
}

const admin = (): S3Client => world.s3For(TARGET);

const journalOf = async (dataDir: string): Promise<JournalContents> =>
  JSON.parse(await readFile(join(dataDir, 'transfer-journal.json'), 'utf8')) as JournalContents;

/** The figures, in the test output. */
const figures = (line: string): void => console.log(`[kill-resume] ${line}`);

/** The multipart upload the journal's first item records. */
const uploadIn = (journal: JournalContents) => {
  const task = journal.items[0]?.task;
  return task?.kind === 'upload' ? task.multipart?.upload : undefined;
};

/** Polls the journal on disk (each write replaces it whole, so a read never sees half of one). */
async function waitForJournal(dataDir: string, test: (j: JournalContents) => boolean, what: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const journal = await journalOf(dataDir).catch(() => undefined);
    if (journal && test(journal)) return journal;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The journal names sessions by how they were opened, never by credentials: none of the world's
 * keys, no key id of an assumed role (ASIA…), no STS session token (moto's begin FQoGZXIvYXdz).
 */
function expectNoSecrets(journal: string): void {
  for (const secret of world.secretsSeen()) expect(journal).not.toContain(secret);
  expect(journal).not.toMatch(/accessKey|secret|sessionToken|token/i);
  expect(journal).not.toMatch(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|FQoGZXIvYXdz/);
}

async function openUploads(prefix: string): Promise<number> {
  const listed = await admin().send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: prefix }));
  return listed.Uploads?.length ?? 0;
}

async function objectSha(key: string): Promise<string> {
  const got = await admin().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return sha256(await got.Body!.transformToByteArray());
}

const allDone = (s: TransferSnapshot) => s.items.length > 0 && s.items.every((i) => i.status === 'done');
const notDone = (s: TransferSnapshot) =>
  s.items.filter((i) => i.status !== 'done').map((i) => [i.target, i.status, i.error?.message]);

beforeAll(async () => {
  world = await createWorld({
    accounts: {
      [SOURCE]: {
        users: {
          alice: { mfa: true, policies: [policy(allow('sts:AssumeRole', `arn:aws:iam::${TARGET}:role/*`))] },
        },
      },
      [TARGET]: {
        roles: {
          [PROFILE]: { trust: trustAccount(SOURCE, { requireMfa: true }), policies: [policy(allow('s3:*'))] },
        },
        buckets: { [BUCKET]: {} },
      },
    },
    profiles: {
      alice: { region: 'us-east-1' },
      [PROFILE]: {
        role_arn: `arn:aws:iam::${TARGET}:role/${PROFILE}`,
        source_profile: 'alice',
        mfa_serial: mfaSerialArn(SOURCE, 'alice'),
        region: 'us-east-1',
      },
    },
    // Trust policies, MFA codes and all, answered as AWS would.
    guardSts: true,
  });
  await world.moto.setRecording(false);
  proxy = await startFaultProxy({ upstream: world.moto.endpoint, seed: 14 });
  scratch = await mkdtemp(join(tmpdir(), 'kill-resume-'));
  bigFile = join(scratch, 'desktop', 'big.bin');
  await mkdir(join(scratch, 'desktop'), { recursive: true });
  bigSha = await writeRandomFile(bigFile, SIZE);
}, 300_000);

afterAll(async () => {
  for (const app of started) await app.kill().catch(() => undefined);
  await proxy?.close();
  await world?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('transfers survive the app being killed or quit', () => {
  it(
    'SIGKILL mid-upload: the next run continues the same multipart upload and finishes byte-identical',
    async () => {
      const { dataDir, home } = await dataFolder('upload-kill');
      const key = 'kill/big.bin';
      stall(partPut(PARTS / 2 + 1));
      const first = await startApp(home, dataDir);
      const { sessionId } = await first.app.request('openSession', { profile: PROFILE });
      expect(first.prompts).toHaveLength(1);
      await first.app.drop([bigFile]);
      await first.app.request('uploadPaths', { sessionId, bucket: BUCKET, prefix: 'kill', paths: [bigFile] });
      await first.app.waitForTransfers((s) => s.totals.bytesDone >= SIZE * 0.6, 'most of the upload');
      await waitForJournal(dataDir, (j) => (uploadIn(j)?.done.length ?? 0) >= PARTS / 4, 'parts journaled');
      await first.app.kill();

      // What S3 holds now: one unfinished upload with the parts that were sent.
      const uploads = await admin().send(
        new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'kill/' }),
      );
      expect(uploads.Uploads?.map((u) => u.Key)).toEqual([key]);
      const uploadId = uploads.Uploads?.[0]?.UploadId;
      const held = await admin().send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
      // What the journal knew when the process died: the same upload, most of those parts.
      const upload = uploadIn(await journalOf(dataDir));
      expect(upload?.uploadId).toBe(uploadId);
      const known = upload?.done.length ?? 0;
      expect(known).toBeGreaterThan(0);
      expect(held.Parts?.length).toBeGreaterThanOrEqual(known);
      expectNoSecrets(await readFile(join(dataDir, 'transfer-journal.json'), 'utf8'));
      // Nothing half-made is visible at the target meanwhile.
      const visible = await admin().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'kill/' }));
      expect(visible.KeyCount).toBe(0);

      proxy.script([]);
      proxy.resetStats();
      const second = await startApp(home, dataDir);
      const restored = await second.app.request('attach', {});
      expect(restored.transfers.items.map((i) => [i.status, i.target, i.resumeWith])).toEqual([
        ['interrupted', `s3://${BUCKET}/${key}`, [PROFILE]],
      ]);
      // Opening the session again (its chain asks for an MFA code) is what resumes it.
      await second.app.request('openSession', { profile: PROFILE });
      expect(second.prompts).toHaveLength(1);
      const done = await second.app.waitForTransfers(allDone, 'the resumed upload', SETTLE_MS);
      expect(notDone(done)).toEqual([]);
      // Into the same upload, only the parts S3 did not hold: those the journal did not know but S3
      // listed are kept when they hold the file's bytes (kill-resend.test.ts); the held part is sent.
      const sent = proxy.count(partPut());
      expect(sent).toBeLessThanOrEqual(PARTS - (held.Parts?.length ?? 0));
      expect(proxy.count(partPut(PARTS / 2 + 1))).toBe(1);
      expect(proxy.count((r) => r.method === 'POST' && r.query.has('uploads'))).toBe(0);
      expect(await objectSha(key)).toBe(bigSha);
      expect(await openUploads('kill/')).toBe(0);
      figures(
        `SIGKILL mid-upload: ${SIZE / MiB} MiB in ${PARTS} parts, ${known} journaled before the kill, ` +
          `${held.Parts?.length} held by S3, ${sent} sent after it into the same upload; ${SIZE / MiB} MiB verified; 0 uploads left open`,
      );
      // Nothing is left to resume, so nothing is kept.
      await second.app.quit();
      expect(existsSync(join(dataDir, 'transfer-journal.json'))).toBe(false);
    },
    SETTLE_MS + 120_000,
  );

  it(
    'SIGKILL mid-download of many files: the next run fetches the rest, with no temporary file left',
    async () => {
      const { dataDir, home } = await dataFolder('download-kill');
      const target = join(scratch, 'downloads');
      await mkdir(target, { recursive: true });
      const contents = new Map<string, string>();
      const names = Array.from({ length: FILES }, (_, i) => `file-${String(i).padStart(4, '0')}.bin`);
      for (let i = 0; i < names.length; i += 16)
        await Promise.all(
          names.slice(i, i + 16).map(async (name, j) => {
            const body = randomBytes(1024 + ((i + j) % 7) * 4096);
            contents.set(name, sha256(body));
            await admin().send(new PutObjectCommand({ Bucket: BUCKET, Key: `many/${name}`, Body: body }));
          }),
        );
      // The GETs of the second half are held: the process is killed with half the files on disk,
      // a few of them started and the rest waiting in the queue.
      const secondHalf = (req: ProxyRequest): boolean =>
        Number(/file-(\d+)\.bin$/.exec(req.path)?.[1] ?? -1) >= FILES / 2;
      stall((req) => objectGet(req) && secondHalf(req), FILES);
      const first = await startApp(home, dataDir, target);
      const { sessionId } = await first.app.request('openSession', { profile: PROFILE });
      const granted = await first.app.request('pickDirectory', {});
      expect(granted).toBe(target);
      await first.app.request('downloadObjects', {
        sessionId,
        bucket: BUCKET,
        keys: [],
        prefixes: ['many/'],
        targetDir: target,
      });
      await first.app.waitForTransfers((s) => s.totals.byStatus.done >= FILES / 2, 'half the files');
      // The journal is written a second after a change (files finishing are not worth an fsync
      // each): kill once it has dropped some finished files, as it will have in real use.
      await waitForJournal(dataDir, (j) => j.items.length < FILES, 'the journal to drop finished files');
      await first.app.kill();
      // Under the files' own names there is only what is whole: the rest is in hidden temporary files.
      const visible = (await filesUnder(target)).filter((f) => !f.includes('.crossbucket-part-'));
      for (const file of visible)
        expect(await sha256File(join(target, file)), file).toBe(contents.get(file.slice('many/'.length)));
      const placed = visible.length;
      expect(placed).toBe(FILES / 2);
      expectNoSecrets(await readFile(join(dataDir, 'transfer-journal.json'), 'utf8'));

      proxy.script([]);
      proxy.resetStats();
      const second = await startApp(home, dataDir);
      const restored = await second.app.request('attach', {});
      const interrupted = restored.transfers.items.filter((i) => i.status === 'interrupted').length;
      expect(interrupted).toBeGreaterThanOrEqual(FILES - placed);
      expect(interrupted).toBeLessThan(FILES);
      await second.app.request('openSession', { profile: PROFILE });
      const done = await second.app.waitForTransfers(allDone, 'the resumed download', SETTLE_MS);
      expect(notDone(done)).toEqual([]);
      // Files placed before the kill are not fetched again, even those the journal had not yet
      // dropped (their bytes on disk are checked against the object's ETag instead).
      expect(proxy.count(objectGet)).toBeLessThanOrEqual(FILES - placed);
      // Exactly the files, byte for byte: no `.crossbucket-part-` file left beside them.
      expect(await filesUnder(target)).toEqual(names.map((name) => join('many', name)));
      for (const name of names)
        expect(await sha256File(join(target, 'many', name)), name).toBe(contents.get(name));
      figures(
        `SIGKILL mid-download: ${FILES} files, ${placed} placed before the kill, ${interrupted} listed as ` +
          `interrupted, ${proxy.count(objectGet)} fetched after it; all ${FILES} verified; 0 temporary files left`,
      );
      await second.app.quit();
    },
    SETTLE_MS + 120_000,
  );

  it(
    'a normal quit mid-upload keeps it for next time, and Resume opens its session itself',
    async () => {
      const { dataDir, home } = await dataFolder('upload-quit');
      const key = 'quit/quit.bin';
      // What a quit keeps does not depend on size: four parts are enough (and spare CI the bytes).
      const parts = 4;
      const file = join(scratch, 'desktop', 'quit.bin');
      const sha = await writeRandomFile(file, parts * PART_MIB * MiB);
      stall(partPut(3));
      const first = await startApp(home, dataDir);
      const { sessionId } = await first.app.request('openSession', { profile: PROFILE });
      await first.app.drop([file]);
      await first.app.request('uploadPaths', { sessionId, bucket: BUCKET, prefix: 'quit', paths: [file] });
      // Quit once two parts are finished (the bytes a row shows include parts still being sent).
      await waitForJournal(dataDir, (j) => (uploadIn(j)?.done.length ?? 0) >= 2, 'two finished parts');
      await first.app.quit();

      // Quitting aborted nothing: the upload waits in S3, the journal on disk.
      expect(await openUploads('quit/')).toBe(1);
      const known = uploadIn(await journalOf(dataDir))?.done.length ?? 0;
      expect(known).toBeGreaterThanOrEqual(2);

      proxy.script([]);
      proxy.resetStats();
      const second = await startApp(home, dataDir);
      const [item] = (await second.app.request('attach', {})).transfers.items;
      expect([item?.status, item?.target]).toEqual(['interrupted', `s3://${BUCKET}/${key}`]);
      // The row's Resume: main opens the session itself (asking for the MFA code), then it continues.
      await second.app.request('resumeTransfers', { ids: [item!.id] });
      expect(second.prompts).toHaveLength(1);
      const done = await second.app.waitForTransfers(allDone, 'the resumed upload', SETTLE_MS);
      expect(notDone(done)).toEqual([]);
      // A quit writes the journal last, so it knew every finished part: only the rest is sent, less
      // any part whose answer the quit cut off after S3 stored it (kept: it holds the file's bytes).
      expect(proxy.count(partPut())).toBeLessThanOrEqual(parts - known);
      expect(proxy.count(partPut(3))).toBe(1);
      expect(proxy.count((r) => r.method === 'POST' && r.query.has('uploads'))).toBe(0);
      expect(await objectSha(key)).toBe(sha);
      expect(await openUploads('quit/')).toBe(0);
      figures(
        `Quit mid-upload: ${parts} parts, ${known} kept by the quit, ${proxy.count(partPut())} sent after the restart; ` +
          'verified; 0 uploads left open',
      );
      await second.app.quit();
    },
    SETTLE_MS + 120_000,
  );
});
