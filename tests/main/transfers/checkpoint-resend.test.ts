// A checkpoint lost between the engine and main: the next delta does not fit the record main
// holds, so main asks for the record whole instead of journaling a wrong one, and the journal
// names exactly the parts S3 holds (what a resume after a kill would trust).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, ListPartsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineChannel } from '../../../src/main/transfers/engine-link/engine-channel';
import { JournalFile } from '../../../src/main/transfers/journal/journal-file';
import { TransferQueue } from '../../../src/main/transfers/transfer-queue';
import type { World } from '../../support/aws-world';
import type { ProxyRequest } from '../../support/fault-proxy';
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
let world: World;
let s3: TestS3;
let scratch: string;

beforeAll(async () => {
  world = await transferWorld();
  s3 = await testS3(world, { alice: world.users.alice! });
  scratch = await mkdtemp(join(tmpdir(), 'checkpoint-resend-'));
});
afterAll(async () => {
  await s3?.close();
  await world?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

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

describe('a lost checkpoint', () => {
  it('makes main ask for the record whole, and the journal names the parts S3 holds', async () => {
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
