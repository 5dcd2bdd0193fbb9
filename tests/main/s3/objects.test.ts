import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { S3ClientPool } from '../../../src/main/s3/client-pool';
import { CopyService } from '../../../src/main/s3/copy-objects';
import { SelectionCounter } from '../../../src/main/s3/count-selection';
import { FolderService } from '../../../src/main/s3/create-folder';
import { DeleteService } from '../../../src/main/s3/delete-objects';
import { ListingService } from '../../../src/main/s3/listing';
import { multipartCopy } from '../../../src/main/s3/multipart-copy';
import { ObjectDetailsService } from '../../../src/main/s3/object-details';
import type { AppFailure } from '../../../src/shared/errors/app-error';
import type { EventName } from '../../../src/shared/ipc/channels';
import type { EventPayloads } from '../../../src/shared/ipc/contract';
import type { ListingPage } from '../../../src/shared/models/s3';
import { allow, policy } from '../../support/policies';
import { ACCOUNT, useS3World } from './s3-fixture';

const S = 'browser';
const MiB = 1024 * 1024;

const SPECIAL_KEYS = [
  'special/../up.txt',
  'special//double',
  'special/with space.txt',
  'special/100%.txt',
  'special/a+b.txt',
  'special/ünïcødé-😀.txt',
  'special/q?x#y&z=1',
  `special/${'k'.repeat(1016)}`,
  '/leading-slash.txt',
];

const fail = <T>(p: Promise<T>) =>
  p.then(
    () => undefined,
    (err: AppFailure) => err.appError,
  );

async function keysIn(s3: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key ?? '');
}

async function body(s3: S3Client, bucket: string, key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body?.transformToString()) ?? '';
}

/** Lists one folder level through the service, as the renderer would. */
async function listFolder(pool: S3ClientPool, bucket: string, prefix: string): Promise<string[]> {
  const pages: ListingPage[] = [];
  const listing = new ListingService(pool, {
    emit<E extends EventName>(_event: E, payload: EventPayloads[E]) {
      pages.push(payload as ListingPage);
    },
  });
  listing.start({ sessionId: S, bucket, prefix });
  while (!pages.some((p) => p.done)) await new Promise((r) => setTimeout(r, 10));
  return pages.flatMap((p) => p.entries.map((e) => e.key));
}

