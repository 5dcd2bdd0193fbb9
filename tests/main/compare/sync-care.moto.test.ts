// Cross-account care on a sync's copies through this machine (issue 21): the owners expected on
// every request to each bucket, multipart ones included (read off the fault proxy, which sees every
// request the engine sends), the ACL only where a foreign target uses ACLs, the target's KMS key,
// and the source's metadata, tags and storage class kept or dropped as the plan chose (read back
// from moto with an administrator's client).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import {
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketOwnershipControlsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionBucketOwners } from '../../../src/main/compare/bucket-facts';
import type { SyncOptions } from '../../../src/main/compare/sync-plan';
import type { CompareLocation } from '../../../src/shared/models/compare';
import { createWorld, type World } from '../../support/aws-world';
import { type FaultProxy, type ProxyRequest, startFaultProxy } from '../../support/fault-proxy';
import { allow, bucketResources, deny, policy } from '../../support/policies';
import { ALPHA, BETA, FakeSessions, waitFor } from '../transfers/transfer-fixtures';
import { syncServices } from './sync-services';

const MiB = 1024 * 1024;
const accountOf = (id: string): string | undefined =>
  id === 'alice' ? ALPHA : id === 'bob' ? BETA : undefined;

let world: World;
let proxy: FaultProxy;
let alpha: S3Client;
let beta: S3Client;
let kmsKeyId: string;

/** What the source objects carry besides their bytes. */
const headers = {
  ContentType: 'application/x-report',
  CacheControl: 'max-age=60',
  ContentDisposition: 'attachment; filename="r.bin"',
  ContentLanguage: 'de',
  Metadata: { origin: 'ledger', 'run-id': '42' },
  StorageClass: 'STANDARD_IA' as const,
};
const tagging = 'team=data&cost%20center=4%2F2';
const tagSet = [
  { Key: 'cost center', Value: '4/2' },
  { Key: 'team', Value: 'data' },
];

const location = (sessionId: string, bucket: string, prefix: string): CompareLocation => ({
  kind: 's3',
  sessionId,
  bucket,
  prefix,
});

beforeAll(async () => {
  // alice (ALPHA) owns alpha-src and alpha-drop; bob (BETA) owns beta-kms and may also write into
  // alpha-drop (moto lets an identity policy alone reach another account's bucket).
  const own = (...buckets: string[]) => [
    ...buckets.map((b) => allow('s3:*', bucketResources(b))),
    allow('s3:ListAllMyBuckets'),
  ];
  world = await createWorld({
    accounts: {
      [ALPHA]: {
        users: {
          alice: {
            policies: [
              policy(
                ...own('alpha-src', 'alpha-drop'),
                deny('s3:GetObjectTagging', 'arn:aws:s3:::alpha-src/tags-hidden/*'),
              ),
            ],
          },
        },
        buckets: { 'alpha-src': {}, 'alpha-drop': {} },
      },
      [BETA]: {
        users: { bob: { policies: [policy(...own('beta-kms', 'alpha-drop'), allow('kms:*'))] } },
        buckets: { 'beta-kms': {} },
      },
    },
  });
  alpha = world.s3For(ALPHA);
  beta = world.s3For(BETA);
  // beta-kms: Object Ownership enforced (no ACLs) and SSE-KMS by default with BETA's key.
  // alpha-drop has no ownership controls: it predates them and still uses ACLs.
  kmsKeyId = (await world.kmsFor(BETA).send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  await beta.send(
    new PutBucketOwnershipControlsCommand({
      Bucket: 'beta-kms',
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    }),
  );
  await beta.send(
    new PutBucketEncryptionCommand({
      Bucket: 'beta-kms',
      ServerSideEncryptionConfiguration: {
        Rules: [
          { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: kmsKeyId } },
        ],
      },
    }),
  );
  // One object past the part size (11 MiB in 5 MiB parts: a multipart upload), one small.
  for (const [key, body] of [
    ['care/big.bin', Buffer.alloc(11 * MiB, 3)],
    ['care/small.txt', Buffer.from('small')],
    ['tags-hidden/t.txt', Buffer.from('t')],
  ] as const)
    await alpha.send(
      new PutObjectCommand({ Bucket: 'alpha-src', Key: key, Body: body, ...headers, Tagging: tagging }),
    );
  proxy = await startFaultProxy({ upstream: world.moto.endpoint, seed: 21 });
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await world?.dispose();
});

