import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWorld, type World } from '../../support/aws-world';
import { allow, deny, policy } from '../../support/policies';
import { ALPHA, BETA, FakeSessions, waitFor } from '../transfers/transfer-fixtures';
import { syncServices } from './sync-services';

/** alice works in account ALPHA, bob in BETA. */
const accountOf = (id: string): string | undefined =>
  id === 'alice' ? ALPHA : id === 'bob' ? BETA : undefined;

let world: World;

beforeAll(async () => {
  world = await createWorld({
    accounts: {
      [ALPHA]: {
        users: { alice: { policies: [policy(allow('s3:*'))] } },
        buckets: { 'alpha-data': { objects: { 'src/open.txt': 'open', 'src/locked/x.txt': 'locked' } } },
      },
      [BETA]: {
        users: {
          bob: {
            policies: [policy(allow('s3:*'), deny('s3:PutObject', 'arn:aws:s3:::beta-data/dst/locked/*'))],
          },
        },
        buckets: { 'beta-data': {} },
      },
    },
  });
}, 60_000);
afterAll(async () => {
  await world?.dispose();
});

it('reports a refused copy with its denial and copies the rest', async () => {
  const sessions = new FakeSessions(
    { alice: world.users.alice!, bob: world.users.bob! },
    world.moto.endpoint,
  );
  const { sink, compares, queue, syncs } = syncServices(sessions, accountOf);
  const { compareId } = await compares.start({
    left: { kind: 's3', sessionId: 'alice', bucket: 'alpha-data', prefix: 'src/' },
    right: { kind: 's3', sessionId: 'bob', bucket: 'beta-data', prefix: 'dst/' },
    mode: 'content',
  });
  const last = await sink.next('comparePage', (p) => p.compareId === compareId && p.done);
  expect(last.error).toBeUndefined();
  const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false });
  expect(plan.copy).toBe(2);
  await syncs.run(plan.planId);
  await waitFor(
    () => syncs.report(plan.planId).finished,
    'the sync',
    60_000,
    () => syncs.report(plan.planId),
  );
  const [locked, open] = syncs.report(plan.planId).rows;
  expect(open).toEqual({ key: 'open.txt', action: 'copy', result: 'done' });
  expect(locked).toMatchObject({ key: 'locked/x.txt', action: 'copy', result: 'failed' });
  expect(locked?.error).toMatchObject({ code: 'access-denied' });
  expect(locked?.error?.access).toBeDefined();
  // The allowed copy arrived; nothing was written under the denied prefix.
  const listed = await world
    .s3For(BETA)
    .send(new ListObjectsV2Command({ Bucket: 'beta-data', Prefix: 'dst/' }));
  expect((listed.Contents ?? []).map((o) => o.Key)).toEqual(['dst/open.txt']);
  await queue.dispose();
});
