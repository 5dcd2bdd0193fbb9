import { join } from 'node:path';
import type { ChecksumAlgorithm, CompareRow, RowReason, SideFacts } from '../../shared/models/compare';
import { byChecksum, type ChecksumOutcome, type ObjectChecksum } from './checksum-verdict';
import { checksumOfFile } from './local-checksum';
import { MAX_LAYOUT_PARTS, type ObjectPlace, objectChecksum, partSizes } from './object-checksum';
import { orderedWindow } from './ordered-window';

/** One side of a compare as the checksum step reaches it. */
export type ChecksumSide =
  | { readonly kind: 's3'; readonly place: ObjectPlace }
  | { readonly kind: 'local'; readonly root: string };

/** HEADs (or local files hashed) at once; rows behind an unfinished one are held, this many at most. */
const LIMITS = { working: 8, held: 2000 };

const settled = (row: CompareRow, outcome: ChecksumOutcome): CompareRow => {
  if (outcome.status === 'undecided') return { ...row, reasons: [...row.reasons, ...outcome.reasons] };
  const { checksum: _, ...rest } = row;
  return { ...rest, ...outcome };
};
const still = (row: CompareRow, reason: RowReason): CompareRow =>
  settled(row, { status: 'undecided', reasons: [reason] });

const sameSizes = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((size, i) => size === b[i]);

async function bothInS3(
  row: CompareRow & { left: SideFacts; right: SideFacts },
  left: ObjectPlace,
  right: ObjectPlace,
  algorithm: ChecksumAlgorithm,
): Promise<CompareRow> {
  const { key } = row;
  const [a, b] = await Promise.all([
    objectChecksum(left, key, algorithm, row.left.etag),
    objectChecksum(right, key, algorithm, row.right.etag),
  ]);
  if (!a || !b) return still(row, 'checksum-unread');
  let outcome = byChecksum(a, b);
  if (outcome === 'layouts') {
    const parts = a.parts ?? 0;
    if (parts > MAX_LAYOUT_PARTS) return still(row, 'checksum-layout');
    const [x, y] = await Promise.all([partSizes(left, key, parts), partSizes(right, key, parts)]);
    outcome = byChecksum(a, b, sameSizes(x, y));
  }
  return outcome === 'layouts' ? still(row, 'checksum-layout') : settled(row, outcome);
}

/** A local file against an object: hashed like one PUT of it, so only a full-object checksum compares. */
async function againstFile(
  row: CompareRow,
  remote: { readonly place: ObjectPlace; readonly facts: SideFacts },
  root: string,
  fileIsLeft: boolean,
  algorithm: ChecksumAlgorithm,
): Promise<CompareRow> {
  const object = await objectChecksum(remote.place, row.key, algorithm, remote.facts.etag);
  if (!object) return still(row, 'checksum-unread');
  if (object.type !== 'FULL_OBJECT') return still(row, 'checksum-layout');
  const value = await checksumOfFile(join(root, row.key), algorithm).catch(() => undefined);
  if (value === undefined) return still(row, 'checksum-unread');
  const file: ObjectChecksum = { algorithm, value, type: 'FULL_OBJECT' };
  const outcome = fileIsLeft ? byChecksum(file, object) : byChecksum(object, file);
  return outcome === 'layouts' ? still(row, 'checksum-layout') : settled(row, outcome);
}

/** The checksum work one row needs, or undefined when it has none (decided, or no checksum listed). */
function work(row: CompareRow, left: ChecksumSide, right: ChecksumSide): Promise<CompareRow> | undefined {
  if (row.status !== 'undecided' || !row.left || !row.right) return undefined;
  const sided = row as CompareRow & { left: SideFacts; right: SideFacts };
  if (left.kind === 's3' && right.kind === 's3') {
    const [a, b] = [row.left.checksumAlgorithm, row.right.checksumAlgorithm];
    if (!a || !b) return undefined;
    if (a !== b) return Promise.resolve(still(row, 'checksum-algorithm'));
    return bothInS3(sided, left.place, right.place, a);
  }
  const [remote, file, fileIsLeft] = left.kind === 'local' ? [right, left, true] : [left, right, false];
  const facts = fileIsLeft ? row.right : row.left;
  if (remote.kind === 's3' && file.kind === 'local' && facts.checksumAlgorithm)
    return againstFile(row, { place: remote.place, facts }, file.root, fileIsLeft, facts.checksumAlgorithm);
  return undefined;
}

/**
 * Rows the ETags left undecided, decided where both sides have a checksum that compares
 * (HEAD with checksum mode; a local file hashed on a worker thread), in key order. A HEAD that
 * fails (denied, the object replaced since the listing) leaves its row undecided and says so;
 * a cancelled compare ends the rows.
 */
export function decideByChecksum(
  rows: AsyncIterable<CompareRow>,
  sides: { readonly left: ChecksumSide; readonly right: ChecksumSide },
  signal: AbortSignal,
): AsyncGenerator<CompareRow> {
  const guarded = (row: CompareRow): Promise<CompareRow> | undefined =>
    work(row, sides.left, sides.right)?.catch((err: unknown) => {
      if (signal.aborted) throw err;
      return still(row, 'checksum-unread');
    });
  return orderedWindow(rows, guarded, LIMITS);
}