/** `copyPartMiB`: server-side copies above it go part by part. */
function services(copyPartMiB?: number) {
  const sessions = new FakeSessions({ alice: world.users.alice!, bob: world.users.bob! }, proxy.endpoint);
  const { pool, sink, grants, compares, queue, syncs } = syncServices(sessions, accountOf, copyPartMiB);
  /** Compares, plans and runs a sync to its end; every request sent while it ran is counted by the proxy. */
  const sync = async (source: CompareLocation, target: CompareLocation, options: Partial<SyncOptions>) => {
    const { compareId } = await compares.start({ left: source, right: target, mode: 'content' });
    await sink.next('comparePage', (p) => p.compareId === compareId && p.done);
    const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false, ...options });
    proxy.resetStats();
    await syncs.run(plan.planId);
    await waitFor(
      () => syncs.report(plan.planId).finished,
      'the sync to finish',
      60_000,
      () => syncs.report(plan.planId),
    );
    await queue.dispose();
    return { plan, report: syncs.report(plan.planId) };
  };
  /** A pane-to-pane copy as the app queues it: the owners learnt from both sessions' bucket lists. */
  const copyAcross = async (
    from: { bucket: string; keys: string[] },
    to: { bucket: string; prefix: string },
  ) => {
    const owners = await sessionBucketOwners(
      pool,
      sessions,
      accountOf,
      ['alice', 'bob'],
      [from.bucket, to.bucket],
    );
    proxy.resetStats();
    await queue.enqueueCopy({
      from: { sessionId: 'alice', prefixes: [], ...from },
      to: { sessionId: 'bob', ...to },
      owners,
    });
    await waitFor(
      () => queue.snapshot().items.every((i) => i.status === 'done' || i.status === 'failed'),
      'the copy to finish',
      60_000,
    );
    const items = queue.snapshot().items;
    await queue.dispose();
    return items;
  };
  return { sync, copyAcross, grants };
}

const inBucket = (bucket: string) => (r: ProxyRequest) => r.path.startsWith(`/${bucket}/`);
const multipart = (r: ProxyRequest) => r.query.has('uploadId') || r.query.has('uploads');
const owner = (r: ProxyRequest) => r.headers['x-amz-expected-bucket-owner'];

/** Every request to the bucket named its owner, and some of them were multipart requests. */
function expectOwnerOnEveryRequest(bucket: string, account: string, withMultipart: boolean): void {
  const to = inBucket(bucket);
  expect(proxy.count(to)).toBeGreaterThan(0);
  expect(proxy.count((r) => to(r) && owner(r) !== account)).toBe(0);
  if (withMultipart)
    expect(proxy.count((r) => to(r) && multipart(r) && owner(r) === account)).toBeGreaterThan(3);
}

const headOf = (client: S3Client, bucket: string, key: string) =>
  client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
const tagsOf = async (client: S3Client, bucket: string, key: string) =>
  ((await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))).TagSet ?? [])
    .map((t) => ({ Key: t.Key, Value: t.Value }))
    .sort((a, b) => (a.Key ?? '').localeCompare(b.Key ?? ''));

