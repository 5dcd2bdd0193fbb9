import { describe, expect, it } from 'vitest';
import { mergeOpenConflicts, type OpenConflicts } from '../../src/renderer/stores/open-conflicts';
import type { TransferConflict } from '../../src/shared/models/transfer';

const conflict = (id: string): TransferConflict => ({
  conflictId: id,
  itemId: `item-${id}`,
  direction: 'upload',
  existing: `s3://b/${id}`,
  incomingSize: 1,
  jobId: 'job',
});
const state = (ids: string[], answered: string[] = []): OpenConflicts => ({
  conflicts: ids.map(conflict),
  answered: new Set(answered),
});
const ids = (s: OpenConflicts) => s.conflicts.map((c) => c.conflictId);

describe('the questions a window shows, from main’s snapshot', () => {
  it('takes them all from a snapshot, as a reloaded window does', () => {
    expect(ids(mergeOpenConflicts(state([]), [conflict('a'), conflict('b')]))).toEqual(['a', 'b']);
  });

  it('keeps the one on screen first when the snapshot lists them in another order', () => {
    // Events arrived b, then a: the dialog shows b, maybe with its "apply to all" box ticked.
    const merged = mergeOpenConflicts(state(['b', 'a']), [conflict('a'), conflict('b'), conflict('c')]);
    expect(ids(merged)).toEqual(['b', 'a', 'c']);
  });

  it('drops what main no longer lists', () => {
    expect(ids(mergeOpenConflicts(state(['a', 'b']), [conflict('b')]))).toEqual(['b']);
  });

  it('keeps one answered here hidden while a late snapshot still lists it, then forgets it', () => {
    const late = mergeOpenConflicts(state(['b'], ['a']), [conflict('a'), conflict('b')]);
    expect(ids(late)).toEqual(['b']);
    expect([...late.answered]).toEqual(['a']);
    expect(mergeOpenConflicts(late, [conflict('b')]).answered.size).toBe(0);
  });
});
