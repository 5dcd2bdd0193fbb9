/**
 * A task record's checkpoints as deltas. A record is a small frame (names, sizes, the upload id,
 * the part lengths) and a list of finished pieces that grows by one per part or range; sending the
 * whole record at each checkpoint made an upload of N parts cost O(N²) bytes to send and parse.
 * A delta carries the finished pieces added since the record it applies to (each with its place in
 * the new list, so the list comes out exactly as the engine's) and the frame only when it changed.
 * Which record a delta applies to is named by sequence number: main applies it only to that one,
 * and asks for the whole record otherwise (protocol.ts, `checkpoint` and `reply`).
 */
import { z } from 'zod';
import { multipartSchema, partCopySchema, type TaskRecord, taskRecordSchema } from './records';

const MAX_PARTS = 10_000;
const rangeNumber = z.number().int().min(1).max(MAX_PARTS);
/** Counts a task's records since it was opened in the engine: the open's record is 0. */
export const seqSchema = z.number().int().nonnegative();

export const recordDeltaSchema = z.strictObject({
  /** The sequence number of the record this applies to. */
  after: seqSchema,
  /** The record with no finished pieces, when that changed since (rare: an upload id, a new name). */
  frame: taskRecordSchema.optional(),
  /** Pieces finished since: a part (upload, copy) or a range (download), at its index in the new list. */
  added: z
    .array(
      z.strictObject({
        at: z.number().int().nonnegative().max(MAX_PARTS),
        // An uploaded part (with the MD5 of what was sent), a part S3 copied, or a range.
        done: z.union([multipartSchema.shape.done.element, partCopySchema.shape.done.element, rangeNumber]),
      }),
    )
    .max(MAX_PARTS),
  /** How many pieces the new list holds: a cheap check that the base was the one meant. */
  count: z.number().int().nonnegative().max(MAX_PARTS),
});

export type RecordDelta = z.infer<typeof recordDeltaSchema>;
type Finished = RecordDelta['added'][number]['done'];
type PartSent = z.infer<typeof multipartSchema.shape.done.element>;
type PartCopied = z.infer<typeof partCopySchema.shape.done.element>;

/** The finished pieces of a record, in its order. */
function finishedOf(r: TaskRecord): readonly Finished[] {
  if (r.kind === 'download') return r.done ?? [];
  if (r.kind === 'server-copy') return r.upload?.done ?? [];
  return ('multipart' in r ? r.multipart : undefined)?.upload?.done ?? [];
}

/** The record with other finished pieces; undefined when it has no place for them (no upload yet). */
function withFinished(r: TaskRecord, done: readonly Finished[]): TaskRecord | undefined {
  const numbers = done.every((d) => typeof d === 'number');
  const parts = done.every((d) => typeof d !== 'number');
  if (r.kind === 'download') {
    if (!numbers) return undefined;
    const { done: _, ...frame } = r;
    return done.length > 0 ? { ...frame, done: done as number[] } : frame;
  }
  if (r.kind === 'server-copy') {
    if (!r.upload) return done.length === 0 ? r : undefined;
    if (!parts || done.some((d) => typeof d !== 'number' && 'md5' in d)) return undefined;
    return { ...r, upload: { ...r.upload, done: done as PartCopied[] } };
  }
  const multipart = 'multipart' in r ? r.multipart : undefined;
  if (!multipart?.upload) return done.length === 0 ? r : undefined;
  if (!parts || done.some((d) => typeof d !== 'number' && !('md5' in d))) return undefined;
  return {
    ...r,
    multipart: { ...multipart, upload: { ...multipart.upload, done: done as PartSent[] } },
  };
}

const sameFinished = (a: Finished, b: Finished): boolean =>
  typeof a === 'number' || typeof b === 'number'
    ? a === b
    : a.n === b.n &&
      a.etag === b.etag &&
      ('md5' in a ? a.md5 : undefined) === ('md5' in b ? b.md5 : undefined);

/** The frame's text, for telling whether it changed (the engine keeps it with the last record sent). */
export function frameKey(r: TaskRecord): string {
  return JSON.stringify(withFinished(r, []) ?? r);
}

/**
 * What turns `base` into `next`, or undefined when only the whole record will do: pieces were
 * dropped or changed (a restarted upload), not only added.
 */
export function diffRecord(
  base: { readonly seq: number; readonly record: TaskRecord; readonly frame: string },
  next: TaskRecord,
): RecordDelta | undefined {
  const before = finishedOf(base.record);
  const after = finishedOf(next);
  const added: RecordDelta['added'] = [];
  let i = 0;
  for (const [at, done] of after.entries()) {
    const old = before[i];
    if (old !== undefined && sameFinished(old, done)) i++;
    else added.push({ at, done });
  }
  if (i < before.length) return undefined;
  const frame = frameKey(next);
  return {
    after: base.seq,
    ...(frame !== base.frame && { frame: withFinished(next, []) ?? next }),
    added,
    count: after.length,
  };
}

/** The record `delta` makes of `record`, or undefined when it does not fit (then ask for the whole). */
export function applyDelta(record: TaskRecord, delta: RecordDelta): TaskRecord | undefined {
  const before = finishedOf(record);
  if (before.length + delta.added.length !== delta.count) return undefined;
  const done: Finished[] = [];
  let i = 0;
  for (const { at, done: piece } of delta.added) {
    if (at < done.length || at - done.length > before.length - i) return undefined;
    while (done.length < at) done.push(before[i++] as Finished);
    done.push(piece);
  }
  while (i < before.length) done.push(before[i++] as Finished);
  const frame = delta.frame ?? record;
  if (frame.kind !== record.kind) return undefined;
  return withFinished(frame, done);
}