describe('a sync through this machine, into another account', () => {
  it('keeps metadata, tags and storage class, encrypts with the target’s KMS key, and names both owners on every request', async () => {
    const { sync } = services();
    const { plan, report } = await sync(
      location('alice', 'alpha-src', 'care/'),
      location('bob', 'beta-kms', 'kept/'),
      { metadata: 'keep', tags: 'keep' },
    );
    expect(plan.flow).toBe('through-this-machine');
    expect(plan.care).toEqual([
      `Calls to s3://beta-kms expect its owner ${BETA} (x-amz-expected-bucket-owner).`,
      `The source s3://alpha-src is expected to belong to ${ALPHA}.`,
      'The target bucket enforces bucket ownership (no ACLs): the copies are its owner’s.',
      `Copies are encrypted with the target’s KMS key ${kmsKeyId}.`,
      'User metadata is kept; tags are kept; content type and the other content headers are kept; storage class is kept.',
      'Tags are read with the source’s session (s3:GetObjectTagging): a copy whose tags cannot be read fails with the reason, rather than arriving without them.',
    ]);
    expect(report.rows).toEqual([
      { key: 'big.bin', action: 'copy', result: 'done' },
      { key: 'small.txt', action: 'copy', result: 'done' },
    ]);
    for (const key of ['kept/big.bin', 'kept/small.txt']) {
      const head = await headOf(beta, 'beta-kms', key);
      expect(head).toMatchObject({ ...headers, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId });
      expect(await tagsOf(beta, 'beta-kms', key)).toEqual(tagSet);
    }
    expectOwnerOnEveryRequest('beta-kms', BETA, true);
    expectOwnerOnEveryRequest('alpha-src', ALPHA, false);
    // The target enforces ownership: no ACL is sent to it. Its key is asked for, not left to
    // the bucket's default (which moto applies too): both creating requests name it.
    expect(proxy.count((r) => inBucket('beta-kms')(r) && r.headers['x-amz-acl'] !== undefined)).toBe(0);
    expect(
      proxy.count(
        (r) =>
          inBucket('beta-kms')(r) && r.headers['x-amz-server-side-encryption-aws-kms-key-id'] === kmsKeyId,
      ),
    ).toBe(2);
  }, 90_000);

  it('drops metadata and tags as chosen, sets the storage class picked, and gives a foreign ACL bucket’s owner full control', async () => {
    const { sync } = services();
    // bob (BETA) writes into alpha-drop, ALPHA's bucket that still uses ACLs.
    const { plan, report } = await sync(
      location('alice', 'alpha-src', 'care/'),
      location('bob', 'alpha-drop', 'dropped/'),
      { metadata: 'drop', tags: 'drop', storageClass: 'ONEZONE_IA' },
    );
    expect(plan.care).toEqual(
      expect.arrayContaining([
        `Calls to s3://alpha-drop expect its owner ${ALPHA} (x-amz-expected-bucket-owner).`,
        'The target bucket uses ACLs: copies give its owner full control (bucket-owner-full-control).',
        'User metadata is dropped (target defaults); tags are dropped (target defaults); content type and the other content headers are kept; storage class becomes ONEZONE_IA.',
      ]),
    );
    expect(report.rows.map((r) => r.result)).toEqual(['done', 'done']);
    for (const key of ['dropped/big.bin', 'dropped/small.txt']) {
      const head = await headOf(alpha, 'alpha-drop', key);
      expect(head).toMatchObject({
        ContentType: headers.ContentType,
        CacheControl: headers.CacheControl,
        ContentLanguage: headers.ContentLanguage,
        StorageClass: 'ONEZONE_IA',
      });
      expect(head.Metadata).toEqual({});
      expect(head.ServerSideEncryption).not.toBe('aws:kms');
      expect(await tagsOf(alpha, 'alpha-drop', key)).toEqual([]);
    }
    expectOwnerOnEveryRequest('alpha-drop', ALPHA, true);
    // Every request that creates an object (the small PUT, the big one's CreateMultipartUpload)
    // gives the bucket's owner full control; the parts and the completion carry no ACL.
    const creates = (r: ProxyRequest) =>
      inBucket('alpha-drop')(r) &&
      ((r.method === 'PUT' && !r.query.has('uploadId')) || (r.method === 'POST' && r.query.has('uploads')));
    expect(proxy.count(creates)).toBe(2);
    expect(proxy.count((r) => creates(r) && r.headers['x-amz-acl'] !== 'bucket-owner-full-control')).toBe(0);
  }, 90_000);

  it('fails a copy whose tags may not be read, with the reason on its row, rather than copying it without them', async () => {
    const kept = await services().sync(
      location('alice', 'alpha-src', 'tags-hidden/'),
      location('bob', 'beta-kms', 'tags-hidden/'),
      { tags: 'keep' },
    );
    expect(kept.report.rows).toEqual([
      {
        key: 't.txt',
        action: 'copy',
        result: 'failed',
        error: expect.objectContaining({
          code: 'access-denied',
          message: expect.stringMatching(
            /tags of s3:\/\/alpha-src\/tags-hidden\/t\.txt could not be read .* so it was not copied/,
          ),
          hints: expect.arrayContaining([expect.stringMatching(/tags set to "target defaults"/)]),
        }),
      },
    ]);
    await expect(headOf(beta, 'beta-kms', 'tags-hidden/t.txt')).rejects.toThrow();
    // Dropping the tags needs no tagging permission.
    const dropped = await services(5).sync(
      location('alice', 'alpha-src', 'tags-hidden/'),
      location('bob', 'beta-kms', 'tags-hidden/'),
      { tags: 'drop' },
    );
    expect(dropped.report.rows.map((r) => r.result)).toEqual(['done']);
  }, 90_000);
});

