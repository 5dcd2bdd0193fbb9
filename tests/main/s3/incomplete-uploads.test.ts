// Multipart uploads left behind by other tools: listed with their parts, aborted one by one or by
// age, and a lifecycle rule that the server accepts, keeping the bucket's other rules.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  GetBucketLifecycleConfigurationCommand,
  ListMultipartUploadsCommand,
  PutBucketLifecycleConfigurationCommand,
  type PutBucketLifecycleConfigurationCommandInput,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { IncompleteUploadsService } from '../../../src/main/s3/incomplete-uploads';
import { LifecycleSnippets, RULE_ID } from '../../../src/main/s3/lifecycle-snippet';
import type { AppFailure } from '../../../src/shared/errors/app-error';
import { leaveUpload } from '../../support/multipart-seed';
import { allow, bucketResources, policy } from '../../support/policies';
import { ACCOUNT, useS3World } from './s3-fixture';

const MiB = 1024 * 1024;
const BUCKET = 'uploads-left';

const startUpload = async (client: S3Client, key: string, partSizes: readonly number[]): Promise<string> =>
  (await leaveUpload(client, BUCKET, key, partSizes)).uploadId;

const openIds = async (client: S3Client): Promise<string[]> =>
  ((await client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads ?? []).map(
    (u) => u.UploadId!,
  );

describe('incomplete multipart uploads', () => {
  const suite = useS3World(
    {
      users: {
        admin: { policies: [policy(allow('s3:*'))] },
        // May browse and even abort, but not look at the bucket's uploads nor its lifecycle rules.
        looker: {
          policies: [policy(allow(['s3:ListBucket', 's3:AbortMultipartUpload'], bucketResources(BUCKET)))],
        },
      },
      buckets: { [BUCKET]: {} },
    },
    { liftAuth: false },
  );
  let tool: S3Client;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    tool = suite.world.s3For(ACCOUNT);
    ids.video = await startUpload(tool, 'media/video.mov', [5 * MiB, 5 * MiB, 1234]);
    ids.empty = await startUpload(tool, 'backup.tar', []);
    ids.one = await startUpload(tool, 'logs/2024.gz', [777]);
    // A finished upload is not incomplete.
    const done = await startUpload(tool, 'done.bin', []);
    const part = await tool.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: 'done.bin', UploadId: done, PartNumber: 1, Body: 'x' }),
    );
    await tool.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'done.bin',
        UploadId: done,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
  });

  it('lists every upload begun and never completed, oldest first, with its parts and their size', async () => {
    const list = await new IncompleteUploadsService(suite.pool).list('admin', BUCKET);
    expect(list.truncated).toBe(false);
    expect(
      list.uploads
        .map((u) => [u.key, u.uploadId, u.parts, u.size])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['backup.tar', ids.empty, 0, 0],
      ['logs/2024.gz', ids.one, 1, 777],
      ['media/video.mov', ids.video, 3, 10 * MiB + 1234],
    ]);
    // Oldest first (moto keeps whole seconds; uploads begun in the same second go by key).
    const order = list.uploads.map((u) => `${u.initiated} ${u.key}`);
    expect(order).toEqual([...order].sort());
    // When they began, not a constant: moto is patched to say so (tests/support/moto-patches).
    for (const upload of list.uploads)
      expect(Math.abs(Date.parse(upload.initiated ?? '') - Date.now())).toBeLessThan(60 * 60 * 1000);
  });

  it('names the refused action when the uploads may not be listed', async () => {
    const error = await new IncompleteUploadsService(suite.pool).list('looker', BUCKET).then(
      () => undefined,
      (err: AppFailure) => err.appError,
    );
    expect(error).toMatchObject({
      code: 'access-denied',
      details: { action: 's3:ListBucketMultipartUploads', resource: `arn:aws:s3:::${BUCKET}` },
    });
  });

  it('gives a lifecycle rule the server accepts, keeping the rules the bucket already has', async () => {
    const snippets = new LifecycleSnippets(suite.pool);
    const first = await snippets.snippet('admin', BUCKET, 7);
    expect(first).toMatchObject({ days: 7, existingRules: 0 });
    expect(first.command).toBe(
      `aws s3api put-bucket-lifecycle-configuration --bucket ${BUCKET} --lifecycle-configuration file://lifecycle.json`,
    );
    // The bucket gets another rule of its own first: the snippet must not drop it.
    await tool.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: BUCKET,
        LifecycleConfiguration: {
          Rules: [
            { ID: 'expire-tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 30 } },
          ],
        },
      }),
    );
    const merged = await snippets.snippet('admin', BUCKET, 7);
    expect(merged.existingRules).toBe(1);
    expect(merged.alreadyAbortsAfter).toBeUndefined();
    const configuration = JSON.parse(
      merged.configuration,
    ) as PutBucketLifecycleConfigurationCommandInput['LifecycleConfiguration'];
    await tool.send(
      new PutBucketLifecycleConfigurationCommand({ Bucket: BUCKET, LifecycleConfiguration: configuration }),
    );
    const applied = await tool.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
    expect(
      applied.Rules?.map((r) => [
        r.ID,
        r.Expiration?.Days,
        r.AbortIncompleteMultipartUpload?.DaysAfterInitiation,
      ]),
    ).toEqual([
      ['expire-tmp', 30, undefined],
      [RULE_ID, undefined, 7],
    ]);
    // Asked again: the rule is there already, and a new number of days replaces it rather than adding one.
    const again = await snippets.snippet('admin', BUCKET, 3);
    expect(again).toMatchObject({ existingRules: 2, alreadyAbortsAfter: 7 });
    expect((JSON.parse(again.configuration) as { Rules: { ID: string }[] }).Rules.map((r) => r.ID)).toEqual([
      'expire-tmp',
      RULE_ID,
    ]);
  });

  it('warns that the rules could not be read instead of quietly dropping them', async () => {
    const snippet = await new LifecycleSnippets(suite.pool).snippet('looker', BUCKET, 7);
    expect(snippet.existingRules).toBeUndefined();
    expect(snippet.readError).toMatchObject({
      code: 'access-denied',
      details: { action: 's3:GetLifecycleConfiguration' },
    });
    expect((JSON.parse(snippet.configuration) as { Rules: unknown[] }).Rules).toHaveLength(1);
  });

  it('aborts one upload, counts one that is already gone as aborted, then all older than a day', async () => {
    const service = new IncompleteUploadsService(suite.pool);
    const gone = await startUpload(tool, 'gone.bin', []);
    await tool.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'gone.bin', UploadId: gone }));
    expect(
      await service.abort('admin', BUCKET, [
        { key: 'backup.tar', uploadId: ids.empty! },
        { key: 'gone.bin', uploadId: gone },
      ]),
    ).toEqual({ aborted: 2, failed: [] });
    expect((await openIds(tool)).sort()).toEqual([ids.video, ids.one].sort());

    // Nothing here is a day old yet…
    expect(await service.abortOlderThan('admin', BUCKET, 1)).toEqual({ aborted: 0, failed: [] });
    // …but two days from now both are.
    const later = Date.now() + 2 * 24 * 60 * 60 * 1000;
    expect(await service.abortOlderThan('admin', BUCKET, 1, later)).toEqual({ aborted: 2, failed: [] });
    expect(await openIds(tool)).toEqual([]);
  });
});
