// What the engine process is handed for a session with a long-term key: a GetSessionToken of it
// (moto, IAM auth enforced), never the key itself; temporary credentials pass as they are.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ShortLivedCredentials } from '../../../src/main/credentials/short-lived';
import type { World } from '../../support/aws-world';
import { ALPHA, transferWorld } from '../transfers/transfer-fixtures';

let world: World;
beforeAll(async () => {
  world = await transferWorld();
});
afterAll(async () => {
  await world?.dispose();
});

const shortLivedFor = (own: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
  new ShortLivedCredentials({
    credentials: async () => own,
    signInContext: () => ({ region: 'us-east-1', stsEndpoint: world.moto.endpoint }),
  });

it('turns a long-term key into session credentials that S3 accepts as the same user', async () => {
  const alice = world.users.alice!;
  const shortLived = shortLivedFor({
    accessKeyId: alice.accessKeyId,
    secretAccessKey: alice.secretAccessKey,
  });
  const issued = await shortLived.get('s1');

  expect(issued.accessKeyId).not.toBe(alice.accessKeyId);
  expect(issued.secretAccessKey).not.toBe(alice.secretAccessKey);
  expect(issued.sessionToken).toEqual(expect.any(String));
  expect(issued.expiration!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: world.moto.endpoint,
    forcePathStyle: true,
    credentials: issued,
  });
  await expect(s3.send(new ListObjectsV2Command({ Bucket: 'alpha-data' }))).resolves.toBeDefined();
  s3.destroy();
  const sts = new STSClient({ region: 'us-east-1', endpoint: world.moto.endpoint, credentials: issued });
  expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ALPHA}:user/alice`);
  sts.destroy();

  // Kept until shortly before it expires: one GetSessionToken, not one per request.
  expect(await shortLived.get('s1')).toBe(issued);
  const calls = (await world.moto.recorded()).filter((r) => r.action === 'GetSessionToken');
  expect(calls).toHaveLength(1);
  expect(calls[0]!.accessKeyId).toBe(alice.accessKeyId);
});

it('hands temporary credentials on as they are', async () => {
  const own = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' };
  expect(await shortLivedFor(own).get('s2')).toBe(own);
});
