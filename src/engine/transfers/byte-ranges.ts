import { Transform } from 'node:stream';

/** Part `number` (1-based, as S3 numbers them) covering bytes [start, end] inclusive. */
export interface ByteRange {
  readonly number: number;
  readonly start: number;
  readonly end: number;
  readonly length: number;
}

/** Splits `size` bytes into part-sized ranges; S3 allows at most 10,000 parts, so parts grow to fit. */
export function splitRanges(size: number, partSize: number): readonly ByteRange[] {
  const effective = Math.max(partSize, Math.ceil(size / 10_000));
  const ranges: ByteRange[] = [];
  for (let start = 0, n = 1; start < size; start += effective, n++) {
    const end = Math.min(size, start + effective) - 1;
    ranges.push({ number: n, start, end, length: end - start + 1 });
  }
  return ranges;
}

/** Consecutive ranges of these lengths from byte 0: parts as a journal recorded them. */
export function rangesOfLengths(lengths: readonly number[]): readonly ByteRange[] {
  let start = 0;
  return lengths.map((length, i) => {
    const range = { number: i + 1, start, end: start + length - 1, length };
    start += length;
    return range;
  });
}

/** Passes bytes through unchanged, showing each chunk on the way (for progress and hashing). */
export const countingStream = (onChunk: (chunk: Buffer) => void): Transform =>
  new Transform({
    transform(chunk: Buffer, _enc, done) {
      onChunk(chunk);
      done(null, chunk);
    },
  });

/**
 * Runs `work` for every range with at most `concurrency` at once. On the first failure the
 * others are aborted, and it rejects only once all have settled, so nothing still writes
 * after the caller cleans up.
 */
export async function forEachRange(
  ranges: readonly ByteRange[],
  concurrency: number,
  signal: AbortSignal,
  work: (range: ByteRange, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const inner = new AbortController();
  const onOuterAbort = (): void => inner.abort(signal.reason);
  signal.addEventListener('abort', onOuterAbort, { once: true });
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!inner.signal.aborted && next < ranges.length) {
      const range = ranges[next++]!;
      try {
        await work(range, inner.signal);
      } catch (error) {
        // The first error is the cause; the rest are the aborts it triggered.
        failure ??= { error };
        inner.abort(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, ranges.length)) }, worker));
  } finally {
    signal.removeEventListener('abort', onOuterAbort);
  }
  if (failure) throw signal.aborted ? signal.reason : failure.error;
  if (signal.aborted) throw signal.reason;
}
