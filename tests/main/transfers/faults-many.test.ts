// Many small files each way, and a cross-account copy, through the fault proxy under each fault
// pattern: every file and object byte-identical, nothing partial at any target, no multipart
// upload left open, retries bounded. 50 files each way in CI, 1,000 with CROSSBUCKET_FAULTS_FULL=1.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusText } from '../../../src/renderer/features/transfers/status-text';
import { uploadInParts } from '../../support/multipart-seed';
import {
  type FaultWorld,
  FULL,
  filesUnder,
  MiB,
  notDone,
  objectGets,
  objectPuts,
  openUploads,
  PATTERNS,
  printFigures,
  ScenarioSuite,
  SETTLE_MS,
  sha256,
  startFaultWorld,
  startQueue,
} from './fault-scenarios';
import { waitFor } from './transfer-fixtures';

const COUNT = FULL ? 1000 : 50;
const ALPHA_BUCKET = 'alpha-data';
const BETA_BUCKET = 'beta-data';

let fw: FaultWorld;
let scratch: string;
let folder: string;
/** Relative path → SHA-256, for the local folder and the seeded objects alike (same bytes). */
const expected = new Map<string, string>();
/** Key under copy-src/ → SHA-256: one multipart object (8 MiB parts) and a few small ones. */
const copySource = new Map<string, string>();
const suite = new ScenarioSuite(() => fw, 3);

/** 1 B – 64 KiB each, a few empty; in two levels of folders. */
const fileName = (i: number) => `batch-${Math.floor(i / 50)}/file-${String(i).padStart(4, '0')}.bin`;
const fileBytes = (i: number) => randomBytes(i % 37 === 0 ? 0 : 1 + ((i * 7919) % (64 * 1024)));

async function putAll(client: S3Client, bucket: string, entries: [string, Buffer][]): Promise<void> {
  for (let i = 0; i < entries.length; i += 16)
    await Promise.all(
      entries
        .slice(i, i + 16)
        .map(([Key, Body]) => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body }))),
    );
}

async function bodyOf(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

async function keysUnder(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

async function deleteUnder(client: S3Client, bucket: string, prefix: string): Promise<void> {
  const keys = await keysUnder(client, bucket, prefix);
  for (let i = 0; i < keys.length; i += 1000)
    await client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })) },
      }),
    );
}

beforeAll(async () => {
  fw = await startFaultWorld();
  scratch = await mkdtemp(join(tmpdir(), 'faults-many-'));
  folder = join(scratch, 'many');
  const seeded: [string, Buffer][] = [];
  for (let i = 0; i < COUNT; i++) {
    const name = fileName(i);
    const bytes = fileBytes(i);
    await mkdir(join(folder, name, '..'), { recursive: true });
    await writeFile(join(folder, name), bytes);
    expected.set(name, sha256(bytes));
    seeded.push([`seed-many/${name}`, bytes]);
  }
  await putAll(fw.alphaAdmin, ALPHA_BUCKET, seeded);

  // The copy's source: a multipart object as another tool uploads it, and a few small objects.
  const big = randomBytes(12 * MiB + 12_345);
  await uploadInParts(
    fw.alphaAdmin,
    ALPHA_BUCKET,
    'copy-src/big.bin',
    (a, b) => big.subarray(a, b),
    big.length,
    8 * MiB,
  );
  copySource.set('big.bin', sha256(big));
  const small: [string, Buffer][] = Array.from({ length: 6 }, (_, i) => [
    `copy-src/small-${i}.txt`,
    randomBytes(100 + i * 5000),
  ]);
  await putAll(fw.alphaAdmin, ALPHA_BUCKET, small);
  for (const [key, bytes] of small) copySource.set(key.slice('copy-src/'.length), sha256(bytes));
}, 300_000);