describe('object operations', () => {
  const suite = useS3World(
    {
      users: { browser: { policies: [policy(allow('s3:*', '*'))] } },
      buckets: {
        src: {
          manyKeys: { prefix: 'bulk/', count: 2500 },
          objects: {
            'docs/a.txt': 'aaaa',
            'docs/b.txt': 'bb',
            'docs/sub/c.txt': 'c',
            'single.txt': 'one',
            ...Object.fromEntries(SPECIAL_KEYS.map((k) => [k, `body of ${k}`])),
          },
        },
        dst: {},
        versioned: { versioning: true },
      },
    },
    { liftAuth: true },
  );
  let s3: S3Client;

  beforeAll(() => {
    s3 = suite.world.s3For(ACCOUNT);
  });

  describe('createFolder', () => {
    const folders = () => new FolderService(suite.pool);

    it('creates a zero-byte placeholder that shows as a folder', async () => {
      const { key } = await folders().create({
        sessionId: S,
        bucket: 'dst',
        prefix: 'new/',
        name: 'Reports 2024',
      });
      expect(key).toBe('new/Reports 2024/');
      expect(await listFolder(suite.pool, 'dst', 'new/')).toEqual(['new/Reports 2024/']);
      expect(await body(s3, 'dst', key)).toBe('');
    });

    it('refuses a folder that already exists, placeholder or not', async () => {
      expect(
        await fail(folders().create({ sessionId: S, bucket: 'src', prefix: '', name: 'docs' })),
      ).toMatchObject({
        code: 'conflict',
      });
    });

    it('refuses names that are empty or start or end with a slash', async () => {
      for (const name of ['', '/x', 'x/']) {
        expect(await fail(folders().create({ sessionId: S, bucket: 'dst', prefix: '', name }))).toMatchObject(
          {
            code: 'validation',
          },
        );
      }
    });
  });

  it('counts objects and bytes of picked keys and folders, each once', async () => {
    const count = await new SelectionCounter(suite.pool).count({
      sessionId: S,
      bucket: 'src',
      keys: ['single.txt', 'docs/a.txt'],
      prefixes: ['docs/'],
    });
    expect(count).toEqual({ objects: 4, bytes: 3 + 4 + 2 + 1 });
  });

  it('deletes a 2,500-key folder in three DeleteObjects batches', async () => {
    await suite.world.moto.clearRecording();
    const summary = await new DeleteService(suite.pool).delete({
      sessionId: S,
      bucket: 'src',
      keys: [],
      prefixes: ['bulk/'],
    });

    expect(summary).toEqual({ deleted: 2500, failed: [] });
    expect(await keysIn(s3, 'src', 'bulk/')).toEqual([]);
    const batches = (await suite.world.moto.recorded()).filter(
      (r) => r.method === 'POST' && 'delete' in r.query,
    );
    expect(batches).toHaveLength(3);
  });

  describe('copyObjects', () => {
    const copier = () => new CopyService(suite.pool);

    it('copies a folder across buckets keeping relative paths', async () => {
      const summary = await copier().copy({
        sessionId: S,
        bucket: 'src',
        keys: ['single.txt'],
        prefixes: ['docs/'],
        targetBucket: 'dst',
        targetPrefix: 'backup/',
        move: false,
      });
      expect(summary).toEqual({ copied: 4, failed: [] });
      expect((await keysIn(s3, 'dst', 'backup/')).sort()).toEqual([
        'backup/docs/a.txt',
        'backup/docs/b.txt',
        'backup/docs/sub/c.txt',
        'backup/single.txt',
      ]);
      expect(await body(s3, 'dst', 'backup/docs/sub/c.txt')).toBe('c');
      expect(await keysIn(s3, 'src', 'docs/')).toHaveLength(3);
    });

    it('moves: the sources are gone and the targets hold their content', async () => {
      await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'move-me/x.txt', Body: 'x' }));
      const summary = await copier().copy({
        sessionId: S,
        bucket: 'src',
        keys: [],
        prefixes: ['move-me/'],
        targetBucket: 'src',
        targetPrefix: 'moved/',
        move: true,
      });
      expect(summary).toEqual({ copied: 1, failed: [] });
      expect(await keysIn(s3, 'src', 'move-me/')).toEqual([]);
      expect(await body(s3, 'src', 'moved/move-me/x.txt')).toBe('x');
    });

    it('renames a single object and refuses to rename onto an existing one', async () => {
      await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'ren/old name.txt', Body: 'r' }));
      await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'ren/taken.txt', Body: 't' }));
      const request = {
        sessionId: S,
        bucket: 'src',
        keys: ['ren/old name.txt'],
        prefixes: [],
        targetBucket: 'src',
        targetPrefix: 'ren/',
        move: true,
      };
      expect(await fail(copier().copy({ ...request, newName: 'taken.txt' }))).toMatchObject({
        code: 'conflict',
      });
      expect(await body(s3, 'src', 'ren/taken.txt')).toBe('t');

      expect(await copier().copy({ ...request, newName: 'new name.txt' })).toEqual({ copied: 1, failed: [] });
      expect((await keysIn(s3, 'src', 'ren/')).sort()).toEqual(['ren/new name.txt', 'ren/taken.txt']);
    });

    it('renames a folder: every key moves under the new name, and never onto an existing folder', async () => {
      for (const key of ['old-dir/', 'old-dir/a.txt', 'old-dir/sub/b.txt', 'taken-dir/x.txt']) {
        await s3.send(new PutObjectCommand({ Bucket: 'src', Key: `ren-dir/${key}`, Body: key }));
      }
      const request = {
        sessionId: S,
        bucket: 'src',
        keys: [],
        prefixes: ['ren-dir/old-dir/'],
        targetBucket: 'src',
        targetPrefix: 'ren-dir/',
        move: true,
      };
      expect(await fail(copier().copy({ ...request, newName: 'taken-dir' }))).toMatchObject({
        code: 'conflict',
      });
      expect(await keysIn(s3, 'src', 'ren-dir/taken-dir/')).toEqual(['ren-dir/taken-dir/x.txt']);

      expect(await copier().copy({ ...request, newName: 'new-dir' })).toEqual({ copied: 3, failed: [] });
      expect(await keysIn(s3, 'src', 'ren-dir/old-dir/')).toEqual([]);
      expect((await keysIn(s3, 'src', 'ren-dir/new-dir/')).sort()).toEqual([
        'ren-dir/new-dir/',
        'ren-dir/new-dir/a.txt',
        'ren-dir/new-dir/sub/b.txt',
      ]);
      expect(await body(s3, 'src', 'ren-dir/new-dir/sub/b.txt')).toBe('old-dir/sub/b.txt');
    });

    it('refuses to copy an object onto itself', async () => {
      const error = await fail(
        copier().copy({
          sessionId: S,
          bucket: 'src',
          keys: ['single.txt'],
          prefixes: [],
          targetBucket: 'src',
          targetPrefix: '',
          move: true,
        }),
      );
      expect(error).toMatchObject({ code: 'conflict' });
      expect(await body(s3, 'src', 'single.txt')).toBe('one');
    });

    it('copies objects above the single-request limit in parts, keeping content and metadata', async () => {
      const big = Buffer.alloc(12 * MiB, 7);
      big.write('head', 0);
      big.write('tail', big.length - 4);
      await s3.send(
        new PutObjectCommand({
          Bucket: 'src',
          Key: 'big/blob.bin',
          Body: big,
          ContentType: 'application/x-test',
          Metadata: { owner: 'team-a' },
        }),
      );
      const summary = await new CopyService(suite.pool, {
        multipartThreshold: 8 * MiB,
        partSize: 5 * MiB,
      }).copy({
        sessionId: S,
        bucket: 'src',
        keys: ['big/blob.bin'],
        prefixes: [],
        targetBucket: 'dst',
        targetPrefix: '',
        move: false,
      });
      expect(summary).toEqual({ copied: 1, failed: [] });

      const copied = await s3.send(new GetObjectCommand({ Bucket: 'dst', Key: 'blob.bin' }));
      expect(Buffer.from(await copied.Body!.transformToByteArray()).equals(big)).toBe(true);
      expect(copied.ContentType).toBe('application/x-test');
      expect(copied.Metadata).toEqual({ owner: 'team-a' });
      const parts = (await suite.world.moto.recorded()).filter(
        (r) => r.method === 'PUT' && r.query.partNumber,
      );
      expect(parts.map((p) => p.headers['x-amz-copy-source-range'])).toEqual(
        expect.arrayContaining(['bytes=0-5242879', 'bytes=5242880-10485759', 'bytes=10485760-12582911']),
      );
    });
  });

  it('copies in parts naming the owners on every call: the target’s on each, the source’s on each part', async () => {
    const big = Buffer.alloc(11 * MiB, 5);
    await s3.send(new PutObjectCommand({ Bucket: 'src', Key: 'owned/big.bin', Body: big }));
    const source = await s3.send(new HeadObjectCommand({ Bucket: 'src', Key: 'owned/big.bin' }));
    const client = await suite.pool.forBucket(S, 'dst');
    await suite.world.moto.clearRecording();
    await multipartCopy(client, {
      sourceBucket: 'src',
      sourceKey: 'owned/big.bin',
      source,
      targetBucket: 'dst',
      targetKey: 'owned/big.bin',
      partSize: 5 * MiB,
      owners: { source: ACCOUNT, target: ACCOUNT },
    });
    const calls = (await suite.world.moto.recorded()).filter((r) => r.path.startsWith('/dst/owned/'));
    // Create, three parts, Complete.
    expect(calls).toHaveLength(5);
    expect(calls.filter((r) => r.headers['x-amz-expected-bucket-owner'] !== ACCOUNT)).toEqual([]);
    const parts = calls.filter((r) => r.headers['x-amz-copy-source'] !== undefined);
    expect(parts.map((r) => r.headers['x-amz-source-expected-bucket-owner'])).toEqual([
      ACCOUNT,
      ACCOUNT,
      ACCOUNT,
    ]);
  });

  it('round-trips unusual keys: list, head, copy, delete', async () => {
    // Listing: '..', '//' and a leading '/' are folder levels like any other, never normalised.
    expect(await listFolder(suite.pool, 'src', 'special/')).toEqual(
      expect.arrayContaining(['special//', 'special/../', 'special/with space.txt', 'special/a+b.txt']),
    );
    expect(await listFolder(suite.pool, 'src', 'special/../')).toEqual(['special/../up.txt']);
    expect(await listFolder(suite.pool, 'src', '/')).toEqual(['/leading-slash.txt']);

    const details = new ObjectDetailsService(suite.pool);
    for (const key of SPECIAL_KEYS) {
      const head = await details.head(S, 'src', key);
      expect(head.key).toBe(key);
      expect(head.size).toBe(Buffer.byteLength(`body of ${key}`));
    }

    const copied = await new CopyService(suite.pool).copy({
      sessionId: S,
      bucket: 'src',
      keys: ['/leading-slash.txt'],
      prefixes: ['special/'],
      targetBucket: 'dst',
      targetPrefix: '',
      move: false,
    });
    expect(copied).toEqual({ copied: SPECIAL_KEYS.length, failed: [] });
    for (const key of SPECIAL_KEYS.filter((k) => k.startsWith('special/'))) {
      expect(await body(s3, 'dst', key)).toBe(`body of ${key}`);
    }
    expect(await body(s3, 'dst', 'leading-slash.txt')).toBe('body of /leading-slash.txt');

    const deleted = await new DeleteService(suite.pool).delete({
      sessionId: S,
      bucket: 'src',
      keys: ['/leading-slash.txt'],
      prefixes: ['special/'],
    });
    expect(deleted).toEqual({ deleted: SPECIAL_KEYS.length, failed: [] });
    expect(await keysIn(s3, 'src', 'special/')).toEqual([]);
    expect(await keysIn(s3, 'src', '/')).toEqual([]);
  });

  it('shows details: metadata, encryption, tags and versioning', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'versioned',
        Key: 'doc.txt',
        Body: 'v1',
        Metadata: { project: 'crossbucket' },
        ContentType: 'text/plain',
        ServerSideEncryption: 'AES256',
        Tagging: 'team=storage&tier=gold',
      }),
    );
    const head = await new ObjectDetailsService(suite.pool).head(S, 'versioned', 'doc.txt');
    expect(head).toMatchObject({
      bucket: 'versioned',
      key: 'doc.txt',
      size: 2,
      contentType: 'text/plain',
      metadata: { project: 'crossbucket' },
      encryption: 'AES256',
      tags: { team: 'storage', tier: 'gold' },
      versioning: 'Enabled',
    });
    expect(head.versionId).toBeTruthy();
  });

  it('lists the versions of exactly one key, delete markers included', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'hist.txt', Body: 'one' }));
    await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'hist.txt', Body: 'three' }));
    await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'hist.txt.bak', Body: 'other key' }));
    await new DeleteService(suite.pool).delete({
      sessionId: S,
      bucket: 'versioned',
      keys: ['hist.txt'],
      prefixes: [],
    });

    const versions = await new ObjectDetailsService(suite.pool).versions(S, 'versioned', 'hist.txt');
    expect(versions.map((v) => [v.isDeleteMarker, v.isLatest, v.size])).toEqual([
      [true, true, undefined],
      [false, false, 5],
      [false, false, 3],
    ]);
  });
});
