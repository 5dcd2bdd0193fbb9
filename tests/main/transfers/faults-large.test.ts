// A large upload and a large download, through the fault proxy, under each fault pattern: the
// result is byte-identical, nothing partial is left at the target, no multipart upload is left
// open, and retries stay bounded. 64 MiB in CI, 1 GiB with CROSSBUCKET_FAULTS_FULL=1.
import { createHash } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect } from 'vitest';
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
  sha256File,
  startFaultWorld,
} from './fault-scenarios';
import { writeRandomFile } from './transfer-fixtures';

const SIZE = FULL ? 1024 * MiB : 64 * MiB;
const BUCKET = 'alpha-data';
/** Put there by another tool in 8 MiB parts: its ETag is an MD5 of part MD5s. */
const SEEDED = 'seed/big.bin';

let fw: FaultWorld;
let scratch: string;
let source: string;
let sourceSha: string;
const suite = new ScenarioSuite(() => fw, FULL ? 1 : 2);

/** Uploads `path` straight to moto (no proxy) in `partSize` parts, as another tool would. */
async function seedMultipart(client: S3Client, key: string, path: string, size: number, partSize: number) {
  const file = await open(path, 'r');
  try {
    await uploadInParts(
      client,
      BUCKET,
      key,
      async (start, end) => {
        const body = Buffer.alloc(end - start);
        await file.read(body, 0, body.length, start);
        return body;
      },
      size,
      partSize,
    );
  } finally {
    await file.close();
  }
}

async function objectSha(client: S3Client, key: string): Promise<string> {
  const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of got.Body as Readable) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

beforeAll(async () => {
  fw = await startFaultWorld();
  scratch = await mkdtemp(join(tmpdir(), 'faults-large-'));
  source = join(scratch, 'big.bin');
  sourceSha = await writeRandomFile(source, SIZE);
  await seedMultipart(fw.alphaAdmin, SEEDED, source, SIZE, 8 * MiB);
}, 300_000);

afterAll(async () => {
  printFigures(`Large transfers (${SIZE / MiB} MiB) through the fault proxy`, suite.figures);
  await fw?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();

// Two scenarios at a time, each with its own proxy; one with the full sizes (1 GiB keeps moto busy).
describe.concurrent('large transfers under faults', () => {
  for (const [index, pattern] of PATTERNS.entries()) {
    const up = { workload: 'upload', pattern: pattern.name, seed: 1400 + index };
    suite.scenario(
      { ...up, rules: pattern.rules({ writes: objectPuts(BUCKET) }) },
      async ({ queue, settle }) => {
        const prefix = `up/${slug(pattern.name)}`;
        const key = `${prefix}/big.bin`;
        await queue.enqueueUpload({ sessionId: 'alice', bucket: BUCKET, prefix, paths: [source] });
        expect(notDone(await settle(SETTLE_MS))).toEqual([]);
        expect(await objectSha(fw.alphaAdmin, key)).toBe(sourceSha);
        const listed = await fw.alphaAdmin.send(
          new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${prefix}/` }),
        );
        expect(listed.Contents?.map((o) => o.Key)).toEqual([key]);
        const orphans = await openUploads(fw.alphaAdmin, BUCKET, `${prefix}/`);
        await fw.alphaAdmin.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
        return { bytes: SIZE, orphans };
      },
      `uploads a large file byte-identical under: ${pattern.name}`,
    );

    const down = { workload: 'download', pattern: pattern.name, seed: 1450 + index };
    suite.scenario(
      { ...down, rules: pattern.rules({ reads: objectGets(BUCKET) }) },
      async ({ queue, settle }) => {
        const target = join(scratch, 'down', slug(pattern.name));
        await queue.enqueueDownload({
          sessionId: 'alice',
          bucket: BUCKET,
          keys: [SEEDED],
          prefixes: [],
          targetDir: target,
        });
        expect(notDone(await settle(SETTLE_MS))).toEqual([]);
        // Only the finished file: no temporary part file left beside it.
        expect(await filesUnder(target)).toEqual(['big.bin']);
        expect(await sha256File(join(target, 'big.bin'))).toBe(sourceSha);
        await rm(target, { recursive: true, force: true });
        return { bytes: SIZE, orphans: 0 };
      },
      `downloads a large multipart object byte-identical under: ${pattern.name}`,
    );
  }
});
