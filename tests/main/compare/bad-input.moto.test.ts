/**
 * Issue 21's "Bad input and faults", each against moto: a listing that fails after its first
 * page (either side), keys that only differ in case or normalisation (never merged into one),
 * keys that are no safe file name synced into a local folder (refused per key, nothing written
 * outside the folder), folder markers at the target, and what appears at the target between the
 * plan and the run (never overwritten by a "copy").
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareLocation, CompareRow } from '../../../src/shared/models/compare';
import type { World } from '../../support/aws-world';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy';
import { ALPHA, BETA, FakeSessions, transferWorld, waitFor } from '../transfers/transfer-fixtures';
import { syncServices } from './sync-services';

const accountOf = (id: string): string | undefined =>
  id === 'alice' ? ALPHA : id === 'bob' ? BETA : undefined;

let world: World;
let alpha: S3Client;
let beta: S3Client;
let proxy: FaultProxy;

const put = (client: S3Client, bucket: string, key: string, body: string) =>
  client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
const bodyOf = async (client: S3Client, bucket: string, key: string): Promise<string> =>
  await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
const keysUnder = async (client: S3Client, bucket: string, prefix: string): Promise<string[]> =>
  ((await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map(
    (o) => o.Key!,
  );
/** Every file and folder under `root`, relative to it, sorted. */
async function tree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true });
  return entries.map((e) => relative(root, join(root, e))).sort();
}

/** Polls an async check (waitFor's checks are synchronous). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

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

/** The services, their S3 requests sent to moto directly or through the fault proxy. */
function services(through?: FaultProxy) {
  const sessions = new FakeSessions(
    { alice: world.users.alice!, bob: world.users.bob! },
    through?.endpoint ?? world.moto.endpoint,
  );
  const { sink, grants, compares, queue, syncs } = syncServices(sessions, accountOf);
  const compare = async (l: CompareLocation, r: CompareLocation) => {
    const { compareId } = await compares.start({ left: l, right: r, mode: 'content' });
    const last = await sink.next('comparePage', (p) => p.compareId === compareId && p.done);
    const rows: CompareRow[] = sink
      .of('comparePage')
      .filter((p) => p.compareId === compareId)
      .flatMap((p) => p.rows);
    return { compareId, rows, last };
  };
  const finished = (planId: string) =>
    waitFor(
      () => syncs.report(planId).finished,
      'the sync to finish',
      30_000,
      () => syncs.report(planId),
    );
  return { compare, syncs, queue, grants, finished };
}

beforeAll(async () => {
  world = await transferWorld();
  alpha = world.s3For(ALPHA);
  beta = world.s3For(BETA);
  proxy = await startFaultProxy({ upstream: world.moto.endpoint, seed: 21 });
  // 1,500 keys on each side: two listing pages (S3 gives 1,000 a page).
  for (let i = 0; i < 1500; i += 100) {
    await Promise.all(
      Array.from({ length: 100 }, async (_, j) => {
        const key = `paged/${String(i + j).padStart(5, '0')}`;
        await put(alpha, 'alpha-data', key, 'x');
        await put(beta, 'beta-data', key, 'x');
      }),
    );
  }
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await world?.dispose();
});

describe('a listing that fails mid-way', () => {
  for (const [side, bucket] of [
    ['left', 'alpha-data'],
    ['right', 'beta-data'],
  ] as const) {
    it(`names the ${side} side, keeps the rows before it, and a plan from it is refused`, async () => {
      // Every try at the second page of this side's listing fails; the first page went through.
      proxy.script([
        {
          match: (r) =>
            r.method === 'GET' &&
            r.path.replace(/\/$/, '') === `/${bucket}` &&
            r.query.has('continuation-token'),
          fault: { kind: 'status', status: 500, code: 'InternalError' },
          times: 1000,
        },
      ]);
      try {
        const { compare, syncs } = services(proxy);
        const { compareId, rows, last } = await compare(left('paged/'), right('paged/'));
        expect(last.error).toMatchObject({ side });
        expect(last.error?.message).toMatch(new RegExp(`The ${side} side's listing stopped`));
        // The rows both first pages decided were sent and are kept on screen.
        expect(rows.length).toBeGreaterThanOrEqual(1000);
        expect(rows.length).toBeLessThan(1500);
        expect(rows.every((r) => r.status === 'same')).toBe(true);
        // Half a listing would plan copies and deletes the full one would not: refused.
        await expect(syncs.plan(compareId, { deleteExtra: true, overwriteUndecided: false })).rejects.toThrow(
          /stopped before the end/,
        );
        // Nothing was deleted at the target.
        const secondPage = await beta.send(
          new ListObjectsV2Command({ Bucket: 'beta-data', Prefix: 'paged/', StartAfter: 'paged/00999' }),
        );
        expect(secondPage.Contents).toHaveLength(500);
      } finally {
        proxy.script([]);
      }
    });
  }
});

