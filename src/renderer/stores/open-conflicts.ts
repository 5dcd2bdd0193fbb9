import type { TransferConflict } from '../../shared/models/transfer';

export interface OpenConflicts {
  /** Oldest first; the dialog shows the head. */
  readonly conflicts: readonly TransferConflict[];
  /** Answered here but maybe not yet gone from a snapshot main sent before it heard the answer. */
  readonly answered: ReadonlySet<string>;
}

/**
 * The questions to show after main's snapshot lists those it still waits on. Main's list is the
 * truth: one it no longer lists was settled (here, in another window, or by cancelling). Those
 * already shown keep their place, so the one on screen (and its "apply to all" box) stays put
 * while others arrive; one answered here stays hidden until main stops listing it.
 */
export function mergeOpenConflicts(
  current: OpenConflicts,
  listed: readonly TransferConflict[],
): OpenConflicts {
  const open = new Set(listed.map((c) => c.conflictId));
  const answered = new Set([...current.answered].filter((id) => open.has(id)));
  const kept = current.conflicts.filter((c) => open.has(c.conflictId));
  const known = new Set(kept.map((c) => c.conflictId));
  const added = listed.filter((c) => !known.has(c.conflictId) && !answered.has(c.conflictId));
  return { conflicts: [...kept, ...added], answered };
}
