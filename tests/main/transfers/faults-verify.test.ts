// What "done" means for a download (issue 25): a fault that corrupts the same byte the same way on
// every pass (a broken middlebox: here the fault proxy XORs the middle byte of every body with
// 0x5A) must never end as a verified download. Against AWS itself it fails; against a custom
// endpoint (an S3-compatible server, whose ETag may not be an MD5) the file may be kept, but only
// as "saved, not verified". And a server whose ETag is not an MD5 gets "saved, not verified", with
// the reason, never "verified".
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localEngine } from '../../../src/main/transfers/engine-link/fork-engine';
import { TransferQueue } from '../../../src/main/transfers/transfer-queue';
import type { TransferItem } from '../../../src/shared/models/transfer';
import { clientsAsIfAws } from '../../support/as-if-aws';
import type { FaultRule, ProxyRequest } from '../../support/fault-proxy';
import { uploadInParts } from '../../support/multipart-seed';
import {
  type FaultWorld,
  filesUnder,
  IDLE_TIMEOUT_MS,
  type Lane,
  MiB,
  objectGets,
  sha256,
  sha256File,
  startFaultWorld,
} from './fault-scenarios';
import { FakeSessions, RecordingSink, waitFor } from './transfer-fixtures';

const AS_IF_AWS_ENGINE = join(import.meta.dirname, '../../support/as-if-aws-engine.ts');

const BUCKET = 'alpha-data';
/** Uploaded as boto3 does, in 16 MiB parts: 16 + 16 + 8 MiB, ETag `…-3`. */
const LARGE = 'verify/forty.bin';
const LARGE_SIZE = 40 * MiB;
/** One PUT without a flexible checksum: the SDK has no CRC to check a whole GET against. */
const SMALL = 'verify/small.bin';
const SMALL_SIZE = 300 * 1024;

let fw: FaultWorld;
let scratch: string;
let largeSha: string;
let smallSha: string;

/** Deterministic bytes, so the test needs no file of its own. */
const bytes = (start: number, end: number): Buffer => {
  const out = Buffer.alloc(end - start);
  for (let i = 0; i < out.length; i++) out[i] = ((start + i) * 2654435761) >>> 24;
  return out;
};

