// Spec features beyond the standard world: regions, versioning, bulk keys, profile rendering,
// and S3 keys that need percent-encoding while auth is enforced.
import { readFileSync } from 'node:fs';
import {
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkKey, createWorld, type World } from '../support/aws-world';
import { listObjectsCalls } from '../support/moto';

const ACCOUNT = '444444444444';
const ODD_KEY = 'odd/ü a+b%20c=d&e.txt';
let world: World;

beforeAll(async () => {
  world = await createWorld({
    accounts: {
      [ACCOUNT]: {
        users: { ops: { policies: [] } },
        buckets: {
          'eu-bucket': { region: 'eu-west-1', versioning: true, objects: { [ODD_KEY]: 'odd' } },
          'bulk-bucket': { manyKeys: { prefix: 'k/', count: 1200 } },
        },
      },
    },
    profiles: {
      default: { region: 'eu-west-1' },
      custom: { endpoint_url: 'http://example.invalid:1' },
      bare: { endpoint_url: null, region: 'us-west-2' },
    },
    credentials: { stale: { aws_access_key_id: 'AKIASTALE', aws_secret_access_key: 'stale' } },
  });
});

afterAll(async () => {
  await world?.dispose();
});

describe('world spec', () => {
  it('renders profiles: default section, endpoint override and omission, extra credentials', () => {
    const config = readFileSync(world.configFile, 'utf8');
    expect(config).toContain(`[default]\nendpoint_url = ${world.moto.endpoint}\nregion = eu-west-1\n`);
    expect(config).toContain('[profile custom]\nendpoint_url = http://example.invalid:1\n');
    expect(config).toContain('[profile bare]\nregion = us-west-2\n');
    const credentials = readFileSync(world.credentialsFile, 'utf8');
    expect(credentials).toContain('[ops]\n');
    expect(credentials).toContain('[stale]\naws_access_key_id = AKIASTALE\n');
    expect(world.users.ops?.account).toBe(ACCOUNT);
  });

  it('creates buckets in their region with versioning', async () => {
    const s3 = world.s3For(ACCOUNT, 'eu-west-1');
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'eu-bucket' }))).LocationConstraint).toBe(
      'eu-west-1',
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'eu-bucket' }))).Status).toBe('Enabled');
  });

  it('serves keys that need percent-encoding under enforced auth', async () => {
    const s3 = world.s3For(ACCOUNT, 'eu-west-1');
    const object = await s3.send(new GetObjectCommand({ Bucket: 'eu-bucket', Key: ODD_KEY }));
    expect(await object.Body?.transformToString()).toBe('odd');
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: 'eu-bucket', Prefix: 'odd/ü', Delimiter: '/' }),
    );
    expect(page.Contents?.map((o) => o.Key)).toEqual([ODD_KEY]);
  });

  it('generates bulk keys, listable page by page', async () => {
    await world.moto.clearRecording();
    const s3 = world.s3For(ACCOUNT);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: 'bulk-bucket', ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
      token = page.NextContinuationToken;
    } while (token);
    expect(keys).toHaveLength(1200);
    expect(keys[0]).toBe(bulkKey('k/', 0, 1200));
    expect(keys[0]).toBe('k/0000');
    const calls = listObjectsCalls(await world.moto.recorded(), 'bulk-bucket');
    expect(calls).toHaveLength(2);
    expect(calls[1]?.continuationToken).toBeTruthy();
  });
});
