import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TransferQueue } from '../../../src/main/transfers/transfer-queue';
import type { World } from '../../support/aws-world';
import { RecordingSink, testS3, transferWorld, waitFor, writeRandomFile } from './transfer-fixtures';

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

/** Resident memory of another process, from /proc (0 once it is gone). */
function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

it('uploads a 200 MiB file in parts and downloads it back byte-identical, without holding it in memory', async () => {
  const source = join(scratch, 'big.bin');
  const digest = await writeRandomFile(source, SIZE);
  const s3 = await testS3(world, { alice: world.users.alice! });
  const { sessions, clients } = s3;
  // The bytes pass through the engine process: its memory is what must stay flat.
  const engines: number[] = [];
  const queue = new TransferQueue({
    clients,
    engine: () => {
      const channel = s3.engine();
      if (channel.pid !== undefined) engines.push(channel.pid);
      return channel;
    },
    sessions,
    sink: new RecordingSink(),
    settings: () => ({ parallelFiles: 4, partSizeMiB: 16, partConcurrency: 8 }),
  });
  const allDone = () => queue.snapshot().items.every((i) => i.status === 'done');

  global.gc?.();
  const rss = (): number => process.memoryUsage().rss + engines.reduce((sum, pid) => sum + rssOf(pid), 0);
  const baseline = rss();
  let peak = baseline;
  // The engine starts with the first transfer: its own start-up (code, heap, the TypeScript loader
  // it runs under here) is not growth; its size once bytes flow is its baseline.
  let engineBase = 0;
  const sampler = setInterval(() => {
    if (engines.length > 0 && engineBase === 0 && queue.snapshot().totals.bytesDone > 0)
      engineBase = rssOf(engines[0]!);
    if (engineBase === 0) return;
    peak = Math.max(peak, rss() - engineBase);
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
    await s3.close();
  }
  const growthMiB = (peak - baseline) / MiB;
  console.log(`RSS growth during a 200 MiB upload and download: ${growthMiB.toFixed(1)} MiB`);
  expect(s3.sent().filter((c) => c.name === 'UploadPartCommand').length).toBe(13);
  expect(growthMiB).toBeLessThan(150);
}, 600_000);
