// Main's side of the engine line: an engine that dies mid-transfer fails what was running (and a
// Retry continues in a new engine), a message from the engine that does not fit the protocol
// is refused rather than acted on, and a checkpoint lost on the way is asked for whole.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, ListPartsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineChannel } from '../../../src/main/transfers/engine-link/engine-channel';
import { JournalFile } from '../../../src/main/transfers/journal/journal-file';
import { TransferQueue } from '../../../src/main/transfers/transfer-queue';
import { createWorld, type World } from '../../support/aws-world';
import type { ProxyRequest } from '../../support/fault-proxy';
import { allow, policy } from '../../support/policies';
import {
  ALPHA,
  profileReopener,
  RecordingSink,
  type TestS3,
  testS3,
  transferWorld,
  waitFor,
  writeRandomFile,
} from './transfer-fixtures';

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

interface Seen {
  readonly type: string;
  readonly payload: { readonly state?: { readonly record?: unknown; readonly delta?: { added: unknown[] } } };
}

/** The engine's channel with its first checkpoint that adds a part dropped on the way to main. */
function losingOne(channel: EngineChannel, seen: Seen[]): EngineChannel {
  let lost = false;
  return {
    get pid() {
      return channel.pid;
    },
    send: (message) => channel.send(message),
    onMessage: (listener) =>
      channel.onMessage((raw) => {
        const message = raw as Seen;
        if (message.type === 'checkpoint') {
          seen.push(message);
          if (!lost && (message.payload.state?.delta?.added.length ?? 0) > 0) {
            lost = true;
            return;
          }
        }
        listener(raw);
      }),
    onExit: (listener) => channel.onExit(listener),
    stop: () => channel.stop(),
  };
}

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
  it('asks for the record whole when a checkpoint is lost, and the journal names the parts S3 holds', async () => {
    // A checkpoint lost on the way: the next delta does not fit the record main holds, so main
    // asks for the record whole rather than journal a wrong one.
    const file = join(scratch, 'big.bin');
    await writeRandomFile(file, 15 * MiB);
    const dataDir = join(scratch, 'data');
    const seen: Seen[] = [];
    const queue = new TransferQueue({
      clients: s3.clients,
      engine: () => losingOne(s3.engine(), seen),
      sessions: s3.sessions,
      sink: new RecordingSink(),
      settings: () => ({ parallelFiles: 1, partSizeMiB: 5, partConcurrency: 2 }),
      journal: { file: new JournalFile(dataDir), sessions: profileReopener() },
    });
    // The third part is held at the proxy: the journal is read while the upload is under way.
    const third = (req: ProxyRequest) => req.method === 'PUT' && req.query.get('partNumber') === '3';
    s3.proxy.script([{ match: third, fault: { kind: 'stall', seconds: 60 } }]);
    await queue.enqueueUpload({ sessionId: 'alice', bucket: 'alpha-data', prefix: 'resend/', paths: [file] });

    type Journaled = {
      items: {
        task: { multipart?: { upload?: { uploadId: string; done: { n: number; etag: string }[] } } };
      }[];
    };
    const journaled = async () =>
      (
        JSON.parse(
          await readFile(join(dataDir, 'transfer-journal.json'), 'utf8').catch(() => '{"items":[]}'),
        ) as Journaled
      ).items[0]?.task.multipart?.upload;
    let upload = await journaled();
    for (const deadline = Date.now() + 60_000; upload?.done.length !== 2; upload = await journaled()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for two parts in the journal: ${JSON.stringify(upload)}`);
      await new Promise((r) => setTimeout(r, 50));
    }

    // The part whose checkpoint was lost is there all the same: the engine sent the record whole.
    const lostAt = seen.findIndex((m) => (m.payload.state?.delta?.added.length ?? 0) > 0);
    expect(seen.slice(lostAt + 1).some((m) => m.payload.state?.record !== undefined)).toBe(true);
    const listed = await world
      .s3For(ALPHA)
      .send(
        new ListPartsCommand({ Bucket: 'alpha-data', Key: 'resend/big.bin', UploadId: upload!.uploadId }),
      );
    expect(upload!.done.map((p) => [p.n, p.etag]).sort()).toEqual(
      (listed.Parts ?? []).map((p) => [p.PartNumber, p.ETag]).sort(),
    );

    s3.proxy.release(third);
    await waitFor(() => queue.snapshot().items[0]?.status === 'done', 'the upload to finish', 60_000);
    const head = await world
      .s3For(ALPHA)
      .send(new HeadObjectCommand({ Bucket: 'alpha-data', Key: 'resend/big.bin' }));
    expect(head.ContentLength).toBe(15 * MiB);
    await queue.dispose();
  });
});
