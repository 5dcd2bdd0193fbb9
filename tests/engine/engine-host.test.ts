// The engine on its own: a job, a byte source (moto) and a file, no queue and no journal. The host
// is driven with protocol messages as main sends them, and answers come back as main receives them.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../../src/engine/engine-host';
import type { FromEngine, Job, Message, Outcome, TaskState } from '../../src/shared/engine/protocol';
import { applyDelta } from '../../src/shared/engine/record-delta';
import type { TaskRecord } from '../../src/shared/engine/records';
import { ALPHA, transferWorld } from '../main/transfers/transfer-fixtures';
import type { World } from '../support/aws-world';

const MiB = 1024 * 1024;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let world: World;
let scratch: string;
const DATA = randomBytes(13 * MiB);

beforeAll(async () => {
  world = await transferWorld();
  // Three parts of 5, 5 and 3 MiB: the ETag is `…-3`, checked part by part as ranges land.
  await new Upload({
    client: world.s3For(ALPHA),
    params: { Bucket: 'alpha-data', Key: 'engine/parts.bin', Body: DATA },
    partSize: 5 * MiB,
  }).done();
  scratch = await mkdtemp(join(tmpdir(), 'engine-host-'));
});
afterAll(async () => {
  await world?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** A host whose requests are answered as main would: credentials from alice's keys (or refused), checkpoints at once. */
function drive(credentials: 'alice' | 'expired') {
  const checkpoints: TaskState[] = [];
  // The record main holds of each task, which checkpoint deltas apply to.
  const records = new Map<string, TaskRecord>();
  const results = new Map<string, (r: { state: TaskState; outcome: Outcome }) => void>();
  const host: EngineHost = new EngineHost((message: Message<FromEngine>) => {
    if (message.type === 'result') {
      records.set(message.payload.state.taskId, message.payload.state.record);
      results.get(message.payload.callId)?.(message.payload);
    } else if (message.type === 'checkpoint') {
      const { state } = message.payload;
      const held = records.get(state.taskId);
      const record = 'record' in state ? state.record : held && applyDelta(held, state.delta);
      if (!record) throw new Error('a checkpoint delta did not apply');
      records.set(state.taskId, record);
      checkpoints.push({ ...state, record });
      queueMicrotask(() =>
        host.receive({ type: 'reply', payload: { requestId: message.payload.requestId } }),
      );
    } else if (message.type === 'needCredentials') {
      const { requestId, sessionId } = message.payload;
      const user = world.users.alice!;
      queueMicrotask(() => {
        if (credentials === 'expired')
          host.receive({
            type: 'reply',
            payload: {
              requestId,
              error: { code: 'token-expired', message: 'The session credentials have expired.' },
            },
          });
        else {
          host.receive({
            type: 'credentials',
            payload: {
              sessionId,
              credentials: {
                accessKeyId: user.accessKeyId,
                secretAccessKey: user.secretAccessKey,
                expiresAt: Date.now() + 3_600_000,
              },
            },
          });
          host.receive({ type: 'reply', payload: { requestId } });
        }
      });
    }
  });
  let n = 0;
  const open = (taskId: string, job: Job): void => {
    records.set(taskId, job.record);
    host.receive({ type: 'open', payload: { taskId, job } });
  };
  const call = (taskId: string, op: 'run' | 'findExisting' | 'discard') =>
    new Promise<{ state: TaskState; outcome: Outcome }>((resolve) => {
      const callId = `c${n++}`;
      results.set(callId, resolve);
      host.receive({
        type: 'call',
        payload: { callId, taskId, op, mayReplace: false, tuning: { partSizeMiB: 5, partConcurrency: 3 } },
      });
    });
  return { host, open, call, checkpoints };
}

const downloadJob = (dir: string): Job => ({
  record: {
    kind: 'download',
    id: '5d0c7a4e-8f1b-4c2a-9e3d-7b6a5c4d3e2f',
    bucket: 'alpha-data',
    key: 'engine/parts.bin',
    size: DATA.length,
    targetDir: dir,
    relative: 'parts.bin',
    current: 'parts.bin',
    folder: false,
  },
  resumed: false,
  places: [{ sessionId: 's1', bucket: 'alpha-data', region: 'us-east-1', endpoint: world.moto.endpoint }],
});

describe('the engine host', () => {
  it('downloads a multipart object in ranges to a verified file, checkpointing each range', async () => {
    const dir = join(scratch, 'down');
    const { host, open, call, checkpoints } = drive('alice');
    open('t1', downloadJob(dir));
    const { outcome, state } = await call('t1', 'run');
    host.stop();

    expect(outcome).toEqual({ ok: true });
    expect(state).toMatchObject({ target: join(dir, 'parts.bin'), bytesTotal: DATA.length });
    expect(sha(await readFile(join(dir, 'parts.bin')))).toBe(sha(DATA));
    expect(await readdir(dir)).toEqual(['parts.bin']);
    // One checkpoint per range written: what a kill in between would resume from.
    const done = checkpoints.map((c) => (c.record.kind === 'download' ? (c.record.done ?? []).length : 0));
    expect(done).toEqual([1, 2, 3]);
  });

  it('says token-expired when main has no credentials for the session, and writes nothing', async () => {
    const dir = join(scratch, 'expired');
    const { host, open, call } = drive('expired');
    open('t2', downloadJob(dir));
    const { outcome } = await call('t2', 'run');
    host.stop();

    expect(outcome).toMatchObject({ ok: false, error: { code: 'token-expired' } });
    expect(await readdir(dir).catch(() => [])).toEqual([]);
  });

  it('says a file already in the way is there, before it runs', async () => {
    const dir = join(scratch, 'existing');
    const { host, open, call } = drive('alice');
    open('t3', downloadJob(dir));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'parts.bin'), 'mine');
    const { outcome } = await call('t3', 'findExisting');
    host.stop();
    expect(outcome).toMatchObject({ ok: true, existing: { name: join(dir, 'parts.bin'), size: 4 } });
  });

  it('refuses a key that leads out of the folder for that item alone; the engine and the next item go on', async () => {
    const root = join(scratch, 'unsafe');
    const dir = join(root, 'inside');
    const { host, open, call } = drive('alice');
    const escaping = downloadJob(dir);
    if (escaping.record.kind !== 'download') throw new Error('a download job');
    open('t4', {
      ...escaping,
      record: { ...escaping.record, relative: '../escaped.bin', current: '../escaped.bin' },
    });
    open('t5', downloadJob(dir));
    // The answer names the refused item's target too: naming it must not throw.
    const refused = await call('t4', 'run');
    const next = await call('t5', 'run');
    host.stop();

    expect(refused.outcome).toMatchObject({ ok: false, error: { code: 'unsafe-key' } });
    expect(next.outcome).toEqual({ ok: true });
    expect(sha(await readFile(join(dir, 'parts.bin')))).toBe(sha(DATA));
    expect((await readdir(root)).sort()).toEqual(['inside']);
  });
});