describe('a server-side sync (one session holds both sides)', () => {
  it('keeps metadata and tags by default, and drops them (content headers kept) when asked, naming both owners on every request', async () => {
    // big.bin (11 MiB) is copied by S3 in 5 MiB parts, small.txt by one CopyObject.
    const kept = await services(5).sync(
      location('alice', 'alpha-src', 'care/'),
      location('alice', 'alpha-drop', 'server-kept/'),
      {},
    );
    expect(kept.plan.flow).toBe('server-side');
    expect(kept.report.rows.map((r) => r.result)).toEqual(['done', 'done']);
    const dropped = await services(5).sync(
      location('alice', 'alpha-src', 'care/'),
      location('alice', 'alpha-drop', 'server-dropped/'),
      { metadata: 'drop', tags: 'drop' },
    );
    expect(dropped.report.rows.map((r) => r.result)).toEqual(['done', 'done']);
    // The target's owner on every request (CreateMultipartUpload, each part, Complete), the
    // source's on every request to it, and on every copy (CopyObject and UploadPartCopy) as the source's.
    expectOwnerOnEveryRequest('alpha-drop', ALPHA, true);
    expectOwnerOnEveryRequest('alpha-src', ALPHA, false);
    const copies = (r: ProxyRequest) => r.headers['x-amz-copy-source'] !== undefined;
    expect(proxy.count((r) => copies(r) && r.query.has('partNumber'))).toBe(3);
    expect(proxy.count(copies)).toBe(4);
    expect(proxy.count((r) => copies(r) && r.headers['x-amz-source-expected-bucket-owner'] !== ALPHA)).toBe(
      0,
    );
    for (const key of ['big.bin', 'small.txt']) {
      expect(await headOf(alpha, 'alpha-drop', `server-kept/${key}`)).toMatchObject(headers);
      expect(await tagsOf(alpha, 'alpha-drop', `server-kept/${key}`)).toEqual(tagSet);
      const head = await headOf(alpha, 'alpha-drop', `server-dropped/${key}`);
      const { Metadata: _, ...contentHeaders } = headers;
      expect(head).toMatchObject(contentHeaders);
      expect(head.Metadata).toEqual({});
      expect(await tagsOf(alpha, 'alpha-drop', `server-dropped/${key}`)).toEqual([]);
    }
    // Its own account writes into its own ACL bucket: no ACL is needed.
    expect(proxy.count((r) => r.headers['x-amz-acl'] !== undefined)).toBe(0);
  }, 90_000);
});

