import {
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { CopyOverService } from '../../../src/main/objects/edit/copy-over';
import { type EditRequest, EditService } from '../../../src/main/objects/edit/edit-service';
import { allow, deny, policy } from '../../support/policies';
import { ACCOUNT, useS3World } from '../s3/s3-fixture';

const BUCKET = 'edit-src';
const MiB = 1024 * 1024;
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

const tagsOf = async (s3: S3Client, key: string): Promise<Record<string, string>> => {
  const out = await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: key }));
  return Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key, t.Value]));
};

const publicRead = async (s3: S3Client, key: string): Promise<boolean> => {
  const acl = await s3.send(new GetObjectAclCommand({ Bucket: BUCKET, Key: key }));
  return (acl.Grants ?? []).some((g) => g.Grantee?.URI === ALL_USERS && g.Permission === 'READ');
};

const bodyOf = async (s3: S3Client, key: string): Promise<string> => {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await out.Body?.transformToString()) ?? '';
};

describe('editing objects the way the Console does', () => {
  const suite = useS3World(
    {
      users: {
        editor: { policies: [policy(allow('s3:*', '*'))] },
        // May rewrite objects but not read their ACLs: an edit must not drop grants it cannot see.
        noacl: { policies: [policy(allow('s3:*', '*'), deny(['s3:GetObjectAcl'], '*'))] },
      },
      buckets: { [BUCKET]: {} },
    },
    { liftAuth: false },
  );
  let s3: S3Client;
  let editor: EditService;
  const put = (input: Omit<PutObjectCommandInput, 'Bucket'>) =>
    s3.send(new PutObjectCommand({ Bucket: BUCKET, ...input }));
  const edit = (request: Omit<EditRequest, 'sessionId' | 'bucket' | 'prefixes'> & { prefixes?: string[] }) =>
    editor.edit({ sessionId: 'editor', bucket: BUCKET, prefixes: [], ...request });
  const recordedCopies = async () =>
    (await suite.world.moto.recorded()).filter((r) => r.method === 'PUT' && 'x-amz-copy-source' in r.headers);

  beforeAll(() => {
    s3 = suite.world.s3For(ACCOUNT);
    editor = new EditService(suite.pool, new CopyOverService());
  });

  it('changes headers and user metadata, keeping tags, ACL, encryption and storage class', async () => {
    await put({
      Key: 'report.csv',
      Body: 'a,b\n1,2\n',
      ContentType: 'text/plain',
      ContentLanguage: 'en',
      Metadata: { owner: 'alice', stale: 'yes' },
      Tagging: 'team=data&tier=gold',
      ACL: 'public-read',
      ServerSideEncryption: 'AES256',
      StorageClass: 'STANDARD_IA',
    });
    await suite.world.moto.clearRecording();

    const summary = await edit({
      keys: ['report.csv'],
      headers: {
        contentType: 'text/csv; charset=utf-8',
        cacheControl: 'max-age=3600',
        contentDisposition: 'attachment; filename="report.csv"',
        contentLanguage: null,
      },
      metadata: { set: { Reviewed: '2026-11-29' }, remove: ['stale'], replaceAll: false },
    });

    expect(summary).toEqual({ changed: 1, unchanged: 0, failed: [] });
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'report.csv' }));
    expect(head.ContentType).toBe('text/csv; charset=utf-8');
    expect(head.CacheControl).toBe('max-age=3600');
    expect(head.ContentDisposition).toBe('attachment; filename="report.csv"');
    expect(head.ContentLanguage).toBeUndefined();
    // S3 stores metadata keys in lower case; the edit does too, so nothing is duplicated.
    expect(head.Metadata).toEqual({ owner: 'alice', reviewed: '2026-11-29' });
    expect(head.ServerSideEncryption).toBe('AES256');
    expect(head.StorageClass).toBe('STANDARD_IA');
    expect(await tagsOf(s3, 'report.csv')).toEqual({ team: 'data', tier: 'gold' });
    expect(await publicRead(s3, 'report.csv')).toBe(true);
    expect(await bodyOf(s3, 'report.csv')).toBe('a,b\n1,2\n');

    // One copy onto itself, guarded by the ETag it was read with.
    const [copy] = await recordedCopies();
    expect(copy?.headers['x-amz-metadata-directive']).toBe('REPLACE');
    expect(copy?.headers['x-amz-copy-source-if-match']).toBe(head.ETag);
  });

  it('keeps SSE-KMS encryption with the same key and bucket-key setting', async () => {
    const keyArn = 'arn:aws:kms:us-east-1:111111111111:key/0a1b2c3d-1111-2222-3333-444455556666';
    await put({
      Key: 'kms.txt',
      Body: 'secret',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyArn,
      BucketKeyEnabled: true,
    });
    await edit({ keys: ['kms.txt'], metadata: { set: { note: 'x' }, remove: [], replaceAll: false } });
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'kms.txt' }));
    expect(head).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyArn,
      Metadata: { note: 'x' },
    });
    expect(head.BucketKeyEnabled).toBe(true);
  });

  it('sends nothing for an edit that changes nothing', async () => {
    await put({ Key: 'same.txt', Body: 'x', ContentType: 'text/plain', Tagging: 'a=1' });
    await suite.world.moto.clearRecording();
    const summary = await edit({
      keys: ['same.txt'],
      headers: { contentType: 'text/plain' },
      tags: { set: { a: '1' }, remove: [], replaceAll: false },
    });
    expect(summary).toEqual({ changed: 0, unchanged: 1, failed: [] });
    expect(await recordedCopies()).toEqual([]);
  });

  it('changes the storage class of a folder, keeping metadata and tags; objects already there are unchanged', async () => {
    await put({
      Key: 'cold/a.txt',
      Body: 'a',
      Metadata: { k: 'v' },
      Tagging: 't=1',
      ContentType: 'text/plain',
    });
    await put({ Key: 'cold/b.txt', Body: 'b', StorageClass: 'STANDARD_IA' });
    const summary = await edit({ keys: [], prefixes: ['cold/'], storageClass: 'STANDARD_IA' });
    expect(summary).toEqual({ changed: 1, unchanged: 1, failed: [] });
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cold/a.txt' }));
    expect(head.StorageClass).toBe('STANDARD_IA');
    expect(head.Metadata).toEqual({ k: 'v' });
    expect(head.ContentType).toBe('text/plain');
    expect(await tagsOf(s3, 'cold/a.txt')).toEqual({ t: '1' });
  });

  it('merges tags into each object of a selection, or replaces them all', async () => {
    await put({ Key: 'tags/one.txt', Body: '1', Tagging: 'keep=me&old=x' });
    await put({ Key: 'tags/two.txt', Body: '2' });
    expect(
      await edit({
        keys: ['tags/one.txt', 'tags/two.txt'],
        tags: { set: { project: 'crossbucket' }, remove: ['old'], replaceAll: false },
      }),
    ).toEqual({ changed: 2, unchanged: 0, failed: [] });
    expect(await tagsOf(s3, 'tags/one.txt')).toEqual({ keep: 'me', project: 'crossbucket' });
    expect(await tagsOf(s3, 'tags/two.txt')).toEqual({ project: 'crossbucket' });

    await edit({ keys: ['tags/one.txt'], tags: { set: { only: 'this' }, remove: [], replaceAll: true } });
    expect(await tagsOf(s3, 'tags/one.txt')).toEqual({ only: 'this' });
  });

  it('refuses per object what S3 would refuse, and leaves that object as it was', async () => {
    await put({
      Key: 'limits/many-tags.txt',
      Body: 'x',
      Tagging: Array.from({ length: 9 }, (_, i) => `t${i}=v`).join('&'),
    });
    await put({ Key: 'limits/fine.txt', Body: 'y' });
    const summary = await edit({
      keys: ['limits/many-tags.txt', 'limits/fine.txt'],
      tags: { set: { extra1: 'a', extra2: 'b' }, remove: [], replaceAll: false },
    });
    expect(summary.changed).toBe(1);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]?.key).toBe('limits/many-tags.txt');
    expect(summary.failed[0]?.error.message).toMatch(/at most 10/);
    expect(Object.keys(await tagsOf(s3, 'limits/many-tags.txt'))).toHaveLength(9);

    const big = await edit({
      keys: ['limits/fine.txt'],
      metadata: { set: { big: 'x'.repeat(2100) }, remove: [], replaceAll: false },
    });
    expect(big.failed[0]?.error.message).toMatch(/2,048 bytes/);
  });

  it('explains that an archived object cannot be rewritten until it is restored', async () => {
    await put({ Key: 'archive/frozen.txt', Body: 'ice', StorageClass: 'GLACIER' });
    const summary = await edit({ keys: ['archive/frozen.txt'], headers: { cacheControl: 'no-cache' } });
    expect(summary.failed[0]?.error).toMatchObject({ code: 'conflict' });
    expect(summary.failed[0]?.error.message).toMatch(/archived/);
  });

  it('refuses to rewrite an object whose ACL it may not read, rather than drop the grants', async () => {
    await put({ Key: 'acl/shared.txt', Body: 's', ACL: 'public-read', ContentType: 'text/plain' });
    const summary = await editor.edit({
      sessionId: 'noacl',
      bucket: BUCKET,
      keys: ['acl/shared.txt'],
      prefixes: [],
      headers: { contentType: 'text/markdown' },
    });
    expect(summary.failed[0]?.error).toMatchObject({ code: 'access-denied' });
    expect(summary.failed[0]?.error.message).toMatch(/ACL could not be read/);
    expect(summary.failed[0]?.error.details?.action).toBe('s3:GetObjectAcl');
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'acl/shared.txt' }));
    expect(head.ContentType).toBe('text/plain');
    expect(await publicRead(s3, 'acl/shared.txt')).toBe(true);
  });

  it('copies objects above the CopyObject limit in parts, carrying headers, tags and encryption', async () => {
    const content = Buffer.alloc(6 * MiB, 'z');
    await put({
      Key: 'large/blob.bin',
      Body: content,
      ContentType: 'application/octet-stream',
      Metadata: { origin: 'backup' },
      Tagging: 'retain=yes',
      ServerSideEncryption: 'AES256',
      ACL: 'public-read',
    });
    const small = new EditService(
      suite.pool,
      new CopyOverService({ multipartThreshold: MiB, partSize: 5 * MiB }),
    );
    await suite.world.moto.clearRecording();
    const summary = await small.edit({
      sessionId: 'editor',
      bucket: BUCKET,
      keys: ['large/blob.bin'],
      prefixes: [],
      headers: { cacheControl: 'no-store' },
    });
    expect(summary).toEqual({ changed: 1, unchanged: 0, failed: [] });
    const parts = (await suite.world.moto.recorded()).filter((r) => 'partNumber' in r.query);
    expect(parts).toHaveLength(2);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'large/blob.bin' }));
    expect(head).toMatchObject({
      CacheControl: 'no-store',
      ContentType: 'application/octet-stream',
      Metadata: { origin: 'backup' },
      ServerSideEncryption: 'AES256',
      ContentLength: content.length,
    });
    expect(await tagsOf(s3, 'large/blob.bin')).toEqual({ retain: 'yes' });
    expect(await publicRead(s3, 'large/blob.bin')).toBe(true);
    const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'large/blob.bin' }));
    expect(Buffer.from((await out.Body?.transformToByteArray()) ?? []).equals(content)).toBe(true);
  });
});
