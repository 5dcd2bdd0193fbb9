import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TransferQueue } from '../../../src/main/transfers/transfer-queue';
import type { TransferStatus } from '../../../src/shared/models/transfer';
import type { World } from '../../support/aws-world';
import type { ProxyRequest } from '../../support/fault-proxy';
import { ALPHA, BETA, RecordingSink, type TestS3, testS3, transferWorld, waitFor } from './transfer-fixtures';

const MiB = 1024 * 1024;
const finished = new Set<TransferStatus>(['done', 'skipped', 'failed', 'cancelled']);
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

let world: World;
let alphaAdmin: S3Client;
let betaAdmin: S3Client;
let scratch: string;

const bodyOf = async (client: S3Client, bucket: string, key: string): Promise<Buffer> => {
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray());
};
const keysUnder = async (client: S3Client, bucket: string, prefix: string): Promise<string[]> =>
  ((await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map(
    (o) => o.Key!,
  );

/** A queue over alice's and bob's sessions, with small parts so multipart paths run on small files. */
async function makeQueue(parallelFiles = 2) {
  const s3 = await testS3(world, { alice: world.users.alice!, bob: world.users.bob! });
  opened.push(s3);
  const { sessions, clients, proxy } = s3;
  const sink = new RecordingSink();
  const queue = new TransferQueue({
    clients,
    engine: s3.engine,
    sessions,
    sink,
    settings: () => ({ parallelFiles, partSizeMiB: 5, partConcurrency: 3 }),
  });
  const settle = () =>
    waitFor(
      () => queue.snapshot().items.every((i) => finished.has(i.status)),
      'queue to settle',
      30_000,
      () => queue.snapshot().items.map((i) => [i.target, i.status, i.bytesDone, i.error?.message]),
    );
  return { sessions, clients: { sent: s3.sent, cut: s3.cut }, proxy, sink, queue, settle };
}
const opened: TestS3[] = [];

beforeAll(async () => {
  world = await transferWorld();
  alphaAdmin = world.s3For(ALPHA);
  betaAdmin = world.s3For(BETA);
});
afterAll(async () => {
  for (const s3 of opened) await s3.close();
  await world?.dispose();
});
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'xfer-'));
  return () => rm(scratch, { recursive: true, force: true });
});