afterAll(async () => {
  printFigures(
    `${COUNT} small files each way and a cross-account copy, through the fault proxy`,
    suite.figures,
  );
  await fw?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();

/** Sums the bytes of `expected` after checking each body against its SHA-256. */
async function verified(expectedSums: ReadonlyMap<string, string>, read: (name: string) => Promise<Buffer>) {
  let bytes = 0;
  for (const [name, digest] of expectedSums) {
    const body = await read(name);
    expect(sha256(body), name).toBe(digest);
    bytes += body.length;
  }
  return bytes;
}

// Three scenarios at a time, each with its own proxy, against one moto.
describe.concurrent('small files and copies under faults', () => {
  for (const [index, pattern] of PATTERNS.entries()) {
    suite.scenario(
      {
        workload: `${COUNT} files up`,
        pattern: pattern.name,
        seed: 2400 + index,
        rules: pattern.rules({ writes: objectPuts(ALPHA_BUCKET) }),
      },
      async ({ queue, settle }) => {
        const prefix = `up-many/${slug(pattern.name)}`;
        await queue.enqueueUpload({ sessionId: 'alice', bucket: ALPHA_BUCKET, prefix, paths: [folder] });
        expect(notDone(await settle(SETTLE_MS))).toEqual([]);
        // Exactly the files, nothing else (folder markers come only for empty folders; there are none).
        expect(await keysUnder(fw.alphaAdmin, ALPHA_BUCKET, `${prefix}/`)).toEqual(
          [...expected.keys()].map((name) => `${prefix}/many/${name}`).sort(),
        );
        const bytes = await verified(expected, (name) =>
          bodyOf(fw.alphaAdmin, ALPHA_BUCKET, `${prefix}/many/${name}`),
        );
        const orphans = await openUploads(fw.alphaAdmin, ALPHA_BUCKET, `${prefix}/`);
        await deleteUnder(fw.alphaAdmin, ALPHA_BUCKET, `${prefix}/`);
        return { bytes, orphans };
      },
      `uploads ${COUNT} small files byte-identical under: ${pattern.name}`,
    );

    suite.scenario(
      {
        workload: `${COUNT} files down`,
        pattern: pattern.name,
        seed: 2450 + index,
        rules: pattern.rules({ reads: objectGets(ALPHA_BUCKET) }),
      },
      async ({ queue, settle }) => {
        const target = join(scratch, 'down', slug(pattern.name));
        const picked = { sessionId: 'alice', bucket: ALPHA_BUCKET, keys: [], prefixes: ['seed-many/'] };
        await queue.enqueueDownload({ ...picked, targetDir: target });
        expect(notDone(await settle(SETTLE_MS))).toEqual([]);
        // No temporary part file anywhere: only the objects' files.
        expect(await filesUnder(target)).toEqual(
          [...expected.keys()].map((name) => join('seed-many', name)).sort(),
        );
        const bytes = await verified(expected, (name) => readFile(join(target, 'seed-many', name)));
        await rm(target, { recursive: true, force: true });
        return { bytes, orphans: 0 };
      },
      `downloads ${COUNT} small objects byte-identical under: ${pattern.name}`,
    );

    suite.scenario(
      {
        workload: 'cross-account copy',
        pattern: pattern.name,
        seed: 2500 + index,
        rules: pattern.rules({ reads: objectGets(ALPHA_BUCKET), writes: objectPuts(BETA_BUCKET) }),
      },
      async ({ queue, settle }) => {
        const prefix = `copied/${slug(pattern.name)}`;
        await queue.enqueueCopy({
          from: { sessionId: 'alice', bucket: ALPHA_BUCKET, keys: [], prefixes: ['copy-src/'] },
          to: { sessionId: 'bob', bucket: BETA_BUCKET, prefix },
        });
        expect(notDone(await settle(SETTLE_MS))).toEqual([]);
        expect(await keysUnder(fw.betaAdmin, BETA_BUCKET, `${prefix}/`)).toEqual(
          [...copySource.keys()].map((name) => `${prefix}/copy-src/${name}`).sort(),
        );
        const bytes = await verified(copySource, (name) =>
          bodyOf(fw.betaAdmin, BETA_BUCKET, `${prefix}/copy-src/${name}`),
        );
        const orphans = await openUploads(fw.betaAdmin, BETA_BUCKET, `${prefix}/`);
        await deleteUnder(fw.betaAdmin, BETA_BUCKET, `${prefix}/`);
        return { bytes, orphans };
      },
      `copies objects across accounts byte-identical under: ${pattern.name}`,
    );
  }
});

it('says on the row what is being retried while it is, and how many retries it took once done', async () => {
  const key = `seed-many/${fileName(1)}`;
  let gets = 0;
  const lane = await fw.openLane(2600);
  // The first GET is cut mid-body; the retry then stalls until the idle timeout, long enough to look.
  const isKey = objectGets(ALPHA_BUCKET);
  lane.proxy.script([
    {
      match: (r) => isKey(r) && r.path === `/${ALPHA_BUCKET}/${key}` && ++gets === 1,
      fault: { kind: 'reset', side: 'response', afterBytes: 100 },
    },
    {
      match: (r) => isKey(r) && r.path === `/${ALPHA_BUCKET}/${key}` && gets === 2,
      fault: { kind: 'stall', seconds: 600 },
    },
  ]);
  const { queue, settle } = startQueue(lane);
  try {
    await queue.enqueueDownload({
      sessionId: 'alice',
      bucket: ALPHA_BUCKET,
      keys: [key],
      prefixes: [],
      targetDir: join(scratch, 'notice'),
    });
    await waitFor(() => queue.snapshot().items[0]?.retry !== undefined, 'the retry notice', 60_000);
    const retrying = queue.snapshot().items[0]!;
    expect(retrying.retry).toEqual({ attempt: 2, of: 5, reason: 'connection reset' });
    expect(statusText(retrying)).toBe('Retrying (2/5): connection reset');
    const [item] = await settle(SETTLE_MS);
    expect(item?.status).toBe('done');
    expect(item && statusText(item)).toBe('Done after 1 retry, verified');
    expect(sha256(await readFile(join(scratch, 'notice', fileName(1).split('/')[1]!)))).toBe(
      expected.get(fileName(1)),
    );
  } finally {
    await queue.dispose();
    await lane.close();
  }
}, 300_000);

it('aborts the stray upload a CreateMultipartUpload leaves when its answer is lost and it is sent again', async () => {
  const lane = await fw.openLane(2700);
  const prefix = 'stray';
  const source = join(scratch, 'stray.bin');
  const bytes = randomBytes(17 * MiB);
  await writeFile(source, bytes);
  // S3 creates the upload, the answer never arrives, the SDK asks again and gets a second one.
  lane.proxy.script([
    {
      match: (r) =>
        r.method === 'POST' && r.query.has('uploads') && r.path.startsWith(`/${ALPHA_BUCKET}/${prefix}/`),
      fault: { kind: 'reset', side: 'response' },
    },
  ]);
  const { queue, settle } = startQueue(lane);
  try {
    await queue.enqueueUpload({ sessionId: 'alice', bucket: ALPHA_BUCKET, prefix, paths: [source] });
    expect(notDone(await settle(SETTLE_MS))).toEqual([]);
    expect(lane.proxy.stats().injected).toHaveLength(1);
    expect(sha256(await bodyOf(fw.alphaAdmin, ALPHA_BUCKET, `${prefix}/stray.bin`))).toBe(sha256(bytes));
    expect(await openUploads(fw.alphaAdmin, ALPHA_BUCKET, `${prefix}/`)).toBe(0);
  } finally {
    await queue.dispose();
    await lane.close();
  }
}, 300_000);
