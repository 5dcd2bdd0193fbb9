// After a CreateMultipartUpload whose answer was lost (sent again by the SDK, or cut off by a crash),
// the upload it created is found and aborted — against a server that gives each upload's real start
// time (S3; moto with tests/support/moto-patches/multipart_initiated.py) and against one that
// misreports them all as 2010-11-10 (moto as it ships). Another tool's upload of the same key that
// holds parts is never touched.
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abortStrayUploads } from '../../../src/engine/transfers/stray-uploads';
import { type MotoServer, startMoto } from '../../support/moto';

const BUCKET = 'strays';

describe.each([
  ['gives each upload its real start time', false],
  ['reports every upload as begun on 2010-11-10', true],
])('abortStrayUploads, against a server that %s', (_, constantInitiated) => {
  let moto: MotoServer;
  let client: S3Client;

  beforeAll(async () => {
    moto = await startMoto({ noAuthActions: 1_000_000, constantInitiated });
    client = new S3Client({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' },
    });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  }, 60_000);
  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  const create = async (key: string): Promise<string> =>
    (await client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }))).UploadId!;
  const open = async (key: string): Promise<string[]> =>
    ((await client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: key }))).Uploads ?? [])
      .filter((u) => u.Key === key)
      .map((u) => u.UploadId!);

  it('aborts the empty upload of the lost answer, keeps ours and another tool’s upload with parts', async () => {
    const key = `k-${constantInitiated}`;
    const listed = (await client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads;
    expect(listed ?? []).toEqual([]);
    // Another tool is uploading the same key and has sent a part.
    const others = await create(key);
    await client.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: others, PartNumber: 1, Body: 'part' }),
    );
    const since = new Date();
    // Our first Create: S3 made the upload, the answer was lost; the second one is kept.
    const stray = await create(key);
    const kept = await create(key);
    if (constantInitiated) {
      const initiated = (await client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: key })))
        .Uploads?.[0]?.Initiated;
      expect(initiated?.getUTCFullYear()).toBe(2010);
    }
    await abortStrayUploads(client, { bucket: BUCKET, key }, kept, since);
    expect((await open(key)).sort()).toEqual([others, kept].sort());
    expect(await open(key)).not.toContain(stray);
  });
});
