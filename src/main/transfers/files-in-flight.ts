import { MiB, type TransferTuning } from './transfer-task';

/** Up to this size a file is one request each way, and counts as a fraction of a file in flight. */
export const SMALL_FILE_MAX = MiB;
/** How many small files take the place of one large one. */
const SMALL_PER_SLOT = 16;

/**
 * Whether one more file may start, given those running. "Files at once" is what a user sets
 * for large files, whose parts already fill the connection; a small file is one request, so
 * most of its time is the round trip, and sixteen run in the place of one large file (64 at
 * the default, as the fastest tools run): the connection stays busy, and the event loop
 * handles many answers per wake-up, which also cut CPU per file in the bench.
 */
export function mayStartAnother<T>(
  running: Iterable<T>,
  bytesOf: (file: T) => number,
  tuning: Pick<TransferTuning, 'parallelFiles'>,
): boolean {
  let slots = 0;
  for (const file of running) slots += bytesOf(file) <= SMALL_FILE_MAX ? 1 / SMALL_PER_SLOT : 1;
  return slots < Math.max(1, tuning.parallelFiles);
}