describe('uploads', () => {
  it('uploads a folder tree to keys that keep its structure and its empty folders', async () => {
    const root = join(scratch, 'photos');
    await mkdir(join(root, 'trip', 'day 1'), { recursive: true });
    await mkdir(join(root, 'empty'), { recursive: true });
    await mkdir(join(root, 'ünïcødé'), { recursive: true });
    await writeFile(join(root, 'cover.jpg'), 'jpeg bytes');
    await writeFile(join(root, 'trip', 'day 1', 'notes (v2).txt'), 'unicode');
    await writeFile(join(root, 'ünïcødé', 'naïve file.txt'), 'naïve');
    await writeFile(join(root, '写真 1+1.txt'), '写真');
    const { queue, settle } = await makeQueue();

    const summary = await queue.enqueueUpload({
      sessionId: 'alice',
      bucket: 'alpha-data',
      prefix: 'tree',
      paths: [root],
    });
    expect(summary.items).toBe(5);
    await settle();

    expect((await keysUnder(alphaAdmin, 'alpha-data', 'tree/')).sort()).toEqual([
      'tree/photos/cover.jpg',
      'tree/photos/empty/',
      'tree/photos/trip/day 1/notes (v2).txt',
      'tree/photos/ünïcødé/naïve file.txt',
      'tree/photos/写真 1+1.txt',
    ]);
    const head = await alphaAdmin.send(
      new HeadObjectCommand({ Bucket: 'alpha-data', Key: 'tree/photos/cover.jpg' }),
    );
    expect(head.ContentType).toBe('image/jpeg');
    expect((await bodyOf(alphaAdmin, 'alpha-data', 'tree/photos/trip/day 1/notes (v2).txt')).toString()).toBe(
      'unicode',
    );
    expect((await bodyOf(alphaAdmin, 'alpha-data', 'tree/photos/ünïcødé/naïve file.txt')).toString()).toBe(
      'naïve',
    );
    expect((await bodyOf(alphaAdmin, 'alpha-data', 'tree/photos/写真 1+1.txt')).toString()).toBe('写真');
    expect(queue.snapshot().totals.bytesDone).toBe(17 + 6 + 6);
    await queue.dispose();
  });

  it('cancelling a multipart upload leaves no multipart upload behind', async () => {
    const file = join(scratch, 'big.bin');
    await writeFile(file, randomBytes(40 * MiB));
    const { queue, clients, settle } = await makeQueue();
    await queue.enqueueUpload({ sessionId: 'alice', bucket: 'alpha-data', prefix: 'cancel/', paths: [file] });
    await waitFor(() => clients.sent().some((c) => c.name === 'UploadPartCommand'), 'a part to be sent');

    queue.cancel();
    await settle();

    expect(queue.snapshot().items[0]?.status).toBe('cancelled');
    const uploads = await alphaAdmin.send(new ListMultipartUploadsCommand({ Bucket: 'alpha-data' }));
    expect(uploads.Uploads ?? []).toEqual([]);
    expect(await keysUnder(alphaAdmin, 'alpha-data', 'cancel/')).toEqual([]);
    await queue.dispose();
  });

  it('parks every file when credentials expire mid-upload and finishes each exactly once after renewal', async () => {
    const files = new Map<string, Buffer>();
    for (const [name, size] of [
      ['one.bin', 12 * MiB],
      ['two.bin', 11 * MiB],
      ['three.bin', 1 * MiB],
      ['four.bin', 13 * MiB],
    ] as const) {
      const data = randomBytes(size);
      files.set(name, data);
      await writeFile(join(scratch, name), data);
    }
    const { queue, sessions, clients, proxy, sink, settle } = await makeQueue(2);
    sessions.expireAfter('alice', 14);
    await queue.enqueueUpload({
      sessionId: 'alice',
      bucket: 'alpha-data',
      prefix: 'expiry/',
      paths: [...files.keys()].map((n) => join(scratch, n)),
    });

    await waitFor(
      () => queue.snapshot().items.every((i) => i.status === 'waiting-credentials' || i.status === 'done'),
      'the queue to wait for credentials',
      20_000,
      () => queue.snapshot().items.map((i) => [i.status, i.error?.message]),
    );
    const parked = queue.snapshot();
    expect(parked.items.some((i) => i.status === 'waiting-credentials')).toBe(true);
    expect(queue.hasActive()).toBe(true);
    // Finished parts are kept while parked.
    expect(parked.totals.bytesDone).toBeGreaterThan(0);

    // The UI is told, not just the queue's own state.
    await waitFor(
      () => sink.of('transfersChanged').some((s) => s.items.some((i) => i.status === 'waiting-credentials')),
      'a snapshot showing the wait',
      10_000,
      () => [
        queue.snapshot().items.map((i) => i.status),
        sink
          .of('transfersChanged')
          .slice(-2)
          .map((x) => x.items.map((i) => i.status)),
      ],
    );
    sessions.renew('alice');
    await settle();

    expect(queue.snapshot().items.map((i) => i.status)).toEqual(['done', 'done', 'done', 'done']);
    for (const [name, data] of files)
      expect(sha(await bodyOf(alphaAdmin, 'alpha-data', `expiry/${name}`))).toBe(sha(data));
    // Each part and each small file went up exactly once: nothing lost, nothing sent twice. The
    // expiry can cut a send whose body S3 already holds; resuming then recognises it (a small
    // file by HEAD, a part by ListParts) instead of sending it again.
    const name = (c: { key?: string; partNumber?: number }) => `${c.key}#${c.partNumber ?? 0}`;
    const isUpload = (c: { name: string }) => c.name === 'UploadPartCommand' || c.name === 'PutObjectCommand';
    const sends = clients.sent().filter(isUpload).map(name);
    expect(sends.length).toBe(new Set(sends).size);
    const recognised = [...new Set(clients.cut().filter(isUpload).map(name))].filter(
      (n) => !sends.includes(n),
    );
    expect([...sends, ...recognised].sort()).toEqual(
      [
        ...[1, 2, 3].map((n) => `expiry/one.bin#${n}`),
        ...[1, 2, 3].map((n) => `expiry/two.bin#${n}`),
        'expiry/three.bin#0',
        ...[1, 2, 3].map((n) => `expiry/four.bin#${n}`),
      ].sort(),
    );
    for (const cut of recognised) {
      const [key, part] = cut.split('#');
      const lookedUp = (req: ProxyRequest) =>
        req.path === `/alpha-data/${key}` &&
        req.status === 200 &&
        (part === '0' ? req.method === 'HEAD' : req.method === 'GET' && req.query.has('uploadId'));
      expect(proxy.count(lookedUp), `${cut} recognised on resume`).toBeGreaterThan(0);
    }
    expect(clients.sent().filter((c) => c.name === 'CompleteMultipartUploadCommand').length).toBe(3);
    const uploads = await alphaAdmin.send(new ListMultipartUploadsCommand({ Bucket: 'alpha-data' }));
    expect(uploads.Uploads ?? []).toEqual([]);
    await queue.dispose();
  });

  it('refuses an upload for an unknown session without queueing anything', async () => {
    await writeFile(join(scratch, 'a.txt'), 'a');
    const { queue } = await makeQueue();

    await expect(
      queue.enqueueUpload({ sessionId: 'gone', bucket: 'alpha-data', prefix: '', paths: [scratch] }),
    ).rejects.toMatchObject({ appError: { code: 'not-found' } });
    expect(queue.snapshot().items).toEqual([]);
    await queue.dispose();
  });

  it('finishes an upload whose CompleteMultipartUpload was applied but its answer lost', async () => {
    const data = randomBytes(11 * MiB);
    await writeFile(join(scratch, 'cut.bin'), data);
    const { queue, proxy, settle } = await makeQueue();
    // S3 applies the Complete, and its answer is lost (the connection resets); the Complete sent
    // again then meets an upload id S3 has forgotten (moto would answer it idempotently).
    const complete = (req: ProxyRequest) => req.method === 'POST' && req.query.has('uploadId');
    proxy.script([
      { label: 'answer lost', match: complete, fault: { kind: 'reset', side: 'response' } },
      {
        label: 'upload forgotten',
        match: complete,
        fault: { kind: 'status', status: 404, code: 'NoSuchUpload' },
        times: 10,
      },
    ]);
    await queue.enqueueUpload({
      sessionId: 'alice',
      bucket: 'alpha-data',
      prefix: 'cut/',
      paths: [join(scratch, 'cut.bin')],
    });
    await settle();

    expect(proxy.count(complete)).toBe(2);
    expect(queue.snapshot().items.map((i) => [i.status, i.error?.message])).toEqual([['done', undefined]]);
    expect(sha(await bodyOf(alphaAdmin, 'alpha-data', 'cut/cut.bin'))).toBe(sha(data));
    await queue.dispose();
  });

  it('asks before replacing an object: skip keeps it, keep-both numbers, overwrite replaces', async () => {
    await alphaAdmin.send(new PutObjectCommand({ Bucket: 'alpha-data', Key: 'clash/same.txt', Body: 'old' }));
    await writeFile(join(scratch, 'same.txt'), 'new!');
    const { queue, sink, settle } = await makeQueue();
    const upload = () =>
      queue.enqueueUpload({
        sessionId: 'alice',
        bucket: 'alpha-data',
        prefix: 'clash/',
        paths: [join(scratch, 'same.txt')],
      });

    for (const choice of ['skip', 'keep-both', 'overwrite'] as const) {
      const asked = sink.next('transferConflict');
      await upload();
      const conflict = await asked;
      expect(conflict).toMatchObject({
        direction: 'upload',
        existing: 's3://alpha-data/clash/same.txt',
        incomingSize: 4,
      });
      expect((await bodyOf(alphaAdmin, 'alpha-data', 'clash/same.txt')).toString()).toBe('old');
      queue.resolveConflict(conflict.conflictId, choice, false);
      await settle();
      if (choice === 'skip') {
        expect(queue.snapshot().items.at(-1)?.status).toBe('skipped');
        expect(await keysUnder(alphaAdmin, 'alpha-data', 'clash/')).toEqual(['clash/same.txt']);
      }
      if (choice === 'keep-both') {
        expect((await bodyOf(alphaAdmin, 'alpha-data', 'clash/same (1).txt')).toString()).toBe('new!');
      }
    }
    expect((await bodyOf(alphaAdmin, 'alpha-data', 'clash/same.txt')).toString()).toBe('new!');
    await queue.dispose();
  });
});

