import { ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { BucketService } from '../../../src/main/s3/buckets';
import { S3ClientPool } from '../../../src/main/s3/client-pool';
import type { AppFailure } from '../../../src/shared/errors/app-error';
import { createWorld } from '../../support/aws-world';
import { allow, deny, policy } from '../../support/policies';
import { ACCOUNT, FakeSessions, useS3World } from './s3-fixture';

describe('BucketService.listBuckets', () => {
  const suite = useS3World(
    {
      users: {
        lister: {
          policies: [
            policy(
              allow(['s3:ListAllMyBuckets', 's3:GetBucketLocation'], '*'),
              deny('s3:GetBucketLocation', 'arn:aws:s3:::sydney-data'),
            ),
          ],
        },
        'object-only': { policies: [policy(allow('s3:GetObject', 'arn:aws:s3:::east-data/*'))] },
      },
      buckets: {
        'east-data': {},
        'west-data': { region: 'eu-west-1' },
        'sydney-data': { region: 'ap-southeast-2' },
      },
    },
    { liftAuth: false, region: 'eu-central-1' },
  );
  let buckets: BucketService;

  beforeAll(() => {
    buckets = new BucketService(suite.pool, suite.sessions);
  });

  it('lists every bucket with its region, us-east-1 included', async () => {
    const list = await buckets.listBuckets('lister');
    const byName = Object.fromEntries(list.map((b) => [b.name, b]));

    expect(Object.keys(byName).sort()).toEqual(['east-data', 'sydney-data', 'west-data']);
    expect(byName['east-data']).toMatchObject({ region: 'us-east-1' });
    expect(byName['east-data']?.regionError).toBeUndefined();
    expect(byName['west-data']).toMatchObject({ region: 'eu-west-1' });
    expect(byName['east-data']?.creationDate).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('falls back to the session region when GetBucketLocation is denied, and says why', async () => {
    const list = await buckets.listBuckets('lister');
    const sydney = list.find((b) => b.name === 'sydney-data');

    expect(sydney).toMatchObject({
      region: 'eu-central-1',
      regionError: {
        code: 'access-denied',
        details: { action: 's3:GetBucketLocation', resource: 'arn:aws:s3:::sydney-data' },
      },
    });
  });

  it('names s3:ListAllMyBuckets when listing is denied and suggests opening a bucket by name', async () => {
    const error = await buckets.listBuckets('object-only').then(
      () => undefined,
      (err: AppFailure) => err.appError,
    );

    expect(error).toMatchObject({ code: 'access-denied', details: { action: 's3:ListAllMyBuckets' } });
    expect(error?.hints?.[0]).toMatch(/open a bucket by typing its name/);
  });
});

describe('S3ClientPool', () => {
  const sessions = new FakeSessions();
  sessions.add('s1', { accessKeyId: 'AKIAONE', secretAccessKey: 'one' }, { region: 'us-east-1' });
  const redirect = (region?: string) =>
    Object.assign(
      new Error('The bucket you are attempting to access must be addressed using the specified endpoint.'),
      {
        name: 'PermanentRedirect',
        $metadata: { httpStatusCode: 301 },
        $response: { headers: region ? { 'x-amz-bucket-region': region } : {} },
      },
    );

  it('retries once in the region a redirect names, and remembers it for the bucket', async () => {
    const pool = new S3ClientPool(sessions);
    const regionsTried: string[] = [];
    const result = await pool.withBucket('s1', 'far-bucket', async (client: S3Client) => {
      const region = await client.config.region();
      regionsTried.push(region);
      if (region !== 'ap-northeast-1') throw redirect('ap-northeast-1');
      return 'listed';
    });

    expect(result).toBe('listed');
    expect(regionsTried).toEqual(['us-east-1', 'ap-northeast-1']);
    expect(await (await pool.forBucket('s1', 'far-bucket')).config.region()).toBe('ap-northeast-1');
    expect(await (await pool.forBucket('s1', 'other-bucket')).config.region()).toBe('us-east-1');
  });

  it('takes the region from an AuthorizationHeaderMalformed body', async () => {
    const pool = new S3ClientPool(sessions);
    const malformed = Object.assign(new Error('the region us-east-1 is wrong; expecting eu-north-1'), {
      name: 'AuthorizationHeaderMalformed',
      Region: 'eu-north-1',
      $metadata: { httpStatusCode: 400 },
    });
    const regionsTried: string[] = [];
    await pool.withBucket('s1', 'nordic', async (client) => {
      regionsTried.push(await client.config.region());
      if (regionsTried.length === 1) throw malformed;
    });
    expect(regionsTried).toEqual(['us-east-1', 'eu-north-1']);
  });

  it('gives up after one retry instead of bouncing between regions', async () => {
    const pool = new S3ClientPool(sessions);
    let calls = 0;
    const attempt = pool.withBucket('s1', 'flaky', async (client) => {
      calls++;
      throw redirect((await client.config.region()) === 'us-east-1' ? 'us-west-2' : 'us-east-1');
    });
    await expect(attempt).rejects.toMatchObject({ name: 'PermanentRedirect' });
    expect(calls).toBe(2);
  });

  it('signs each request with the credentials the session holds now (renewal takes effect at once)', async () => {
    const world = await createWorld({ accounts: { [ACCOUNT]: { users: { a: {}, b: {} } } } });
    try {
      await world.moto.setNoAuthActions(Number.MAX_SAFE_INTEGER);
      const renewing = new FakeSessions();
      const context = { region: 'us-east-1', s3Endpoint: world.moto.endpoint };
      const a = world.users.a!;
      const b = world.users.b!;
      renewing.add('s', { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }, context);
      const client = new S3ClientPool(renewing).forRegion('s', 'us-east-1');
      await client.send(new ListBucketsCommand({}));
      renewing.add('s', { accessKeyId: b.accessKeyId, secretAccessKey: b.secretAccessKey }, context);
      await client.send(new ListBucketsCommand({}));

      const listCalls = (await world.moto.recorded()).filter((r) => r.method === 'GET' && r.path === '/');
      const keys = listCalls.map((r) => r.accessKeyId);
      expect(keys).toEqual([a.accessKeyId, b.accessKeyId]);
    } finally {
      await world.dispose();
    }
  });
});
