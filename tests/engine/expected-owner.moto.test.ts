// x-amz-expected-bucket-owner from the engine's clients: every request to a bucket whose place
// names an owner carries it, and a bucket that belongs to someone else is refused, not used.
// moto 5.2.1 ignores the header (its S3 backend never compares it), so this world puts
// tests/support's access guard in front, which answers a wrong owner with 403 Access Denied as S3 does.
import { GetObjectCommand, HeadObjectCommand, ListPartsCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineClients } from '../../src/engine/engine-clients';
import type { Place } from '../../src/shared/engine/protocol';
import { toAppError } from '../../src/shared/errors/to-app-error';
import { ALPHA, BETA } from '../main/transfers/transfer-fixtures';
import { createWorld, type World } from '../support/aws-world';
import { allow, bucketResources, policy } from '../support/policies';

let world: World;

beforeAll(async () => {
  world = await createWorld({
    guardAccess: {},
    accounts: {
      [ALPHA]: {
        users: { alice: { policies: [policy(allow('s3:*', bucketResources('alpha-data')))] } },
        buckets: { 'alpha-data': { objects: { 'a.txt': 'a' } } },
      },
    },
  });
}, 60_000);
afterAll(async () => {
  await world?.dispose();
});

/** Reads a.txt whole, so no response body is left open when the clients are destroyed. */
const readA = (client: S3Client): Promise<string | undefined> =>
  client
    .send(new GetObjectCommand({ Bucket: 'alpha-data', Key: 'a.txt' }))
    .then((got) => got.Body?.transformToString());

function clientsWith(owner: string | undefined, endpoint = world.endpoint) {
  const clients: EngineClients = new EngineClients(async (sessionId) => {
    const user = world.users.alice!;
    clients.setCredentials(sessionId, {
      accessKeyId: user.accessKeyId,
      secretAccessKey: user.secretAccessKey,
    });
  });
  const place: Place = {
    sessionId: 'alice',
    bucket: 'alpha-data',
    region: 'us-east-1',
    endpoint,
    ...(owner && { owner }),
  };
  clients.learn([place]);
  return clients;
}

it('sends the owner its place names on every request, and a wrong owner is refused', async () => {
  const right = clientsWith(ALPHA);
  const client = await right.view.forBucket('alice', 'alpha-data');
  await expect(
    client.send(new HeadObjectCommand({ Bucket: 'alpha-data', Key: 'a.txt' })),
  ).resolves.toMatchObject({
    ContentLength: 1,
  });
  const sent: (string | undefined)[] = [];
  client.middlewareStack.add(
    (next) => (args) => {
      const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
      sent.push(headers['x-amz-expected-bucket-owner']);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'testSeesHeaders' },
  );
  expect(await readA(client)).toBe('a');
  await client
    .send(new ListPartsCommand({ Bucket: 'alpha-data', Key: 'a.txt', UploadId: 'none' }))
    .catch(() => undefined);
  expect(sent).toEqual([ALPHA, ALPHA]);
  right.destroy();

  const wrong = clientsWith(BETA);
  const refused = await readA(await wrong.view.forBucket('alice', 'alpha-data')).then(
    () => undefined,
    (err: unknown) => toAppError(err),
  );
  expect(refused?.code).toBe('access-denied');
  wrong.destroy();
  // moto alone serves it all the same: the guard (like S3) is what refuses.
  const motoAlone = clientsWith(BETA, world.moto.endpoint);
  expect(await readA(await motoAlone.view.forBucket('alice', 'alpha-data'))).toBe('a');
  motoAlone.destroy();

  // No owner named (a bucket no session lists): no header, and the request goes as before.
  const unknown = clientsWith(undefined);
  await expect(
    (await unknown.view.forBucket('alice', 'alpha-data')).send(
      new HeadObjectCommand({ Bucket: 'alpha-data', Key: 'a.txt' }),
    ),
  ).resolves.toBeDefined();
  unknown.destroy();
}, 60_000);