describe('a session that expires during a long compare', () => {
  it('parks the right side after its first page, says so, and goes on from there once renewed', async () => {
    proxy.script([]);
    proxy.resetStats();
    const sessions = new FakeSessions({ alice: world.users.alice!, bob: world.users.bob! }, proxy.endpoint);
    const { sink, compares } = syncServices(sessions, accountOf);
    // Six credential fetches cover bob's bucket list, encryption probe and first listing page (as
    // counted in checksum-compare.moto.test.ts); his second page finds the session lapsed.
    sessions.expireAfter('bob', 6);
    const { compareId } = await compares.start({
      left: left('paged/'),
      right: right('paged/'),
      mode: 'content',
    });
    const parked = await sink.next('comparePage', (p) => p.compareId === compareId && p.waiting === 'right');
    // Parked mid-way: bob's first page was listed, his second was not.
    const pages = (continued: boolean) =>
      proxy.count(
        (r) =>
          r.path.replace(/\/$/, '') === '/beta-data' &&
          r.query.has('list-type') &&
          r.query.has('continuation-token') === continued &&
          r.status === 200,
      );
    expect([pages(false), pages(true)]).toEqual([1, 0]);
    expect(parked.done).toBeFalsy();
    sessions.renew('bob');
    const last = await sink.next('comparePage', (p) => p.compareId === compareId && p.done);
    expect(last.error).toBeUndefined();
    const rows = sink
      .of('comparePage')
      .filter((p) => p.compareId === compareId)
      .flatMap((p) => p.rows);
    expect(rows).toHaveLength(1500);
    expect(new Set(rows.map((r) => r.key)).size).toBe(1500);
    expect(rows.every((r) => r.status === 'same')).toBe(true);
  });
});

