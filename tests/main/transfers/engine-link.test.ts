// Main's side of the engine line: an engine that dies mid-transfer fails what was running (and a
// Retry continues in a new engine), and a message from the engine that does not fit the protocol
// is refused rather than acted on.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineChannel } from '../../../src/main/transfers/engine-link/engine-channel';
import { TransferQueue } from '../../../src/main/transfers/transfer-queue';
import { createWorld, type World } from '../../support/aws-world';
import type { ProxyRequest } from '../../support/fault-proxy';
import { allow, policy } from '../../support/policies';
import { ALPHA, RecordingSink, type TestS3, testS3, transferWorld, waitFor } from './transfer-fixtures';

const MiB = 1024 * 1024;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
let world: World;
let s3: TestS3;
let scratch: string;

beforeAll(async () => {
  world = await transferWorld();
  s3 = await testS3(world, { alice: world.users.alice! });
});
afterAll(async () => {
  await s3?.close();
  await world?.dispose();
});
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'engine-link-'));
  return () => rm(scratch, { recursive: true, force: true });
});

const settings = () => ({ parallelFiles: 2, partSizeMiB: 5, partConcurrency: 2 });

describe('the engine client', () => {
  it('fails the running item when the engine dies, and its Retry finishes in a new engine', async () => {
    const data = randomBytes(12 * MiB);
    await world
      .s3For(ALPHA)
      .send(new PutObjectCommand({ Bucket: 'alpha-data', Key: 'die/big.bin', Body: data }));
    const started: EngineChannel[] = [];
    const queue = new TransferQueue({
      clients: s3.clients,
      engine: () => {
        const channel = s3.engine();
        started.push(channel);
        return channel;
      },
      sessions: s3.sessions,
      sink: new RecordingSink(),
      settings,
    });
    // A range held at the proxy: the download is surely under way when the engine is killed.
    const ranged = (req: ProxyRequest) => req.method === 'GET' && req.headers.range !== undefined;
    s3.proxy.script([{ match: ranged, fault: { kind: 'stall', seconds: 30 } }]);
    await queue.enqueueDownload({
      sessionId: 'alice',
      bucket: 'alpha-data',
      keys: ['die/big.bin'],
      prefixes: [],
      targetDir: scratch,
    });
    await waitFor(() => s3.proxy.count(ranged) > 0, 'a ranged GET');
    process.kill(started[0]!.pid!, 'SIGKILL');
    await waitFor(() => queue.snapshot().items[0]?.status === 'failed', 'the item to fail');
    expect(queue.snapshot().items[0]?.error).toMatchObject({
      code: 'internal',
      message: expect.stringMatching(/transfer engine stopped unexpectedly/),
    });

    s3.proxy.script([]);
    queue.retry();
    await waitFor(
      () => queue.snapshot().items[0]?.status === 'done',
      'the retry to finish',
      60_000,
      () => queue.snapshot().items.map((i) => [i.status, i.error?.message]),
    );
    expect(started).toHaveLength(2);
    expect(sha(await readFile(join(scratch, 'big.bin')))).toBe(sha(data));
    await queue.dispose();
  });

  it('carries a denial from the engine with what the access explainer reads', async () => {
    // carol may read the bucket but not write to it.
    const denied = await createWorld({
      accounts: {
        [ALPHA]: {
          users: { carol: { policies: [policy(allow(['s3:ListBucket', 's3:GetObject']))] } },
          buckets: { 'alpha-data': {} },
        },
      },
    });
    const lane = await testS3(denied, { carol: denied.users.carol! });
    const queue = new TransferQueue({
      clients: lane.clients,
      engine: lane.engine,
      sessions: lane.sessions,
      sink: new RecordingSink(),
      settings,
    });
    try {
      const file = join(scratch, 'no.txt');
      await writeFile(file, 'not allowed');
      await queue.enqueueUpload({ sessionId: 'carol', bucket: 'alpha-data', prefix: '', paths: [file] });
      await waitFor(() => queue.snapshot().items[0]?.status === 'failed', 'the upload to fail');
      const error = queue.snapshot().items[0]?.error;
      expect(error).toMatchObject({ code: 'access-denied', access: { raw: expect.any(String) } });
    } finally {
      await queue.dispose();
      await lane.close();
      await denied.dispose();
    }
  });

  it('refuses a message from the engine that does not fit the protocol', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let exit: (code: number) => void = () => undefined;
    const fake: EngineChannel = {
      pid: undefined,
      send: (message) => {
        // Answers a call with a result whose outcome is not one the protocol knows, then dies.
        if (message.type !== 'call') return;
        setTimeout(() => {
          listener({ type: 'result', payload: { callId: message.payload.callId, outcome: 'done!' } });
          exit(1);
        });
      },
      onMessage: (l) => {
        listener = l;
      },
      onExit: (l) => {
        exit = l;
      },
      stop: () => undefined,
    };
    let listener: (raw: unknown) => void = () => undefined;
    const queue = new TransferQueue({
      clients: s3.clients,
      engine: () => fake,
      sessions: s3.sessions,
      sink: new RecordingSink(),
      settings,
    });
    await world
      .s3For(ALPHA)
      .send(new PutObjectCommand({ Bucket: 'alpha-data', Key: 'odd/a.txt', Body: 'a' }));
    await queue.enqueueDownload({
      sessionId: 'alice',
      bucket: 'alpha-data',
      keys: ['odd/a.txt'],
      prefixes: [],
      targetDir: scratch,
    });
    await waitFor(() => queue.snapshot().items[0]?.status === 'failed', 'the item to fail');
    expect(warn.mock.calls.flat().join('\n')).toMatch(/Refused a message from the transfer engine: result/);
    warn.mockRestore();
    await queue.dispose();
  });
});