describe('a pane-to-pane copy between two sessions', () => {
  it('expects the owners the sessions’ bucket lists name, on every request, multipart ones included', async () => {
    const items = await services().copyAcross(
      { bucket: 'alpha-src', keys: ['care/big.bin'] },
      { bucket: 'beta-kms', prefix: 'pane/' },
    );
    expect(items.map((i) => i.status)).toEqual(['done']);
    expectOwnerOnEveryRequest('beta-kms', BETA, true);
    expectOwnerOnEveryRequest('alpha-src', ALPHA, false);
    // No plan chose to carry more: the copy keeps the content type only.
    const head = await headOf(beta, 'beta-kms', 'pane/big.bin');
    expect(head.ContentType).toBe(headers.ContentType);
    expect(head.Metadata).toEqual({});
  }, 90_000);
});

describe('a sync from a local folder', () => {
  it('uploads with the expected owner on every request, the target’s KMS key and the storage class picked; full control where the owner is not known', async () => {
    const root = await mkdtemp(join(tmpdir(), 'care-upload-'));
    const creates = (bucket: string) => (r: ProxyRequest) =>
      inBucket(bucket)(r) &&
      ((r.method === 'PUT' && !r.query.has('uploadId')) || (r.method === 'POST' && r.query.has('uploads')));
    try {
      await writeFile(join(root, 'small.txt'), 'small');
      await writeFile(join(root, 'big.bin'), Buffer.alloc(11 * MiB, 9));
      const own = services();
      await own.grants.grant('read', [root]);
      const into = await own.sync({ kind: 'local', path: root }, location('bob', 'beta-kms', 'up/'), {
        storageClass: 'STANDARD_IA',
      });
      expect(into.plan.care).toEqual([
        `Calls to s3://beta-kms expect its owner ${BETA} (x-amz-expected-bucket-owner).`,
        'The target bucket enforces bucket ownership (no ACLs): the copies are its owner’s.',
        `Copies are encrypted with the target’s KMS key ${kmsKeyId}.`,
        'Files get the content type of their name and storage class STANDARD_IA.',
      ]);
      expect(into.report.rows.map((r) => r.result)).toEqual(['done', 'done']);
      expectOwnerOnEveryRequest('beta-kms', BETA, true);
      expect(
        proxy.count(
          (r) =>
            creates('beta-kms')(r) &&
            r.headers['x-amz-server-side-encryption-aws-kms-key-id'] === kmsKeyId &&
            r.headers['x-amz-storage-class'] === 'STANDARD_IA' &&
            r.headers['x-amz-acl'] === undefined,
        ),
      ).toBe(2);
      expect((await headOf(beta, 'beta-kms', 'up/small.txt')).ContentType).toBe('text/plain');

      // bob's session cannot list ALPHA's alpha-drop: its owner is unknown, so it may be foreign.
      const other = services();
      await other.grants.grant('read', [root]);
      const foreign = await other.sync(
        { kind: 'local', path: root },
        location('bob', 'alpha-drop', 'up/'),
        {},
      );
      expect(foreign.plan.care.slice(0, 2)).toEqual([
        'The owner of s3://alpha-drop could not be learnt (no session lists it), so no expected owner is sent.',
        'The target bucket uses ACLs: copies give its owner full control (bucket-owner-full-control).',
      ]);
      expect(foreign.report.rows.map((r) => r.result)).toEqual(['done', 'done']);
      expect(
        proxy.count(
          (r) => creates('alpha-drop')(r) && r.headers['x-amz-acl'] === 'bucket-owner-full-control',
        ),
      ).toBe(2);
      expect(proxy.count((r) => inBucket('alpha-drop')(r) && owner(r) !== undefined)).toBe(0);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});
