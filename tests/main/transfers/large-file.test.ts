import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TransferQueue } from '../../../src/main/transfers/transfer-queue';
import type { World } from '../../support/aws-world';
import {
  FakeSessions,
  RecordingSink,
  testClients,
  transferWorld,
  waitFor,
  writeRandomFile,
} from './transfer-fixtures';

const MiB = 1024 * 1024;
const SIZE = 200 * MiB;

let world: World;
let scratch: string;

beforeAll(async () => {
  world = await transferWorld();
  // The recorder would keep a copy of every body; this test is about our memory, not moto's.
  await world.moto.setRecording(false);
  scratch = await mkdtemp(join(tmpdir(), 'xfer-large-'));
});
afterAll(async () => {
  await world?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

it('uploads a 200 MiB file in parts and downloads it back byte-identical, without holding it in memory', async () => {
  const source = join(scratch, 'big.bin');
  const digest = await writeRandomFile(source, SIZE);
  const sessions = new FakeSessions({ alice: world.users.alice! });
  const clients = testClients(world, sessions);
  const queue = new TransferQueue({
    clients,
    sessions,
    sink: new RecordingSink(),
    settings: () => ({ parallelFiles: 4, partSizeMiB: 16, partConcurrency: 8 }),
  });
  const allDone = () => queue.snapshot().items.every((i) => i.status === 'done');

  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    await queue.enqueueUpload({
      sessionId: 'alice',
      bucket: 'alpha-data',
      prefix: 'large/',
      paths: [source],
    });
    await waitFor(allDone, 'the upload', 300_000);
    const target = join(scratch, 'back');
    await queue.enqueueDownload({
      sessionId: 'alice',
      bucket: 'alpha-data',
      keys: ['large/big.bin'],
      prefixes: [],
      targetDir: target,
    });
    await waitFor(allDone, 'the download', 300_000);

    expect(await sha256Of(join(target, 'big.bin'))).toBe(digest);
  } finally {
    clearInterval(sampler);
    await queue.dispose();
    clients.destroy();
  }
  const growthMiB = (peak - baseline) / MiB;
  console.log(`RSS growth during a 200 MiB upload and download: ${growthMiB.toFixed(1)} MiB`);
  expect(clients.sent.filter((c) => c.name === 'UploadPartCommand').length).toBe(13);
  expect(growthMiB).toBeLessThan(150);
}, 600_000);
