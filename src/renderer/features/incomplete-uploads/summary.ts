import type { IncompleteUpload } from '../../../shared/models/incomplete-upload';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Parts and bytes the listed uploads hold; `atLeast` when some could not be counted in full. */
export function totals(uploads: readonly IncompleteUpload[]): {
  bytes: number;
  parts: number;
  atLeast: boolean;
} {
  let bytes = 0;
  let parts = 0;
  let atLeast = false;
  for (const u of uploads) {
    bytes += u.size ?? 0;
    parts += u.parts ?? 0;
    if (u.size === undefined || u.partsCapped) atLeast = true;
  }
  return { bytes, parts, atLeast };
}

/** Uploads begun more than `days` days before `now` (0: all with a start time), as main will judge them. */
export function olderThan(
  uploads: readonly IncompleteUpload[],
  days: number,
  now = Date.now(),
): IncompleteUpload[] {
  const before = now - days * DAY_MS;
  return uploads.filter((u) => u.initiated !== undefined && Date.parse(u.initiated) <= before);
}

/** The number a days field holds, or undefined while it holds none. */
export function parseDays(text: string, min: number): number | undefined {
  if (!/^\d{1,5}$/.test(text.trim())) return undefined;
  const days = Number(text);
  return days >= min && days <= 36_500 ? days : undefined;
}
