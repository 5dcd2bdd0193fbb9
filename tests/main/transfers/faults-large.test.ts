// A large upload and a large download, through the fault proxy, under each fault pattern: the
// result is byte-identical, nothing partial is left at the target, no multipart upload is left
// open, and retries stay bounded. 64 MiB in CI, 1 GiB with CROSSBUCKET_FAULTS_FULL=1.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type FaultWorld,
  type Figures,
  FULL,
  filesUnder,
  MiB,
  notApplicable,
  objectGets,
  objectPuts,
  openUploads,
  PATTERNS,
  printFigures,
  retriesOf,
  sha256File,
  startFaultWorld,
  startQueue,
} from './fault-scenarios';

const SIZE = FULL ? 1024 * MiB : 64 * MiB;
const BUCKET = 'alpha-data';
/** Put there by another tool in 8 MiB parts: its ETag is an MD5 of part MD5s. */
const SEEDED = 'seed/big.bin';

let fw: FaultWorld;
let scratch: string;
let source: string;
let sourceSha: string;
const figures: Figures[] = [];
const control = new Map<string, number>();

async function writeRandomFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let written = 0; written < size; written += MiB) {
    const chunk = randomBytes(Math.min(MiB, size - written));
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return hash.digest('hex');
}

/** Uploads `path` straight to moto (no proxy) in `partSize` parts, as another tool would. */
async function seedMultipart(client: S3Client, key: string, path: string, size: number, partSize: number) {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
  const file = await open(path, 'r');
  const parts = [];
  try {
    for (let n = 1, start = 0; start < size; n++, start += partSize) {
      const body = Buffer.alloc(Math.min(partSize, size - start));
      await file.read(body, 0, body.length, start);
      const { ETag } = await client.send(
        new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: n, Body: body }),
      );
      parts.push({ PartNumber: n, ETag });
    }
  } finally {
    await file.close();
  }
  await client.send(
    new CompleteMultipartUploadCommand({
      Bucket: BUCKET,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}

async function objectSha(client: S3Client, key: string): Promise<string> {
  const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of got.Body as Readable) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

beforeAll(async () => {
  fw = await startFaultWorld(14);
  scratch = await mkdtemp(join(tmpdir(), 'faults-large-'));
  source = join(scratch, 'big.bin');
  sourceSha = await writeRandomFile(source, SIZE);
  await seedMultipart(fw.alphaAdmin, SEEDED, source, SIZE, 8 * MiB);
}, 300_000);

afterAll(async () => {
  printFigures(`Large transfers (${SIZE / MiB} MiB) through the fault proxy`, figures);
  await fw?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();

/** Requests may grow with faults, but never without bound: each fault costs at most 15 (3 SDK × 5 engine tries). */
function expectBounded(workload: string, pattern: string, requests: number, faults: number): void {
  if (pattern.startsWith('none')) control.set(workload, requests);
  const baseline = control.get(workload) ?? requests;
  expect(requests).toBeLessThanOrEqual(2 * baseline + 15 * faults);
}

for (const pattern of PATTERNS) {
  const uploadRules = pattern.rules(objectPuts(BUCKET), 'upload');
  if (typeof uploadRules === 'string') figures.push(notApplicable('upload', pattern.name, uploadRules));
  else
    it(`uploads a large file byte-identical under: ${pattern.name}`, async () => {
      const prefix = `up/${slug(pattern.name)}`;
      const key = `${prefix}/big.bin`;
      fw.proxy.resetStats();
      fw.proxy.script(uploadRules);
      const run = startQueue(fw);
      try {
        await run.queue.enqueueUpload({ sessionId: 'alice', bucket: BUCKET, prefix, paths: [source] });
        const items = await run.settle(600_000);
        const stats = fw.proxy.stats();
        fw.proxy.script([]);
        expect(items.map((i) => [i.status, i.error?.message])).toEqual([['done', undefined]]);
        expect(await objectSha(fw.alphaAdmin, key)).toBe(sourceSha);
        const listed = await fw.alphaAdmin.send(
          new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${prefix}/` }),
        );
        expect(listed.Contents?.map((o) => o.Key)).toEqual([key]);
        const orphans = await openUploads(fw.alphaAdmin, BUCKET);
        expect(orphans).toBe(0);
        if (uploadRules.length > 0) expect(stats.injected.length).toBeGreaterThan(0);
        else expect(retriesOf(items)).toBe(0);
        expectBounded('upload', pattern.name, stats.requests, stats.injected.length);
        figures.push({
          workload: 'upload',
          pattern: pattern.name,
          faults: stats.injected.length,
          completed: items.filter((i) => i.status === 'done').length,
          bytesVerified: SIZE,
          retries: retriesOf(items),
          requests: stats.requests,
          orphans,
        });
        await fw.alphaAdmin.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
      } finally {
        await run.queue.dispose();
      }
    }, 900_000);

  const downloadRules = pattern.rules(objectGets(BUCKET), 'download');
  if (typeof downloadRules === 'string') figures.push(notApplicable('download', pattern.name, downloadRules));
  else
    it(`downloads a large multipart object byte-identical under: ${pattern.name}`, async () => {
      const target = join(scratch, 'down', slug(pattern.name));
      fw.proxy.resetStats();
      fw.proxy.script(downloadRules);
      const run = startQueue(fw);
      try {
        await run.queue.enqueueDownload({
          sessionId: 'alice',
          bucket: BUCKET,
          keys: [SEEDED],
          prefixes: [],
          targetDir: target,
        });
        const items = await run.settle(600_000);
        const stats = fw.proxy.stats();
        fw.proxy.script([]);
        expect(items.map((i) => [i.status, i.error?.message])).toEqual([['done', undefined]]);
        // Only the finished file: no temporary part file left beside it.
        expect(await filesUnder(target)).toEqual(['big.bin']);
        expect(await sha256File(join(target, 'big.bin'))).toBe(sourceSha);
        if (downloadRules.length > 0) expect(stats.injected.length).toBeGreaterThan(0);
        else expect(retriesOf(items)).toBe(0);
        expectBounded('download', pattern.name, stats.requests, stats.injected.length);
        figures.push({
          workload: 'download',
          pattern: pattern.name,
          faults: stats.injected.length,
          completed: items.filter((i) => i.status === 'done').length,
          bytesVerified: SIZE,
          retries: retriesOf(items),
          requests: stats.requests,
          orphans: 0,
        });
        await rm(target, { recursive: true, force: true });
      } finally {
        await run.queue.dispose();
      }
    }, 900_000);
}
