// The compare window's race: main can stream every page of a small compare (and say it is done)
// before `startCompare` answers with the id. Those pages must still reach the window, or it shows
// "Comparing…" for ever.
import { describe, expect, it } from 'vitest';
import { ComparePages } from '../../../src/renderer/features/compare/compare-pages';
import type { ComparePage } from '../../../src/shared/models/compare';

const counts = { 'only-left': 0, 'only-right': 0, different: 0, same: 0, undecided: 0 };
const page = (compareId: string, keys: string[], done: boolean): ComparePage => ({
  compareId,
  rows: keys.map((key) => ({ key, status: 'only-left', reasons: [] })),
  counts: { ...counts, 'only-left': keys.length },
  done,
});

function windowPages() {
  const applied: ComparePage[] = [];
  return { applied, pages: new ComparePages((p) => applied.push(p)) };
}

describe('compare pages that arrive before the window knows its compare id', () => {
  it('are held and applied in order once the id arrives, so the window sees the compare finish', () => {
    const { applied, pages } = windowPages();
    pages.starting();
    pages.receive(page('c1', ['a', 'b'], false));
    pages.receive(page('c1', ['c'], true));
    expect(applied).toEqual([]);
    pages.started('c1');
    expect(applied.flatMap((p) => p.rows.map((r) => r.key))).toEqual(['a', 'b', 'c']);
    expect(applied.at(-1)?.done).toBe(true);
  });

  it('keeps only the started compare’s pages: an earlier compare’s late pages are dropped', () => {
    const { applied, pages } = windowPages();
    pages.starting();
    pages.started('old');
    pages.starting();
    pages.receive(page('old', ['stale'], true));
    pages.receive(page('new', ['fresh'], true));
    pages.started('new');
    pages.receive(page('old', ['stale-again'], true));
    expect(applied.flatMap((p) => p.rows.map((r) => r.key))).toEqual(['fresh']);
  });

  it('applies pages at once after the id is known, and holds nothing for a compare that failed to start', () => {
    const { applied, pages } = windowPages();
    pages.starting();
    pages.started('c2');
    pages.receive(page('c2', ['x'], true));
    expect(applied).toHaveLength(1);
    pages.starting();
    pages.receive(page('c3', ['y'], true));
    pages.failed();
    pages.started('c3');
    expect(applied).toHaveLength(1);
  });
});