describe('downloads', () => {
  it('asks before replacing a local file: skip leaves it byte-identical, keep-both writes beside it', async () => {
    await alphaAdmin.send(
      new PutObjectCommand({ Bucket: 'alpha-data', Key: 'dl/report.csv', Body: 'remote' }),
    );
    const target = join(scratch, 'out');
    await mkdir(target);
    await writeFile(join(target, 'report.csv'), 'local data');
    const { queue, sink, settle } = await makeQueue();
    const download = () =>
      queue.enqueueDownload({
        sessionId: 'alice',
        bucket: 'alpha-data',
        keys: ['dl/report.csv'],
        prefixes: [],
        targetDir: target,
      });

    let asked = sink.next('transferConflict');
    await download();
    let conflict = await asked;
    expect(conflict).toMatchObject({
      direction: 'download',
      existing: join(target, 'report.csv'),
      existingSize: 10,
      // Picked directly, not listed: the size still comes from S3, not "0 B".
      incomingSize: 6,
    });
    // The question is main's state: any window that attaches now gets it, and the counts say it waits.
    expect(queue.snapshot().conflicts).toEqual([conflict]);
    expect(queue.snapshot().totals.byStatus['waiting-conflict']).toBe(1);
    queue.resolveConflict(conflict.conflictId, 'skip', false);
    expect(queue.snapshot().conflicts).toEqual([]);
    // Answered once: a second answer (say, overwrite from a stale window or a script) is refused.
    expect(() => queue.resolveConflict(conflict.conflictId, 'overwrite', false)).toThrow(
      expect.objectContaining({ appError: expect.objectContaining({ code: 'not-found' }) }),
    );
    await settle();
    expect(await readFile(join(target, 'report.csv'), 'utf8')).toBe('local data');

    asked = sink.next('transferConflict');
    await download();
    conflict = await asked;
    queue.resolveConflict(conflict.conflictId, 'keep-both', false);
    await settle();
    expect(await readFile(join(target, 'report.csv'), 'utf8')).toBe('local data');
    expect(await readFile(join(target, 'report (1).csv'), 'utf8')).toBe('remote');
    expect((await readdir(target)).sort()).toEqual(['report (1).csv', 'report.csv']);
    await queue.dispose();
  });

  it('does not replace a file that appears after the conflict check: it asks again', async () => {
    await alphaAdmin.send(
      new PutObjectCommand({ Bucket: 'alpha-data', Key: 'race/data.txt', Body: 'remote' }),
    );
    const target = join(scratch, 'race');
    await mkdir(target);
    const { queue, proxy, sink, settle } = await makeQueue();
    // Another program writes the file while the download is under way: its GET is held a moment.
    const get = (req: ProxyRequest) => req.method === 'GET' && req.query.get('x-id') === 'GetObject';
    proxy.script([{ match: get, fault: { kind: 'stall', seconds: 2 } }]);
    void waitFor(() => proxy.count(get) > 0, 'the GET').then(() =>
      writeFile(join(target, 'data.txt'), 'written meanwhile'),
    );
    const asked = sink.next('transferConflict');
    await queue.enqueueDownload({
      sessionId: 'alice',
      bucket: 'alpha-data',
      keys: ['race/data.txt'],
      prefixes: [],
      targetDir: target,
    });
    const conflict = await asked;
    expect(conflict).toMatchObject({ direction: 'download', existingSize: 17 });
    expect(await readFile(join(target, 'data.txt'), 'utf8')).toBe('written meanwhile');

    queue.resolveConflict(conflict.conflictId, 'keep-both', false);
    await settle();
    expect(await readFile(join(target, 'data.txt'), 'utf8')).toBe('written meanwhile');
    expect(await readFile(join(target, 'data (1).txt'), 'utf8')).toBe('remote');
    expect((await readdir(target)).sort()).toEqual(['data (1).txt', 'data.txt']);
    await queue.dispose();
  });

  it('refuses to follow a link in the target folder that leads out of it', async () => {
    for (const key of ['link/evil.txt', 'link/deeper/evil.txt', 'fine.txt']) {
      await alphaAdmin.send(new PutObjectCommand({ Bucket: 'alpha-data', Key: `lnk/${key}`, Body: key }));
    }
    const target = join(scratch, 'target');
    const outside = join(scratch, 'outside');
    await mkdir(join(target, 'lnk'), { recursive: true });
    await mkdir(outside);
    await symlink(outside, join(target, 'lnk', 'link'));
    const { queue, settle } = await makeQueue();
    await queue.enqueueDownload({
      sessionId: 'alice',
      bucket: 'alpha-data',
      keys: [],
      prefixes: ['lnk/'],
      targetDir: target,
    });
    await settle();

    expect(await readdir(outside)).toEqual([]);
    const byKey = Object.fromEntries(queue.snapshot().items.map((i) => [i.source, i]));
    expect(byKey['s3://alpha-data/lnk/fine.txt']?.status).toBe('done');
    for (const key of ['lnk/link/evil.txt', 'lnk/link/deeper/evil.txt']) {
      expect(byKey[`s3://alpha-data/${key}`]).toMatchObject({
        status: 'failed',
        error: { code: 'unsafe-key' },
      });
    }
    await queue.dispose();
  });

  it('downloads a prefix (ranged for large objects) relative to its parent, and folder keys become folders', async () => {
    const large = randomBytes(12 * MiB + 7);
    await alphaAdmin.send(
      new PutObjectCommand({ Bucket: 'alpha-data', Key: 'deep/set/large.bin', Body: large }),
    );
    await alphaAdmin.send(
      new PutObjectCommand({ Bucket: 'alpha-data', Key: 'deep/set/sub/small.txt', Body: 'hi' }),
    );
    await alphaAdmin.send(new PutObjectCommand({ Bucket: 'alpha-data', Key: 'deep/set/hollow/', Body: '' }));
    const { queue, settle } = await makeQueue();
    await queue.enqueueDownload({
      sessionId: 'alice',
      bucket: 'alpha-data',
      keys: [],
      prefixes: ['deep/set/'],
      targetDir: scratch,
    });
    await settle();

    expect(sha(await readFile(join(scratch, 'set', 'large.bin')))).toBe(sha(large));
    expect(await readFile(join(scratch, 'set', 'sub', 'small.txt'), 'utf8')).toBe('hi');
    expect(await readdir(join(scratch, 'set', 'hollow'))).toEqual([]);
    // No temporary files are left beside the results.
    expect((await readdir(join(scratch, 'set'))).sort()).toEqual(['hollow', 'large.bin', 'sub']);
    await queue.dispose();
  });

  it('never writes outside the target folder, whatever the keys say', async () => {
    for (const key of ['../evil', '/abs', 'a/../../b']) {
      await alphaAdmin.send(new PutObjectCommand({ Bucket: 'alpha-data', Key: `esc/${key}`, Body: key }));
    }
    const target = join(scratch, 'inside');
    await mkdir(target);
    const { queue, settle } = await makeQueue();
    // Listed from the prefix `esc/`, the keys relative to the bucket root start with the hostile part.
    const summary = await queue.enqueueDownload({
      sessionId: 'alice',
      bucket: 'alpha-data',
      keys: [],
      prefixes: ['esc/'],
      targetDir: target,
    });
    await settle();

    expect(await readdir(scratch)).toEqual(['inside']);
    const items = queue.snapshot().items;
    expect(items.every((i) => i.status === 'done' && i.target.startsWith(`${target}/`))).toBe(true);
    expect(summary.notices.length).toBe(3);
    expect(items.map((i) => i.renamedFrom).sort()).toEqual(['esc/../evil', 'esc//abs', 'esc/a/../../b']);
    expect(await readFile(join(target, 'esc', '__', 'evil'), 'utf8')).toBe('../evil');
    await queue.dispose();
  });
});