describe('keys that differ only in case or Unicode normalisation', () => {
  const bodies = {
    'Café.txt': 'nfc',
    'Cafe\u0301.txt': 'nfd',
    'A.txt': 'upper',
    'a.txt': 'lower',
  };
  beforeAll(async () => {
    for (const [key, body] of Object.entries(bodies)) await put(alpha, 'alpha-data', `look/${key}`, body);
  });

  it('are flagged and copied each to its own key, never one onto another', async () => {
    const { compare, syncs, queue, finished } = services();
    const { compareId, rows } = await compare(left('look/'), right('look-copy/'));
    expect(rows.filter((r) => r.warning?.includes('only in case or Unicode normalisation'))).toHaveLength(2);
    const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false });
    expect(plan).toMatchObject({ copy: 4, overwrite: 0 });
    await syncs.run(plan.planId);
    await finished(plan.planId);
    expect((await keysUnder(beta, 'beta-data', 'look-copy/')).sort()).toEqual(
      Object.keys(bodies)
        .map((k) => `look-copy/${k}`)
        .sort(),
    );
    for (const [key, body] of Object.entries(bodies))
      expect(await bodyOf(beta, 'beta-data', `look-copy/${key}`)).toBe(body);
    await queue.dispose();
  });

  it('are written into a local folder as separate files with their own bytes', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'look-'));
    try {
      const { compare, syncs, grants, queue, finished } = services();
      await grants.grant('write', [folder]);
      const { compareId } = await compare(left('look/'), { kind: 'local', path: folder });
      const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false });
      expect(plan).toMatchObject({ copy: 4, overwrite: 0, leftOut: [] });
      await syncs.run(plan.planId);
      await finished(plan.planId);
      expect(syncs.report(plan.planId).rows.every((r) => r.result === 'done')).toBe(true);
      expect(await tree(folder)).toEqual(Object.keys(bodies).sort());
      for (const [key, body] of Object.entries(bodies))
        expect(await readFile(join(folder, key), 'utf8')).toBe(body);
      await queue.dispose();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('keys that are no safe file name, synced into a local folder', () => {
  const unsafe = [
    '/rooted.txt',
    'a//b.txt',
    './dot.txt',
    '../up.txt',
    'x/../../up-two.txt',
    '..',
    'ctl\u0001.txt',
    'del\u007f.txt',
  ];
  it('are refused one by one with a reason, the rest is written, and nothing lands outside the folder', async () => {
    await put(alpha, 'alpha-data', 'odd/ok.txt', 'ok');
    await put(alpha, 'alpha-data', 'odd/sub/fine.txt', 'fine');
    for (const key of unsafe) await put(alpha, 'alpha-data', `odd/${key}`, 'evil');
    // The folder is two levels down, so a key climbing out of it would land inside `root`.
    const root = await mkdtemp(join(tmpdir(), 'odd-'));
    const folder = join(root, 'one', 'two', 'folder');
    try {
      await mkdir(folder, { recursive: true });
      const { compare, syncs, grants, queue, finished } = services();
      await grants.grant('write', [folder]);
      const { compareId } = await compare(left('odd/'), { kind: 'local', path: folder });
      const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false });
      expect(plan.copy).toBe(2);
      expect(plan.leftOut.map((l) => l.key).sort()).toEqual([...unsafe].sort());
      for (const { reason } of plan.leftOut) expect(reason).toMatch(/not a safe file name|names no file/);
      await syncs.run(plan.planId);
      await finished(plan.planId);
      expect(syncs.report(plan.planId).rows).toEqual([
        { key: 'ok.txt', action: 'copy', result: 'done' },
        { key: 'sub/fine.txt', action: 'copy', result: 'done' },
      ]);
      expect(await tree(root)).toEqual([
        'one',
        'one/two',
        'one/two/folder',
        'one/two/folder/ok.txt',
        'one/two/folder/sub',
        'one/two/folder/sub/fine.txt',
      ]);
      await queue.dispose();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('folder markers', () => {
  it('at the target are never deleted, even when deleting extras; the plan says so', async () => {
    await put(alpha, 'alpha-data', 'mk-src/a.txt', 'a');
    await put(beta, 'beta-data', 'mk-dst/empty/', '');
    await put(beta, 'beta-data', 'mk-dst/extra.txt', 'extra');
    const { compare, syncs, queue, finished } = services();
    const { compareId } = await compare(left('mk-src/'), right('mk-dst/'));
    const plan = await syncs.plan(compareId, { deleteExtra: true, overwriteUndecided: false });
    expect(plan).toMatchObject({ copy: 1, delete: 1 });
    expect(plan.leftOut).toEqual([{ key: 'empty/', reason: expect.stringMatching(/folder marker/) }]);
    await syncs.run(plan.planId, BETA);
    await finished(plan.planId);
    expect((await keysUnder(beta, 'beta-data', 'mk-dst/')).sort()).toEqual(['mk-dst/a.txt', 'mk-dst/empty/']);
    await queue.dispose();
  });
});

describe('what appears at the target between the plan and the run', () => {
  it('a file in the local folder is not overwritten by a planned copy', async () => {
    await put(alpha, 'alpha-data', 'late-dl/x.txt', 'theirs');
    await put(alpha, 'alpha-data', 'late-dl/y.txt', 'y');
    const folder = await mkdtemp(join(tmpdir(), 'late-'));
    try {
      const { compare, syncs, grants, queue } = services();
      await grants.grant('write', [folder]);
      const { compareId } = await compare(left('late-dl/'), { kind: 'local', path: folder });
      const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false });
      expect(plan).toMatchObject({ copy: 2, overwrite: 0 });
      await writeFile(join(folder, 'x.txt'), 'mine');
      await syncs.run(plan.planId);
      await waitFor(
        () => queue.snapshot().conflicts.length === 1 || syncs.report(plan.planId).finished,
        'a question or the end',
      );
      await until(async () => (await tree(folder)).includes('y.txt'), 'the other copy');
      expect(await readFile(join(folder, 'x.txt'), 'utf8')).toBe('mine');
      expect(await readFile(join(folder, 'y.txt'), 'utf8')).toBe('y');
      await queue.dispose();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('an object at the target of an upload from a local folder is not overwritten', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'late-up-'));
    try {
      await writeFile(join(folder, 'x.txt'), 'mine');
      await writeFile(join(folder, 'y.txt'), 'y');
      const { compare, syncs, grants, queue } = services();
      await grants.grant('read', [folder]);
      const { compareId } = await compare({ kind: 'local', path: folder }, right('late-up/'));
      const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false });
      expect(plan).toMatchObject({ copy: 2, overwrite: 0 });
      await put(beta, 'beta-data', 'late-up/x.txt', 'theirs');
      await syncs.run(plan.planId);
      await waitFor(
        () => queue.snapshot().conflicts.length === 1 || syncs.report(plan.planId).finished,
        'a question or the end',
      );
      await until(
        async () => (await keysUnder(beta, 'beta-data', 'late-up/')).length === 2,
        'the other copy',
      );
      expect(await bodyOf(beta, 'beta-data', 'late-up/x.txt')).toBe('theirs');
      expect(await bodyOf(beta, 'beta-data', 'late-up/y.txt')).toBe('y');
      await queue.dispose();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('local files whose names differ only in Unicode normalisation', () => {
  it('are compared and uploaded as two keys, each with its own bytes', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'look-up-'));
    try {
      await writeFile(join(folder, 'Café.txt'), 'nfc');
      await writeFile(join(folder, 'Cafe\u0301.txt'), 'nfd');
      const { compare, syncs, grants, queue, finished } = services();
      await grants.grant('read', [folder]);
      const { compareId, rows, last } = await compare({ kind: 'local', path: folder }, right('look-up/'));
      expect(last.error).toBeUndefined();
      expect(rows.map((r) => r.key).sort()).toEqual(['Cafe\u0301.txt', 'Café.txt']);
      expect(rows.filter((r) => r.warning?.includes('only in case or Unicode normalisation'))).toHaveLength(
        1,
      );
      const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false });
      expect(plan).toMatchObject({ copy: 2 });
      await syncs.run(plan.planId);
      await finished(plan.planId);
      expect(await bodyOf(beta, 'beta-data', 'look-up/Café.txt')).toBe('nfc');
      expect(await bodyOf(beta, 'beta-data', 'look-up/Cafe\u0301.txt')).toBe('nfd');
      await queue.dispose();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
