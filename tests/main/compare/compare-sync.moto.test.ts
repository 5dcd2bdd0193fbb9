import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareLocation, CompareRow } from '../../../src/shared/models/compare';
import { createWorld, type World } from '../../support/aws-world';
import { uploadInParts } from '../../support/multipart-seed';
import { allow, bucketResources, policy } from '../../support/policies';
import { ALPHA, BETA, FakeSessions, waitFor } from '../transfers/transfer-fixtures';
import { syncServices } from './sync-services';

/** alice works in account ALPHA, bob and carol in BETA. */
const accountOf = (id: string): string | undefined =>
  id === 'alice' ? ALPHA : id === 'bob' ? BETA : undefined;

let world: World;
let alpha: S3Client;
let beta: S3Client;

const put = (client: S3Client, bucket: string, key: string, body: string | Buffer) =>
  client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
const bodyOf = async (client: S3Client, bucket: string, key: string): Promise<string> =>
  Buffer.from(
    await (
      await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    ).Body!.transformToByteArray(),
  ).toString();
const keysUnder = async (client: S3Client, bucket: string, prefix: string): Promise<string[]> =>
  ((await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map(
    (o) => o.Key!,
  );

const left = (prefix: string): CompareLocation => ({
  kind: 's3',
  sessionId: 'alice',
  bucket: 'alpha-data',
  prefix,
});
const right = (prefix: string): CompareLocation => ({
  kind: 's3',
  sessionId: 'bob',
  bucket: 'beta-data',
  prefix,
});

function services() {
  const sessions = new FakeSessions(
    { alice: world.users.alice!, bob: world.users.bob!, carol: world.users.carol! },
    world.moto.endpoint,
  );
  const { sink, grants, compares, queue, syncs } = syncServices(sessions, accountOf);
  /** Runs a compare to its end and returns every row sent, in order, and the last page. */
  const compare = async (
    l: CompareLocation,
    r: CompareLocation,
    mode: 'content' | 'size-and-time' = 'content',
  ) => {
    const { compareId } = await compares.start({ left: l, right: r, mode });
    const last = await sink.next('comparePage', (p) => p.compareId === compareId && p.done);
    const rows = sink
      .of('comparePage')
      .filter((p) => p.compareId === compareId)
      .flatMap((p) => p.rows);
    return { compareId, rows, last };
  };
  return { sessions, compares, syncs, queue, sink, grants, compare };
}

const byKey = (rows: readonly CompareRow[]) => Object.fromEntries(rows.map((r) => [r.key, r]));

beforeAll(async () => {
  // IAM enforced. Each user may use its own account's bucket; carol (account BETA) may also read
  // alpha-data's shared/ folder, so a sync into her bucket can be copied by S3 itself.
  const own = (bucket: string) => [allow('s3:*', bucketResources(bucket)), allow('s3:ListAllMyBuckets')];
  world = await createWorld({
    accounts: {
      [ALPHA]: {
        users: { alice: { policies: [policy(...own('alpha-data'))] } },
        buckets: { 'alpha-data': {} },
      },
      [BETA]: {
        users: {
          bob: { policies: [policy(...own('beta-data'))] },
          carol: {
            policies: [
              policy(
                ...own('beta-data'),
                allow('s3:ListBucket', 'arn:aws:s3:::alpha-data'),
                allow('s3:GetObject', 'arn:aws:s3:::alpha-data/shared/*'),
              ),
            ],
          },
        },
        buckets: { 'beta-data': {} },
      },
    },
  });
  alpha = world.s3For(ALPHA);
  beta = world.s3For(BETA);
  const MiB = 1024 * 1024;
  const big = Buffer.alloc(11 * MiB, 7);
  for (const [key, body] of Object.entries({
    'src/same.txt': 'same',
    'src/changed.txt': 'AAAA',
    'src/grown.txt': 'longer now',
    'src/only-left.txt': 'new',
    'src/folder/': '',
    'src/deep/a.txt': 'deep',
  }))
    await put(alpha, 'alpha-data', key, body);
  await put(alpha, 'alpha-data', 'src/big.bin', big);
  for (const [key, body] of Object.entries({
    'dst/same.txt': 'same',
    'dst/changed.txt': 'BBBB',
    'dst/grown.txt': 'short',
    'dst/only-right.txt': 'old',
  }))
    await put(beta, 'beta-data', key, body);
  // The same bytes in two 5.5 MiB parts: another ETag than the single PUT on the left.
  await uploadInParts(beta, 'beta-data', 'dst/big.bin', (s, e) => big.subarray(s, e), big.length, 5.5 * MiB);
  await put(beta, 'beta-data', 'dst/deep/a.txt', 'deep');
}, 60_000);
afterAll(async () => {
  await world?.dispose();
});

describe('compare two sessions’ prefixes', () => {
  it('streams rows in key order with the reason for each, and keeps only what a sync acts on', async () => {
    const { compares, compare } = services();
    const { compareId, rows, last } = await compare(left('src'), right('dst/'));
    expect(last.error).toBeUndefined();
    expect(rows.map((r) => r.key)).toEqual([
      'big.bin',
      'changed.txt',
      'deep/a.txt',
      'folder/',
      'grown.txt',
      'only-left.txt',
      'only-right.txt',
      'same.txt',
    ]);
    const row = byKey(rows);
    expect(row['same.txt']?.status).toBe('same');
    expect(row['deep/a.txt']?.status).toBe('same');
    expect(row['changed.txt']).toMatchObject({ status: 'different', reasons: ['etag'] });
    expect(row['grown.txt']).toMatchObject({ status: 'different', reasons: ['size'] });
    expect(row['big.bin']).toMatchObject({ status: 'undecided', reasons: ['part-layout'] });
    expect(row['only-left.txt']?.status).toBe('only-left');
    expect(row['only-right.txt']?.status).toBe('only-right');
    expect(last.counts).toEqual({ 'only-left': 2, 'only-right': 1, different: 2, same: 2, undecided: 1 });
    const kept: string[] = [];
    for await (const r of compares.get(compareId).actionable.rows()) kept.push(r.key);
    expect(kept).toEqual([
      'big.bin',
      'changed.txt',
      'folder/',
      'grown.txt',
      'only-left.txt',
      'only-right.txt',
    ]);
  });

  it('decides an undecided row with a deep check of ranged hashes, run in the engine', async () => {
    const { compares, compare, queue } = services();
    const { compareId, rows } = await compare(left('src/'), right('dst/'));
    const { deepCheck } = await import('../../../src/main/compare/deep-check');
    const record = compares.get(compareId);
    const compared = { ...record.request, owners: record.owners };
    try {
      expect(await deepCheck(queue, compared, byKey(rows)['big.bin']!)).toEqual({
        key: 'big.bin',
        status: 'same',
      });
      expect(await deepCheck(queue, compared, byKey(rows)['changed.txt']!)).toMatchObject({
        status: 'different',
        differsAt: 0,
      });
      // bob may not read alpha-data: the engine's GET is refused, and the check says so.
      const denied = await deepCheck(
        queue,
        { ...compared, left: { ...compared.left, sessionId: 'bob' } as typeof compared.left },
        byKey(rows)['big.bin']!,
      );
      expect(denied).toMatchObject({ status: 'failed', error: { code: 'access-denied' } });
    } finally {
      await queue.dispose();
    }
  });

  it('waits for a session that expires mid-compare, then goes on from the same page', async () => {
    const { sessions, compare, sink } = services();
    for (let i = 0; i < 1100; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) =>
          put(alpha, 'alpha-data', `many/${String(i + j).padStart(5, '0')}`, 'x'),
        ),
      );
    }
    // Enough for the encryption probe and the first listing page, then the credentials lapse.
    sessions.expireAfter('alice', 2);
    const waiting = sink.next('comparePage', (p) => p.waiting === 'left');
    const done = compare(left('many/'), right('none/'));
    await waiting;
    sessions.renew('alice');
    const { rows, last } = await done;
    expect(last.error).toBeUndefined();
    expect(rows).toHaveLength(1100);
    expect(new Set(rows.map((r) => r.key)).size).toBe(1100);
  });

  it('names the side whose listing failed, and a plan from it is refused', async () => {
    const { compare, syncs } = services();
    const { compareId, last } = await compare(left('src/'), {
      kind: 's3',
      sessionId: 'bob',
      bucket: 'no-such-bucket-here',
      prefix: '',
    });
    // bob may not list a bucket outside his account (nor does it exist): AWS refuses before it looks.
    expect(last.error).toMatchObject({ side: 'right', code: 'access-denied' });
    expect(last.error?.message).toMatch(/The right side's listing stopped/);
    await expect(syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false })).rejects.toThrow(
      /stopped before the end/,
    );
  });

  it('marks keys that differ only in normalisation or case, and keys with odd segments or control characters', async () => {
    await put(alpha, 'alpha-data', 'uni/Café.txt', 'x');
    await put(alpha, 'alpha-data', 'uni/a/../b.txt', 'x');
    await put(alpha, 'alpha-data', 'uni/bell\u0007.txt', 'x');
    await put(beta, 'beta-data', 'uni-dst/cafe\u0301.txt', 'x');
    const { compare } = services();
    const { rows } = await compare(left('uni/'), right('uni-dst/'));
    const row = byKey(rows);
    expect(row['Café.txt']?.status).toBe('only-left');
    expect(row['cafe\u0301.txt']).toMatchObject({
      status: 'only-right',
      warning: expect.stringMatching(/Differs from "Café.txt" only in case or Unicode normalisation/),
    });
    expect(row['a/../b.txt']?.warning).toMatch(/"\." or "\.\." segments/);
    expect(row['bell\u0007.txt']?.warning).toMatch(/control characters/);
  });

  it('compares a granted local folder with a prefix, hashing files against MD5 ETags', async () => {
    const { compare, grants } = services();
    const root = await mkdtemp(join(tmpdir(), 'cmp-'));
    try {
      await mkdir(join(root, 'deep'));
      await writeFile(join(root, 'same.txt'), 'same');
      await writeFile(join(root, 'changed.txt'), 'CCCC');
      await writeFile(join(root, 'deep', 'a.txt'), 'deep');
      await expect(compare({ kind: 'local', path: root }, right('dst/'))).rejects.toThrow();
      await grants.grant('read', [root]);
      const { rows } = await compare({ kind: 'local', path: root }, right('dst/'));
      const row = byKey(rows);
      expect(row['same.txt']?.status).toBe('same');
      expect(row['deep/a.txt']?.status).toBe('same');
      expect(row['changed.txt']).toMatchObject({ status: 'different', reasons: ['etag'] });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('sync left → right', () => {
  it('plans first, refuses deletes without the account, then copies, overwrites and deletes as planned', async () => {
    await put(beta, 'beta-data', 'out/stale.txt', 'stale');
    await put(beta, 'beta-data', 'out/changed.txt', 'old!');
    await put(alpha, 'alpha-data', 'in/changed.txt', 'new!');
    await put(alpha, 'alpha-data', 'in/a/b.txt', 'b');
    const { compare, syncs, queue } = services();
    const { compareId } = await compare(left('in/'), right('out/'));
    const plan = await syncs.plan(compareId, { deleteExtra: true, overwriteUndecided: false });
    expect(plan).toMatchObject({
      copy: 1,
      overwrite: 1,
      delete: 1,
      bytes: 5,
      flow: 'through-this-machine',
      targetAccount: BETA,
      overThreshold: false,
    });
    expect(plan.care).toEqual(
      expect.arrayContaining([
        'Calls to s3://beta-data expect its owner 222222222222 (x-amz-expected-bucket-owner).',
        'User metadata is kept; tags are kept; content type and the other content headers are kept; storage class is kept.',
      ]),
    );
    // A dry run: nothing changed yet.
    expect(await keysUnder(beta, 'beta-data', 'out/')).toEqual(['out/changed.txt', 'out/stale.txt']);
    await expect(syncs.run(plan.planId)).rejects.toThrow(/typed to confirm/);
    await expect(syncs.run(plan.planId, ALPHA)).rejects.toThrow(/222222222222/);
    await syncs.run(plan.planId, BETA);
    await waitFor(
      () => syncs.report(plan.planId).finished,
      'the sync to finish',
      30_000,
      () => syncs.report(plan.planId),
    );
    expect(syncs.report(plan.planId).rows).toEqual([
      { key: 'a/b.txt', action: 'copy', result: 'done' },
      { key: 'changed.txt', action: 'overwrite', result: 'done' },
      { key: 'stale.txt', action: 'delete', result: 'done' },
    ]);
    expect(await keysUnder(beta, 'beta-data', 'out/')).toEqual(['out/a/b.txt', 'out/changed.txt']);
    expect(await bodyOf(beta, 'beta-data', 'out/changed.txt')).toBe('new!');
    // No conflict question: the plan said overwrite.
    expect(queue.snapshot().conflicts).toEqual([]);
    await queue.dispose();
  });

  it('asks before overwriting an object that appeared at the target after the plan', async () => {
    await put(alpha, 'alpha-data', 'late/x.txt', 'mine');
    const { compare, syncs, queue } = services();
    const { compareId } = await compare(left('late/'), right('late-target/'));
    const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false });
    await put(beta, 'beta-data', 'late-target/x.txt', 'theirs');
    await syncs.run(plan.planId);
    await waitFor(() => queue.snapshot().conflicts.length === 1, 'a conflict question');
    expect(await bodyOf(beta, 'beta-data', 'late-target/x.txt')).toBe('theirs');
    await queue.dispose();
  });

  it('leaves folder markers and undecided rows out, each with its reason', async () => {
    const { compare, syncs } = services();
    const { compareId } = await compare(left('src/'), right('dst/'));
    const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false });
    expect(plan.leftOut).toEqual([
      { key: 'big.bin', reason: expect.stringMatching(/undecided/) },
      { key: 'folder/', reason: expect.stringMatching(/folder marker/) },
    ]);
    expect(plan.delete).toBe(0);
    const withUndecided = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: true });
    expect(withUndecided.overwrite).toBe(plan.overwrite + 1);
  });

  it('syncs into a local folder only when it was handed out for writing, never writing outside it', async () => {
    for (const [key, body] of Object.entries({
      'dl/same.txt': 'same',
      'dl/changed.txt': 'new!',
      'dl/new/x.txt': 'x',
      'dl/a/../evil.txt': 'evil',
    }))
      await put(alpha, 'alpha-data', key, body);
    const root = await mkdtemp(join(tmpdir(), 'sync-into-'));
    const folder = join(root, 'folder');
    try {
      await mkdir(folder);
      await writeFile(join(folder, 'same.txt'), 'same');
      await writeFile(join(folder, 'changed.txt'), 'old!');
      await writeFile(join(folder, 'extra.txt'), 'mine');
      const { compare, syncs, grants, queue } = services();
      await grants.grant('read', [folder]);
      const { compareId } = await compare(left('dl/'), { kind: 'local', path: folder });
      const plan = await syncs.plan(compareId, { deleteExtra: true, overwriteUndecided: false });
      expect(plan).toMatchObject({ copy: 1, overwrite: 1, delete: 0, flow: 'through-this-machine' });
      expect(plan.leftOut).toEqual([
        { key: 'a/../evil.txt', reason: expect.stringMatching(/not a safe file name/) },
        { key: 'extra.txt', reason: expect.stringMatching(/never deleted/) },
      ]);
      await expect(syncs.run(plan.planId)).rejects.toThrow(/Refused to write to .*folder/);
      await grants.grant('write', [folder]);
      await syncs.run(plan.planId);
      await waitFor(
        () => syncs.report(plan.planId).finished,
        'the download',
        30_000,
        () => syncs.report(plan.planId),
      );
      expect(syncs.report(plan.planId).rows).toEqual([
        { key: 'changed.txt', action: 'overwrite', result: 'done' },
        { key: 'new/x.txt', action: 'copy', result: 'done' },
      ]);
      expect(await readFile(join(folder, 'changed.txt'), 'utf8')).toBe('new!');
      expect(await readFile(join(folder, 'new', 'x.txt'), 'utf8')).toBe('x');
      expect(await readFile(join(folder, 'extra.txt'), 'utf8')).toBe('mine');
      expect((await readdir(root)).sort()).toEqual(['folder']);
      expect((await readdir(folder)).sort()).toEqual(['changed.txt', 'extra.txt', 'new', 'same.txt']);
      await queue.dispose();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('copies server-side when one session holds both sides, with the owners it expects and the storage class chosen', async () => {
    await put(alpha, 'alpha-data', 'one/x.txt', 'x');
    const { compare, syncs } = services();
    const { compareId } = await compare(left('one/'), left('two/'));
    const plan = await syncs.plan(compareId, {
      deleteExtra: false,
      overwriteUndecided: false,
      storageClass: 'STANDARD_IA',
    });
    expect(plan.flow).toBe('server-side');
    expect(plan.care).toContain(
      'User metadata is kept; tags are kept; content type and the other content headers are kept; storage class becomes STANDARD_IA.',
    );
    await world.moto.clearRecording();
    await syncs.run(plan.planId);
    await waitFor(() => syncs.report(plan.planId).finished, 'the copy');
    expect(await bodyOf(alpha, 'alpha-data', 'two/x.txt')).toBe('x');
    const head = await alpha.send(new HeadObjectCommand({ Bucket: 'alpha-data', Key: 'two/x.txt' }));
    expect(head.StorageClass).toBe('STANDARD_IA');
    const copy = (await world.moto.recorded()).find(
      (r) => r.method === 'PUT' && r.headers['x-amz-copy-source'] !== undefined,
    );
    expect(copy?.headers['x-amz-expected-bucket-owner']).toBe(ALPHA);
    expect(copy?.headers['x-amz-source-expected-bucket-owner']).toBe(ALPHA);
    // Its own account writes the copy: no ACL needed.
    expect(copy?.headers['x-amz-acl']).toBeUndefined();
  });

  it('runs server-side copies as queue items that wait for lapsed credentials and finish after renewal', async () => {
    await put(alpha, 'alpha-data', 'park/p.txt', 'park me');
    await put(alpha, 'alpha-data', 'park/q.txt', 'and me');
    const { compare, syncs, sessions, queue } = services();
    const { compareId } = await compare(left('park/'), left('parked/'));
    const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false });
    expect(plan.flow).toBe('server-side');
    sessions.expireAfter('alice', 0);
    const { jobId } = await syncs.run(plan.planId);
    const items = () => queue.snapshot().items.filter((i) => i.jobId === jobId);
    await waitFor(
      () => items().length === 2 && items().every((i) => i.status === 'waiting-credentials'),
      'the copies to wait for credentials',
    );
    expect(syncs.report(plan.planId).finished).toBe(false);
    sessions.renew('alice');
    await waitFor(() => syncs.report(plan.planId).finished, 'the copies');
    expect(syncs.report(plan.planId).rows.map((r) => r.result)).toEqual(['done', 'done']);
    expect(
      items().map(({ direction, source, target, status, bytesDone, bytesTotal }) => ({
        direction,
        source,
        target,
        status,
        bytesDone,
        bytesTotal,
      })),
    ).toEqual([
      {
        direction: 'copy',
        source: 's3://alpha-data/park/p.txt',
        target: 's3://alpha-data/parked/p.txt',
        status: 'done',
        bytesDone: 7,
        bytesTotal: 7,
      },
      {
        direction: 'copy',
        source: 's3://alpha-data/park/q.txt',
        target: 's3://alpha-data/parked/q.txt',
        status: 'done',
        bytesDone: 6,
        bytesTotal: 6,
      },
    ]);
    expect(await bodyOf(alpha, 'alpha-data', 'parked/p.txt')).toBe('park me');
    await queue.dispose();
  });

  it('lets S3 copy when the target’s session may read the source, and never overwrites what appeared after the plan', async () => {
    await put(alpha, 'alpha-data', 'shared/a.txt', 'a');
    await put(alpha, 'alpha-data', 'shared/b.txt', 'b');
    const { compare, syncs } = services();
    const carol = { kind: 's3' as const, sessionId: 'carol', bucket: 'beta-data', prefix: 'from-shared/' };
    const { compareId } = await compare(left('shared/'), carol);
    const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false });
    expect(plan).toMatchObject({ flow: 'server-side', copy: 2 });
    expect(plan.flowReason).toMatch(/target's session can read the source/);
    await put(beta, 'beta-data', 'from-shared/b.txt', 'theirs');
    await syncs.run(plan.planId);
    await waitFor(() => syncs.report(plan.planId).finished, 'the copies');
    expect(syncs.report(plan.planId).rows).toEqual([
      { key: 'a.txt', action: 'copy', result: 'done' },
      {
        key: 'b.txt',
        action: 'copy',
        result: 'skipped',
        error: expect.objectContaining({
          message: expect.stringMatching(/appeared at the target after the plan/),
        }),
      },
    ]);
    expect(await bodyOf(beta, 'beta-data', 'from-shared/a.txt')).toBe('a');
    expect(await bodyOf(beta, 'beta-data', 'from-shared/b.txt')).toBe('theirs');
    // bob may not read alpha-data: his sync goes through this machine.
    const other = await compare(left('shared/'), right('from-shared-bob/'));
    const throughHere = await syncs.plan(other.compareId, { deleteExtra: false, overwriteUndecided: false });
    expect(throughHere.flow).toBe('through-this-machine');
  });

  it('gives the plan’s copies as CopyPlanItems for the Batch Operations hand-off', async () => {
    const { compare, syncs } = services();
    const { compareId } = await compare(left('src/'), right('dst/'));
    const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false });
    const { sides, items } = syncs.copySet(plan.planId);
    const all = [];
    for await (const item of items) all.push(item);
    expect(sides.target).toEqual({ sessionId: 'bob', bucket: 'beta-data', prefix: 'dst/' });
    expect(all).toContainEqual({
      sourceBucket: 'alpha-data',
      sourceKey: 'src/only-left.txt',
      targetBucket: 'beta-data',
      targetKey: 'dst/only-left.txt',
      size: 3,
    });
    expect(all).toHaveLength(plan.copy + plan.overwrite);
  });
});
