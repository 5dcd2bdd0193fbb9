import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChecksumAlgorithm, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ClientPool } from '../../../src/main/s3/client-pool';
import { PathGrants } from '../../../src/main/security/path-grants';
import type { CompareLocation, CompareRow } from '../../../src/shared/models/compare';
import { createWorld, type World } from '../../support/aws-world';
import { uploadInParts } from '../../support/multipart-seed';
import { allow, bucketResources, policy } from '../../support/policies';
import { ALPHA, BETA, FakeSessions, RecordingSink } from '../transfers/transfer-fixtures';
import { compareService } from './compare-fixtures';

/**
 * Rows the ETags cannot decide (the same bytes uploaded in other parts) decided by the checksums
 * S3 keeps, against moto with IAM enforced. alice owns alpha-data, bob beta-data; dave may list
 * beta-data but not read its objects.
 */
const MiB = 1024 * 1024;
const SIZE = 6 * MiB;
const bytes = Buffer.alloc(SIZE, 'x');
// The same size, one byte changed in the second part.
const other = Buffer.from(bytes);
other[SIZE - 10] = 'y'.charCodeAt(0);

let world: World;
let alpha: S3Client;
let beta: S3Client;
let root: string;

const left = (prefix: string): CompareLocation => ({
  kind: 's3',
  sessionId: 'alice',
  bucket: 'alpha-data',
  prefix,
});
const right = (prefix: string, sessionId = 'bob'): CompareLocation => ({
  kind: 's3',
  sessionId,
  bucket: 'beta-data',
  prefix,
});

const put = (
  client: S3Client,
  bucket: string,
  key: string,
  body: Buffer,
  algorithm: ChecksumAlgorithm = 'CRC32',
) =>
  client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ChecksumAlgorithm: algorithm }));
const inParts = (
  client: S3Client,
  bucket: string,
  key: string,
  body: Buffer,
  partSize: number,
  type: 'FULL_OBJECT' | 'COMPOSITE',
  algorithm: ChecksumAlgorithm = 'CRC32',
) =>
  uploadInParts(client, bucket, key, (s, e) => body.subarray(s, e), body.length, partSize, {
    algorithm,
    type,
  });

function services() {
  const sessions = new FakeSessions(
    { alice: world.users.alice!, bob: world.users.bob!, dave: world.users.dave! },
    world.moto.endpoint,
  );
  const sink = new RecordingSink();
  const grants = new PathGrants();
  const compares = compareService({
    pool: new S3ClientPool(sessions),
    sessions,
    grants,
    sink,
    accountOf: (id) => (id === 'alice' ? ALPHA : BETA),
  });
  const compare = async (l: CompareLocation, r: CompareLocation) => {
    const { compareId } = await compares.start({ left: l, right: r, mode: 'content' });
    const last = await sink.next('comparePage', (p) => p.compareId === compareId && p.done);
    const rows = sink
      .of('comparePage')
      .filter((p) => p.compareId === compareId)
      .flatMap((p) => p.rows);
    return {
      rows,
      last,
      byKey: Object.fromEntries(rows.map((r) => [r.key, r])) as Record<string, CompareRow>,
    };
  };
  return { sessions, sink, grants, compare };
}

