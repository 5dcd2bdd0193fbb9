/**
 * The compare window keeps only the rows near the screen (issue 21): it fetches pages from main
 * as they scroll into view, keeps a bounded number of them, and asks again for a short last
 * page once the compare sent more rows.
 */
import { describe, expect, it } from 'vitest';
import { KEPT_PAGES, PAGE_ROWS, RowFetcher } from '../../../src/renderer/features/compare/row-fetcher';
import type { CompareRow } from '../../../src/shared/models/compare';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Main's store as the fetcher sees it: `rows` rows named by position, which can grow. */
function main(rows: number) {
  const store = { rows, asked: [] as number[] };
  const load = async (offset: number, limit: number) => {
    store.asked.push(offset);
    const end = Math.min(store.rows, offset + limit);
    const page: CompareRow[] = [];
    for (let i = offset; i < end; i++) page.push({ key: `k${i}`, status: 'different', reasons: [] });
    return { rows: page, total: store.rows };
  };
  return { store, load };
}

describe('the compare window’s row fetcher', () => {
  it('fetches the rows on screen once, and keeps no more than KEPT_PAGES pages however far it scrolls', async () => {
    const { store, load } = main(1_000_000);
    const fetcher = new RowFetcher(
      load,
      () => undefined,
      (err) => {
        throw err;
      },
    );
    fetcher.want(0, 30);
    fetcher.want(0, 30);
    await settle();
    expect(store.asked).toEqual([0]);
    expect(fetcher.row(29)?.key).toBe('k29');
    expect(fetcher.total).toBe(1_000_000);
    for (let first = 0; first < 1_000_000; first += 7_919) {
      fetcher.want(first, first + 30);
      await settle();
      expect(fetcher.row(first)?.key).toBe(`k${first}`);
      expect(fetcher.keptPages).toBeLessThanOrEqual(KEPT_PAGES);
    }
    // A page scrolled away from long ago was dropped: asked again when it comes back.
    store.asked = [];
    fetcher.want(0, 30);
    expect(fetcher.row(0)).toBeUndefined();
    await settle();
    expect(store.asked).toEqual([0]);
  });

  it('asks again for a short last page (and the total) once the compare sent more rows', async () => {
    const { store, load } = main(150);
    let changes = 0;
    const fetcher = new RowFetcher(
      load,
      () => changes++,
      (err) => {
        throw err;
      },
    );
    fetcher.want(0, 160);
    await settle();
    expect(fetcher.row(149)?.key).toBe('k149');
    expect(fetcher.row(150)).toBeUndefined();
    store.rows = 250;
    fetcher.grew();
    store.asked = [];
    fetcher.want(0, 160);
    await settle();
    // The whole first page stays; the short second one is fetched again, now longer.
    expect(store.asked).toEqual([PAGE_ROWS]);
    expect(fetcher.row(199)?.key).toBe('k199');
    expect(fetcher.total).toBe(250);
    expect(changes).toBeGreaterThanOrEqual(3);
  });

  it('fetches everything again after forget (a deep check moved rows)', async () => {
    const { store, load } = main(500);
    const fetcher = new RowFetcher(
      load,
      () => undefined,
      (err) => {
        throw err;
      },
    );
    fetcher.want(0, 30);
    await settle();
    fetcher.forget();
    expect(fetcher.row(0)).toBeUndefined();
    store.asked = [];
    fetcher.want(0, 30);
    await settle();
    expect(store.asked).toEqual([0]);
  });
});
