import {
  DeleteObjectCommand,
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
import { VersionService } from '../../../src/main/objects/versions/version-service';
import { ObjectDetailsService } from '../../../src/main/s3/object-details';
import type { AppFailure } from '../../../src/shared/errors/app-error';
import { allow, policy } from '../../support/policies';
import { ACCOUNT, useS3World } from '../s3/s3-fixture';

const BUCKET = 'history';
const PLAIN = 'no-history';
const S = 'keeper';

describe('version history actions', () => {
  const suite = useS3World(
    {
      users: { [S]: { policies: [policy(allow('s3:*', '*'))] } },
      buckets: { [BUCKET]: { versioning: true }, [PLAIN]: {} },
    },
    { liftAuth: false },
  );
  let s3: S3Client;
  let versions: VersionService;
  let details: ObjectDetailsService;
  const put = (input: Omit<PutObjectCommandInput, 'Bucket'>) =>
    s3.send(new PutObjectCommand({ Bucket: BUCKET, ...input }));
  const remove = (Key: string) => s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key }));
  const body = async (Key: string) =>
    (await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body?.transformToString()) ?? '';

  beforeAll(async () => {
    s3 = suite.world.s3For(ACCOUNT);
    details = new ObjectDetailsService(suite.pool);
    versions = new VersionService(suite.pool, new CopyOverService(), details);
    await put({ Key: 'docs/kept.txt', Body: 'live' });
    await put({ Key: 'docs/gone.txt', Body: 'twelve bytes' });
    await remove('docs/gone.txt');
    // A folder whose every object was deleted: only the version listing still has it.
    await put({ Key: 'docs/old/inner.txt', Body: 'x' });
    await remove('docs/old/inner.txt');
    await put({ Key: 'docs/sub/live.txt', Body: 'y' });
  });

  it('lists the deleted objects of a folder, with the size they had, and the folders under it', async () => {
    const listing = await versions.listDeleted(S, BUCKET, 'docs/');
    expect(listing.versioning).toBe('Enabled');
    expect(listing.truncated).toBe(false);
    const objects = listing.entries.filter((e) => e.kind === 'object');
    expect(objects).toEqual([
      expect.objectContaining({ kind: 'object', key: 'docs/gone.txt', size: 12, deleted: true }),
    ]);
    expect(objects[0]?.lastModified).toMatch(/^\d{4}-/);
    expect(
      listing.entries
        .filter((e) => e.kind === 'folder')
        .map((e) => e.key)
        .sort(),
    ).toEqual(['docs/old/', 'docs/sub/']);
  });

  it('stops a long scan at its limit and says the list is partial', async () => {
    for (const name of ['a', 'b', 'c', 'd']) {
      await put({ Key: `many/${name}.txt`, Body: name });
      await remove(`many/${name}.txt`);
    }
    const small = new VersionService(suite.pool, new CopyOverService(), details, {
      scanLimit: 4,
      pageSize: 2,
    });
    const partial = await small.listDeleted(S, BUCKET, 'many/');
    expect(partial.truncated).toBe(true);
    expect(partial.entries.length).toBeLessThan(4);
    const whole = await versions.listDeleted(S, BUCKET, 'many/');
    expect(whole.truncated).toBe(false);
    expect(whole.entries.map((e) => e.key).sort()).toEqual([
      'many/a.txt',
      'many/b.txt',
      'many/c.txt',
      'many/d.txt',
    ]);
  });

  it('says when versioning is off (nothing deleted can come back)', async () => {
    expect(await versions.listDeleted(S, PLAIN, '')).toEqual({
      entries: [],
      truncated: false,
      versioning: 'Off',
    });
  });

  it('restores a previous version by copying it over the current one, with its tags and ACL', async () => {
    const first = await put({
      Key: 'report.txt',
      Body: 'version one',
      ContentType: 'text/plain',
      Metadata: { author: 'ann' },
      Tagging: 'stage=draft',
      ACL: 'public-read',
      ServerSideEncryption: 'AES256',
    });
    await put({ Key: 'report.txt', Body: 'version two', ContentType: 'text/markdown' });

    await versions.restoreVersion({
      sessionId: S,
      bucket: BUCKET,
      key: 'report.txt',
      versionId: first.VersionId ?? '',
    });

    expect(await body('report.txt')).toBe('version one');
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'report.txt' }));
    expect(head).toMatchObject({
      ContentType: 'text/plain',
      Metadata: { author: 'ann' },
      ServerSideEncryption: 'AES256',
    });
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'report.txt' }));
    expect(tags.TagSet).toEqual([{ Key: 'stage', Value: 'draft' }]);
    const acl = await s3.send(new GetObjectAclCommand({ Bucket: BUCKET, Key: 'report.txt' }));
    expect(acl.Grants?.some((g) => g.Grantee?.URI?.endsWith('/AllUsers') && g.Permission === 'READ')).toBe(
      true,
    );
    // History is kept: three versions now, the newest a copy of the first.
    const history = await details.versions(S, BUCKET, 'report.txt');
    expect(history).toHaveLength(3);
    expect(history[0]?.isLatest).toBe(true);
    expect(history.some((v) => v.versionId === first.VersionId)).toBe(true);
  });

  it('deletes one version for good and leaves the others', async () => {
    const a = await put({ Key: 'two.txt', Body: 'a' });
    await put({ Key: 'two.txt', Body: 'b' });
    await versions.deleteVersion({
      sessionId: S,
      bucket: BUCKET,
      key: 'two.txt',
      versionId: a.VersionId ?? '',
    });
    const history = await details.versions(S, BUCKET, 'two.txt');
    expect(history.map((v) => v.versionId)).not.toContain(a.VersionId);
    expect(history).toHaveLength(1);
    expect(await body('two.txt')).toBe('b');
  });

  it('undeletes by removing the delete marker, and refuses an object that is not deleted', async () => {
    await put({ Key: 'back.txt', Body: 'I return' });
    await remove('back.txt');
    const summary = await versions.undelete(S, BUCKET, ['back.txt', 'docs/kept.txt']);
    expect(summary.restored).toBe(1);
    expect(summary.failed).toEqual([
      {
        key: 'docs/kept.txt',
        error: expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/not deleted/) }),
      },
    ]);
    expect(await body('back.txt')).toBe('I return');
    const history = await details.versions(S, BUCKET, 'back.txt');
    expect(history.every((v) => !v.isDeleteMarker)).toBe(true);
  });

  it('names the version that does not exist', async () => {
    const error = await versions
      .restoreVersion({ sessionId: S, bucket: BUCKET, key: 'report.txt', versionId: 'no-such-version' })
      .then(
        () => undefined,
        (err: AppFailure) => err.appError,
      );
    expect(error?.details?.action).toBe('s3:GetObjectVersion');
  });
});