describe('copies across sessions', () => {
  it('streams objects from one account to another, byte-identical', async () => {
    const large = randomBytes(11 * MiB + 3);
    await alphaAdmin.send(new PutObjectCommand({ Bucket: 'alpha-data', Key: 'share/big.bin', Body: large }));
    await alphaAdmin.send(
      new PutObjectCommand({ Bucket: 'alpha-data', Key: 'share/note.txt', Body: 'hello bob' }),
    );
    const { queue, clients, settle } = await makeQueue();
    await queue.enqueueCopy({
      from: { sessionId: 'alice', bucket: 'alpha-data', keys: [], prefixes: ['share/'] },
      to: { sessionId: 'bob', bucket: 'beta-data', prefix: 'from-alice' },
    });
    await settle();

    expect(queue.snapshot().items.map((i) => i.status)).toEqual(['done', 'done']);
    expect(sha(await bodyOf(betaAdmin, 'beta-data', 'from-alice/share/big.bin'))).toBe(sha(large));
    expect((await bodyOf(betaAdmin, 'beta-data', 'from-alice/share/note.txt')).toString()).toBe('hello bob');
    expect(clients.sent().filter((c) => c.name === 'UploadPartCommand').length).toBe(3);
    await queue.dispose();
  });

  it('an object picked directly shows its real size, in its row and in a conflict', async () => {
    const size = 7 * 1024 + 3;
    await alphaAdmin.send(
      new PutObjectCommand({ Bucket: 'alpha-data', Key: 'pick/seven.bin', Body: randomBytes(size) }),
    );
    await betaAdmin.send(new PutObjectCommand({ Bucket: 'beta-data', Key: 'to/seven.bin', Body: 'old' }));
    const { queue, sink, settle } = await makeQueue();
    const asked = sink.next('transferConflict');
    await queue.enqueueCopy({
      from: { sessionId: 'alice', bucket: 'alpha-data', keys: ['pick/seven.bin'], prefixes: [] },
      to: { sessionId: 'bob', bucket: 'beta-data', prefix: 'to/' },
    });
    expect(queue.snapshot().items.map((i) => i.bytesTotal)).toEqual([size]);
    expect(await asked).toMatchObject({ existingSize: 3, incomingSize: size });
    queue.resolveConflict((await asked).conflictId, 'skip', false);
    await settle();
    await queue.dispose();
  });
});
