/**
 * The AWS CLI as the oracle of the "size and time" rule: on the same two folders, the plan's
 * copy set equals what `aws s3 sync --dryrun` would copy, and the content compare finds the
 * same-size change the CLI misses. The CLI holds one set of credentials, so it takes one side at
 * a time: it mirrors the source folder (account A) to disk with A's keys (file times set to the
 * objects' LastModified, as `aws s3 sync` does), then dry-runs a sync of that mirror into the
 * target (account B) with B's keys — the same size and time test it applies bucket to bucket.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncReportsIn } from '../../../src/main/compare/sync-reports';
import { SyncService } from '../../../src/main/compare/sync-service';
import { S3ClientPool } from '../../../src/main/s3/client-pool';
import { PathGrants } from '../../../src/main/security/path-grants';
import type { CompareMode } from '../../../src/shared/models/compare';
import type { World, WorldUser } from '../../support/aws-world';
import { ALPHA, BETA, FakeSessions, RecordingSink, transferWorld } from '../transfers/transfer-fixtures';
import { compareService } from './compare-fixtures';

const cli = spawnSync('aws', ['--version'], { encoding: 'utf8' });
const haveCli = cli.status === 0;

/** alice works in account ALPHA, bob in BETA. */
const accountOf = (id: string): string | undefined =>
  id === 'alice' ? ALPHA : id === 'bob' ? BETA : undefined;

let world: World;
let scratch: string;

/** Runs the AWS CLI as `user`, against moto, with nothing from the machine's own AWS set-up. */
function aws(user: WorldUser, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('aws', [...args], {
      env: {
        PATH: process.env.PATH,
        HOME: scratch,
        AWS_ACCESS_KEY_ID: user.accessKeyId,
        AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: world.moto.endpoint,
        AWS_CONFIG_FILE: join(scratch, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'no-credentials'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`aws ${args.join(' ')}: ${err}`)),
    );
  });
}

const put = (client: S3Client, bucket: string, key: string, body: string) =>
  client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the plan copies (copy and overwrite), in the given compare mode. */
async function planned(mode: CompareMode): Promise<string[]> {
  const sessions = new FakeSessions(
    { alice: world.users.alice!, bob: world.users.bob! },
    world.moto.endpoint,
  );
  const pool = new S3ClientPool(sessions);
  const sink = new RecordingSink();
  const compares = compareService({ pool, sessions, sink, accountOf });
  const syncs = new SyncService({
    compares,
    reports: syncReportsIn(await mkdtemp(join(tmpdir(), 'sync-reports-'))),
    transfers: {
      enqueuePairs: async () => ({ jobId: 'none', items: 0, notices: [] }),
      serverCopy: async () => ({ jobId: 'none', items: 0, notices: [] }),
      snapshot: () => ({}) as never,
    },
    pool,
    accountOf,
    grants: new PathGrants(),
    thresholds: () => ({ batchThresholdObjects: 1e9, batchThresholdGiB: 1e6 }),
  });
  const { compareId } = await compares.start({
    left: { kind: 's3', sessionId: 'alice', bucket: 'alpha-data', prefix: 'src/' },
    right: { kind: 's3', sessionId: 'bob', bucket: 'beta-data', prefix: 'dst/' },
    mode,
  });
  await sink.next('comparePage', (p) => p.done);
  const plan = await syncs.plan(compareId, { deleteExtra: false, overwriteUndecided: false });
  const keys: string[] = [];
  for await (const item of syncs.copySet(plan.planId).items) keys.push(item.sourceKey.slice('src/'.length));
  return keys.sort();
}

beforeAll(async () => {
  if (!haveCli) return;
  scratch = await mkdtemp(join(tmpdir(), 'parity-'));
  world = await transferWorld();
  // moto rejects signed listings with a '/' in the prefix (getmoto/moto#5948); see s3-fixture.ts.
  await world.moto.setNoAuthActions(Number.MAX_SAFE_INTEGER);
  const a = world.s3For(ALPHA);
  const b = world.s3For(BETA);
  // First second: most of both sides.
  await put(a, 'alpha-data', 'src/same.txt', 'same');
  await put(a, 'alpha-data', 'src/size.txt', 'four');
  await put(a, 'alpha-data', 'src/only-a.txt', 'a');
  await put(a, 'alpha-data', 'src/nested/deep.txt', 'deep');
  await put(a, 'alpha-data', 'src/changed-target-newer.txt', 'AAAA');
  await put(a, 'alpha-data', 'src/empty/', '');
  await put(b, 'beta-data', 'dst/size.txt', 'three');
  await put(b, 'beta-data', 'dst/changed-source-newer.txt', 'BBBB');
  await put(b, 'beta-data', 'dst/only-b.txt', 'b');
  await put(b, 'beta-data', 'dst/nested/deep.txt', 'deep');
  // Listings carry whole seconds: the second round is at least a second later.
  await pause(1200);
  await put(a, 'alpha-data', 'src/changed-source-newer.txt', 'CCCC');
  await put(b, 'beta-data', 'dst/same.txt', 'same');
  await put(b, 'beta-data', 'dst/changed-target-newer.txt', 'DDDD');
}, 60_000);
afterAll(async () => {
  await world?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe.skipIf(!haveCli)(`parity with ${cli.stdout.trim() || 'the AWS CLI'} (aws s3 sync --dryrun)`, () => {
  it('copies with "size and time" exactly what the CLI would, and the content compare adds the same-size change it misses', async () => {
    const mirror = join(scratch, 'mirror');
    await aws(world.users.alice!, ['s3', 'sync', 's3://alpha-data/src/', mirror]);
    // The mirror's file times are the source objects' LastModified (the CLI sets them; made sure here).
    const listed = await world
      .s3For(ALPHA)
      .send(new ListObjectsV2Command({ Bucket: 'alpha-data', Prefix: 'src/' }));
    for (const o of listed.Contents ?? []) {
      if (!o.Key || o.Key.endsWith('/')) continue;
      await utimes(join(mirror, o.Key.slice(4)), o.LastModified!, o.LastModified!);
    }
    const dry = await aws(world.users.bob!, ['s3', 'sync', mirror, 's3://beta-data/dst/', '--dryrun']);
    const cliCopies = [...dry.matchAll(/\(dryrun\) upload: .* to s3:\/\/beta-data\/dst\/(.+)$/gm)]
      .map((m) => m[1] ?? '')
      .sort();
    expect(cliCopies).toEqual(['changed-source-newer.txt', 'only-a.txt', 'size.txt']);

    expect(await planned('size-and-time')).toEqual(cliCopies);
    const byContent = await planned('content');
    expect(byContent).toEqual([...cliCopies, 'changed-target-newer.txt'].sort());
  });
});
