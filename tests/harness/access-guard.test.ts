// The access guard must answer like AWS, or the access tests prove nothing: cross-account reads
// need the owner's grant (moto alone allows them), refusals carry AWS's wording for the caller's
// organization, and x-amz-expected-bucket-owner is honoured.
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_ACCOUNT, ACCESS_BUCKET, ACCESS_ROLE, accessWorldSpec } from '../support/access-world';
import { createWorld, type World } from '../support/aws-world';

let world: World;
const clients: { destroy(): void }[] = [];

async function roleS3(roleArn: string): Promise<S3Client> {
  const dev = world.users.dev!;
  const sts = new STSClient({
    endpoint: world.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: dev.accessKeyId, secretAccessKey: dev.secretAccessKey },
  });
  clients.push(sts);
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'guard' }),
  );
  const s3 = new S3Client({
    endpoint: world.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: {
      accessKeyId: c!.AccessKeyId!,
      secretAccessKey: c!.SecretAccessKey!,
      sessionToken: c!.SessionToken!,
    },
  });
  clients.push(s3);
  return s3;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }) => ({
      name: e.name,
      message: e.message,
      status: e.$metadata?.httpStatusCode,
    }),
  );

beforeAll(async () => {
  world = await createWorld(accessWorldSpec());
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await world?.dispose();
});

describe('access guard', () => {
  it('refuses a cross-organization read the owner never granted, with a bare "Access Denied"', async () => {
    const s3 = await roleS3(ACCESS_ROLE.analyst);
    // The owner granted listing: allowed.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: ACCESS_BUCKET.share }));
    expect(listed.KeyCount).toBeGreaterThan(0);
    // The analyst's own policy allows GetObject, which moto alone would accept.
    expect(
      await failure(
        s3.send(new GetObjectCommand({ Bucket: ACCESS_BUCKET.share, Key: 'reports/2025/q1.csv' })),
      ),
    ).toEqual({
      name: 'AccessDenied',
      message: 'Access Denied',
      status: 403,
    });
    // HEAD carries no body at all.
    expect(
      await failure(
        s3.send(new HeadObjectCommand({ Bucket: ACCESS_BUCKET.share, Key: 'reports/2025/q1.csv' })),
      ),
    ).toMatchObject({ status: 403 });
  });

  it('names the caller, action, resource and policy type inside one organization', async () => {
    const s3 = await roleS3(ACCESS_ROLE.auditor);
    const denied = await failure(
      s3.send(new GetObjectCommand({ Bucket: ACCESS_BUCKET.notes, Key: 'notes.txt' })),
    );
    expect(denied?.message).toBe(
      `User: arn:aws:sts::${ACCESS_ACCOUNT.dev}:assumed-role/auditor/guard is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${ACCESS_BUCKET.notes}/notes.txt" because no identity-based policy allows the s3:GetObject action`,
    );
    const scp = await failure(
      s3.send(new GetObjectCommand({ Bucket: ACCESS_BUCKET.notes, Key: 'secret/plan.txt' })),
    );
    expect(scp?.message).toMatch(/with an explicit deny in a service control policy$/);
  });

  it('honours x-amz-expected-bucket-owner on calls that are otherwise allowed', async () => {
    const s3 = await roleS3(ACCESS_ROLE.analyst);
    const list = (owner: string) =>
      s3.send(
        new ListObjectsV2Command({ Bucket: ACCESS_BUCKET.share, MaxKeys: 1, ExpectedBucketOwner: owner }),
      );
    await expect(list(ACCESS_ACCOUNT.partner)).resolves.toMatchObject({ KeyCount: 1 });
    expect(await failure(list(ACCESS_ACCOUNT.dev))).toMatchObject({ name: 'AccessDenied', status: 403 });
  });
});