beforeAll(async () => {
  fw = await startFaultWorld();
  scratch = await mkdtemp(join(tmpdir(), 'faults-verify-'));
  await uploadInParts(fw.alphaAdmin, BUCKET, LARGE, bytes, LARGE_SIZE, 16 * MiB);
  largeSha = sha256(bytes(0, LARGE_SIZE));
  const alice = fw.world.users.alice!;
  const plain = new S3Client({
    endpoint: fw.world.moto.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  await plain.send(new PutObjectCommand({ Bucket: BUCKET, Key: SMALL, Body: bytes(0, SMALL_SIZE) }));
  plain.destroy();
  smallSha = sha256(bytes(0, SMALL_SIZE));
}, 120_000);

afterAll(async () => {
  await fw?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const isRanged = (req: ProxyRequest): boolean => objectGets(BUCKET)(req) && req.headers.range !== undefined;

/** Every matching body, every pass: the middle byte XOR 0x5A. */
const flipEvery = (match: (req: ProxyRequest) => boolean): FaultRule => ({
  match,
  fault: { kind: 'flip', side: 'response', atByte: 'middle', mask: 0x5a },
  times: 10_000,
});

let lanes = 0;

/**
 * Downloads `key` through a fresh fault proxy, as a session with the proxy as its endpoint_url or,
 * with `as`, one the engine takes for AWS itself; resolves to its settled row.
 */
async function download(
  key: string,
  rules: readonly FaultRule[],
  as: typeof asIfAws | undefined = undefined,
): Promise<{ item: TransferItem; dir: string; flips: number }> {
  const lane = await fw.openLane(2500 + lanes++);
  lane.proxy.script(rules);
  const { clients, sessions, engine } = as ? as(lane) : { ...lane, clients: lane.pool };
  const queue = new TransferQueue({
    clients,
    engine,
    sessions,
    sink: new RecordingSink(),
    settings: () => ({ parallelFiles: 2, partSizeMiB: 16, partConcurrency: 4 }),
  });
  const dir = join(scratch, `lane-${lanes}`);
  try {
    await queue.enqueueDownload({
      sessionId: 'alice',
      bucket: BUCKET,
      keys: [key],
      prefixes: [],
      targetDir: dir,
    });
    const settled = new Set(['done', 'failed', 'cancelled', 'skipped']);
    await waitFor(
      () => queue.snapshot().items.every((i) => settled.has(i.status)),
      'the download to settle',
      180_000,
      () => queue.snapshot().items,
    );
    const item = queue.snapshot().items[0]!;
    return { item, dir, flips: lane.proxy.stats().injected.length };
  } finally {
    await queue.dispose();
    if ('destroy' in clients) clients.destroy();
    await lane.close();
  }
}

/** Main's clients and the engine both believe they talk to AWS; their requests reach the lane's proxy. */
function asIfAws(lane: Lane) {
  const users = { alice: fw.world.users.alice!, bob: fw.world.users.bob! };
  return {
    clients: clientsAsIfAws(lane.proxy.endpoint, (sessionId) => {
      const user = sessionId === 'alice' ? users.alice : users.bob;
      return { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey };
    }),
    // No endpoint_url: the engine's clients are AWS's.
    sessions: new FakeSessions(users),
    engine: localEngine({
      args: [`--as-if-aws=${lane.proxy.endpoint}`, `--idle-timeout-ms=${IDLE_TIMEOUT_MS}`],
      execArgv: ['--import', AS_IF_AWS_ENGINE],
    }),
  };
}

describe('a download is verified only when its bytes match what the server said', () => {
  it('verifies a clean multipart download against its ETag over the real part layout', async () => {
    const { item, dir } = await download(LARGE, []);
    expect(item.status).toBe('done');
    expect(item.verification).toEqual({ state: 'verified', by: 'multipart-etag' });
    expect(await sha256File(join(dir, 'forty.bin'))).toBe(largeSha);
  }, 240_000);

  it('verifies a clean single-part download against its MD5 ETag, also when the client talks to AWS', async () => {
    const { item, dir } = await download(SMALL, [], asIfAws);
    expect(item.status).toBe('done');
    expect(item.verification).toEqual({ state: 'verified', by: 'md5' });
    expect(await sha256File(join(dir, 'small.bin'))).toBe(smallSha);
  }, 240_000);

  describe('the same byte corrupted the same way on every pass', () => {
    it('ranged (16 MiB parts, 3 aligned ranges a pass), custom endpoint: saved, not verified, never verified', async () => {
      const { item, dir, flips } = await download(LARGE, [flipEvery(isRanged)]);
      expect(flips).toBeGreaterThanOrEqual(6);
      expect(item.status).toBe('done');
      expect(item.verification).toEqual({ state: 'not-verified', reason: 'etag-disagrees' });
      // The bytes are what arrived, and the row says they could not be checked: no temp file left.
      expect(await filesUnder(dir)).toEqual(['forty.bin']);
      expect(await sha256File(join(dir, 'forty.bin'))).not.toBe(largeSha);
    }, 240_000);

    it('ranged, against AWS: a failure, and nothing is saved', async () => {
      const { item, dir } = await download(LARGE, [flipEvery(isRanged)], asIfAws);
      expect(item.status).toBe('failed');
      expect(item.error?.message).toMatch(/the bytes that arrived do not match the object/);
      expect(await filesUnder(dir)).toEqual([]);
    }, 240_000);

    it('whole GET of an object stored without a checksum, custom endpoint: saved, not verified', async () => {
      const { item, dir, flips } = await download(SMALL, [flipEvery(objectGets(BUCKET))]);
      expect(flips).toBeGreaterThanOrEqual(2);
      expect(item.status).toBe('done');
      expect(item.verification).toEqual({ state: 'not-verified', reason: 'etag-disagrees' });
      expect(await sha256File(join(dir, 'small.bin'))).not.toBe(smallSha);
    }, 240_000);

    it('whole GET, against AWS: a failure, and nothing is saved', async () => {
      const { item, dir } = await download(SMALL, [flipEvery(objectGets(BUCKET))], asIfAws);
      expect(item.status).toBe('failed');
      expect(item.error?.message).toMatch(/the bytes that arrived do not match the object/);
      expect(await filesUnder(dir)).toEqual([]);
    }, 240_000);
  });

  it('an object encrypted with KMS: saved, not verified, because its ETag is no MD5', async () => {
    await fw.alphaAdmin.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'verify/kms.bin',
        Body: bytes(0, SMALL_SIZE),
        ServerSideEncryption: 'aws:kms',
      }),
    );
    const { item, dir } = await download('verify/kms.bin', []);
    expect(item.status).toBe('done');
    expect(item.verification).toEqual({ state: 'not-verified', reason: 'kms' });
    expect(await sha256File(join(dir, 'kms.bin'))).toBe(smallSha);
  }, 240_000);

  it('a server whose ETag is not an MD5: saved, not verified, with the reason', async () => {
    const { item, dir } = await download(SMALL, [
      {
        match: (req) => req.path === `/${BUCKET}/${SMALL}`,
        fault: { kind: 'etag', value: '"0c1b5e2f-minio-like-etag"' },
        times: 10_000,
      },
    ]);
    expect(item.status).toBe('done');
    expect(item.verification).toEqual({ state: 'not-verified', reason: 'etag-not-md5' });
    expect(await sha256File(join(dir, 'small.bin'))).toBe(smallSha);
  }, 240_000);
});
