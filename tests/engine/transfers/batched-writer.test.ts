import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchedWriter } from '../../../src/engine/transfers/batched-writer';

describe('BatchedWriter', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-writer-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('puts every byte at its offset, across batches and around another range', async () => {
    const path = join(dir, 'ranges.bin');
    const size = 3 * 1024 * 1024 + 12_345;
    const data = randomBytes(size);
    const handle = await open(path, 'w');
    try {
      // Two ranges written in turn, as parallel ranged GETs do, in uneven chunks.
      const middle = 1_500_001;
      const writers = [new BatchedWriter(handle, 0), new BatchedWriter(handle, middle)];
      const ends = [middle, size];
      const at = [0, middle];
      for (let step = 0; at[0]! < ends[0]! || at[1]! < ends[1]!; step++) {
        for (const w of [0, 1]) {
          const length = Math.min(1 + ((step * 7919 + w * 104_729) % 70_000), ends[w]! - at[w]!);
          if (length <= 0) continue;
          await writers[w]!.push(data.subarray(at[w]!, at[w]! + length));
          at[w]! += length;
          expect(writers[w]!.position).toBe(at[w]);
        }
      }
      for (const writer of writers) await writer.flush();
    } finally {
      await handle.close();
    }
    expect((await readFile(path)).equals(data)).toBe(true);
  });

  it('writes the rest after a short write', async () => {
    const written: { position: number; bytes: Buffer }[] = [];
    // A file system that takes at most 1,000 bytes per call, as a full pipe or a signal can cause.
    const stingy = {
      async writev(buffers: Buffer[], position: number) {
        const bytes = Buffer.concat(buffers).subarray(0, 1_000);
        written.push({ position, bytes });
        return { bytesWritten: bytes.length, buffers };
      },
    } as unknown as FileHandle;
    const data = randomBytes(2_500);
    const writer = new BatchedWriter(stingy, 100);
    await writer.push(data.subarray(0, 700));
    await writer.push(data.subarray(700));
    await writer.flush();
    expect(written.map((w) => w.position)).toEqual([100, 1_100, 2_100]);
    expect(Buffer.concat(written.map((w) => w.bytes)).equals(data)).toBe(true);
  });
});