beforeAll(async () => {
  const own = (bucket: string) =>
    policy(allow('s3:*', bucketResources(bucket)), allow('s3:ListAllMyBuckets'));
  world = await createWorld({
    accounts: {
      [ALPHA]: { users: { alice: { policies: [own('alpha-data')] } }, buckets: { 'alpha-data': {} } },
      [BETA]: {
        users: {
          bob: { policies: [own('beta-data')] },
          dave: { policies: [policy(allow('s3:ListBucket', 'arn:aws:s3:::beta-data'))] },
        },
        buckets: { 'beta-data': {} },
      },
    },
  });
  alpha = world.s3For(ALPHA);
  beta = world.s3For(BETA);
  // Left: single PUTs with a CRC32 (as the SDK sends by default). Right: the same size in parts.
  for (const key of ['full-same', 'full-other', 'layout-other', 'layout-same'])
    await put(alpha, 'alpha-data', `s/${key}`, bytes);
  await inParts(beta, 'beta-data', 's/full-same', bytes, 5 * MiB, 'FULL_OBJECT');
  await inParts(beta, 'beta-data', 's/full-other', other, 5 * MiB, 'FULL_OBJECT');
  await inParts(beta, 'beta-data', 's/layout-other', bytes, 5 * MiB, 'COMPOSITE');
  // Both sides in parts: equal part counts ("-2" ETags), other bytes; equal or other part sizes.
  await inParts(alpha, 'alpha-data', 'm/same-layout', bytes, 5 * MiB, 'COMPOSITE');
  await inParts(beta, 'beta-data', 'm/same-layout', other, 5 * MiB, 'COMPOSITE');
  await inParts(alpha, 'alpha-data', 'm/other-layout', bytes, 5 * MiB, 'COMPOSITE');
  await inParts(beta, 'beta-data', 'm/other-layout', other, 5.5 * MiB, 'COMPOSITE');
  await inParts(alpha, 'alpha-data', 'm/other-algorithm', bytes, 5 * MiB, 'FULL_OBJECT');
  await put(beta, 'beta-data', 'm/other-algorithm', bytes, 'SHA256');
  await inParts(beta, 'beta-data', 'l/crc32', bytes, 5 * MiB, 'FULL_OBJECT');
  await inParts(beta, 'beta-data', 'l/composite', bytes, 5 * MiB, 'COMPOSITE');
  await inParts(beta, 'beta-data', 'l/changed', other, 5 * MiB, 'FULL_OBJECT');
  await put(alpha, 'alpha-data', 'e/a-plain', bytes);
  await put(beta, 'beta-data', 'e/a-plain', bytes);
  await put(alpha, 'alpha-data', 'e/b-parts', bytes);
  await inParts(beta, 'beta-data', 'e/b-parts', bytes, 5 * MiB, 'FULL_OBJECT');
  root = await mkdtemp(join(tmpdir(), 'crossbucket-checksum-'));
  await mkdir(join(root, 'l'));
  for (const name of ['crc32', 'composite', 'changed']) await writeFile(join(root, 'l', name), bytes);
}, 120_000);
afterAll(async () => {
  await world?.dispose();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('compare by checksum where the ETags cannot say', () => {
  it('decides a single PUT against the same size uploaded in parts by their full-object CRC32s', async () => {
    const { byKey, last } = await services().compare(left('s/'), right('s/'));
    expect(last.error).toBeUndefined();
    expect(byKey['full-same']).toMatchObject({ status: 'same', reasons: ['checksum'], checksum: 'CRC32' });
    expect(byKey['full-other']).toMatchObject({
      status: 'different',
      reasons: ['checksum'],
      checksum: 'CRC32',
    });
    // A composite CRC32 is of the parts' CRCs: not comparable with one PUT's.
    expect(byKey['layout-other']).toMatchObject({
      status: 'undecided',
      reasons: ['part-layout', 'checksum-layout'],
    });
    expect(last.counts).toMatchObject({ same: 1, different: 1, undecided: 1 });
  });

  it('compares composite checksums only between equal part sizes, and never across algorithms', async () => {
    const { byKey } = await services().compare(left('m/'), right('m/'));
    expect(byKey['same-layout']).toMatchObject({
      status: 'different',
      reasons: ['checksum'],
      checksum: 'CRC32',
    });
    expect(byKey['other-layout']).toMatchObject({
      status: 'undecided',
      reasons: ['part-layout', 'checksum-layout'],
    });
    expect(byKey['other-algorithm']).toMatchObject({
      status: 'undecided',
      reasons: ['part-layout', 'checksum-algorithm'],
      left: { checksumAlgorithm: 'CRC32' },
      right: { checksumAlgorithm: 'SHA256' },
    });
  });

  it('hashes a local file like one PUT of it against an object’s full-object checksum', async () => {
    const { grants, compare } = services();
    await grants.grant('read', [root]);
    const { byKey } = await compare({ kind: 'local', path: join(root, 'l') }, right('l/'));
    expect(byKey.crc32).toMatchObject({ status: 'same', reasons: ['checksum'], checksum: 'CRC32' });
    expect(byKey.changed).toMatchObject({ status: 'different', reasons: ['checksum'] });
    expect(byKey.composite).toMatchObject({
      status: 'undecided',
      reasons: ['not-hashed', 'checksum-layout'],
    });
  });

  it('leaves a row undecided and says so when its checksums may not be read', async () => {
    const { byKey, last } = await services().compare(left('s/'), right('s/', 'dave'));
    expect(last.error).toBeUndefined();
    expect(byKey['full-same']).toMatchObject({
      status: 'undecided',
      reasons: ['part-layout', 'checksum-unread'],
    });
  });

  it('waits for a session that expires before its HEADs, then decides the row', async () => {
    const { sessions, sink, compare } = services();
    // Six credential fetches cover bob's bucket list, encryption probe and listing page (counted);
    // the HEAD after them finds the session lapsed. The rows sent before the wait show it was the HEAD.
    sessions.expireAfter('bob', 6);
    const waiting = sink.next('comparePage', (p) => p.waiting === 'right');
    const done = compare(left('e/'), right('e/'));
    await waiting;
    // The listing had ended: the row its ETags decided went out before the wait, the other not.
    const sent = sink.of('comparePage').flatMap((p) => p.rows);
    expect(sent.map((r) => [r.key, r.status])).toEqual([['a-plain', 'same']]);
    sessions.renew('bob');
    const { byKey, last } = await done;
    expect(last.error).toBeUndefined();
    expect(byKey['b-parts']).toMatchObject({ status: 'same', reasons: ['checksum'] });
  });
});
