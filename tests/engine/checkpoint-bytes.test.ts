// What main receives over an upload of N parts: the checkpoint messages' bytes (as the channel
// serializes them) must grow linearly with N. Whole records made it O(N²): at 10 GiB main's heap
// grew with them (bench/results/soak-10gib.md). Counting bytes is deterministic; nothing is timed.
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { CheckpointLine } from '../../src/engine/checkpoint-line';
import { stateOf, uploadOpened, uploadRecords } from './checkpoint-records';

// The engine's channel uses Node's 'advanced' serialization (fork-engine.ts): V8's structured clone.
const bytes = (payload: unknown): number => serialize({ type: 'checkpoint', payload }).length;

/** The bytes of every checkpoint message of an upload of `parts` parts, in order. */
function checkpointBytes(parts: number): number[] {
  const line = new CheckpointLine(uploadOpened(parts));
  return uploadRecords(parts).map((record, i) =>
    bytes({ requestId: `r${i}`, ...line.next(stateOf(record)) }),
  );
}

/** The same, had every checkpoint carried the whole record (as before). */
const wholeBytes = (parts: number): number[] =>
  uploadRecords(parts).map((record, i) => bytes({ requestId: `r${i}`, seq: i + 1, state: stateOf(record) }));

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('checkpoint messages of a 200-part upload', () => {
  it('stay the same size per part, so their total grows linearly with the parts', () => {
    const sizes = checkpointBytes(200);
    // One per part finished, after the two around CreateMultipartUpload (the second names every
    // part's length, once).
    const perPart = sizes.slice(2);
    expect(perPart).toHaveLength(200);
    expect(Math.max(...perPart)).toBeLessThan(600);
    expect(Math.max(...perPart) - Math.min(...perPart)).toBeLessThan(32);

    // Twice the parts, twice the bytes (give or take the fixed messages); whole records: four times.
    const ratio = sum(checkpointBytes(400)) / sum(sizes);
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
    expect(sum(wholeBytes(400)) / sum(wholeBytes(200))).toBeGreaterThan(3.5);
    // Over 200 parts the whole records come to about 2 MB, the deltas to about 64 KB.
    expect(sum(sizes)).toBeLessThan(sum(wholeBytes(200)) / 20);
  });
});
