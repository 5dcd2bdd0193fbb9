import type { CompareRow, CompareRowsPage } from '../../../shared/models/compare';

/** Asks main for `limit` rows from `offset` on (of the filter the fetcher was made for). */
export type LoadRows = (offset: number, limit: number) => Promise<CompareRowsPage>;

/** Rows a page; the window shows a screenful of about thirty. */
export const PAGE_ROWS = 100;
/** Pages kept: the screen, some either side, and the tail while the compare runs. */
export const KEPT_PAGES = 12;

/**
 * The compare window's rows by position, fetched from main a page at a time for one filter:
 * only the KEPT_PAGES pages used last are kept, so the window holds a few thousand rows whatever
 * the compare's size. Rows arrive in key order and main only appends, so a full page stays
 * true while the compare runs; a short one (the tail) is fetched again once more rows came.
 */
export class RowFetcher {
  /** In the order used, the last used at the end. */
  readonly #pages = new Map<number, readonly CompareRow[]>();
  readonly #loading = new Set<number>();
  #total: number | undefined;
  /** The generation `#total` was asked in: an older one may be short of rows that came since. */
  #totalAt = -1;
  /** Bumped when kept rows may be out of date: answers to older asks are kept only if whole. */
  #generation = 0;

  constructor(
    private readonly load: LoadRows,
    private readonly changed: () => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** How many rows the filter lets through, as main last said; undefined before it answered. */
  get total(): number | undefined {
    return this.#total;
  }

  /** How many pages are kept (for the tests of the bound). */
  get keptPages(): number {
    return this.#pages.size;
  }

  row(index: number): CompareRow | undefined {
    return this.#pages.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS];
  }

  /** The rows from `first` to `last` are on screen: fetches the pages of them not kept yet (at least the first's). */
  want(first: number, last: number): void {
    const from = Math.floor(Math.max(0, first) / PAGE_ROWS);
    const to = Math.max(from, Math.floor(last / PAGE_ROWS));
    for (let page = from; page <= to; page++) {
      const kept = this.#pages.get(page);
      if (kept) {
        this.#pages.delete(page);
        this.#pages.set(page, kept);
      } else if (!this.#loading.has(page)) void this.#fetch(page);
    }
    // Whole pages stay true, but the total may have grown: asking for one page again says it.
    if (this.#totalAt < this.#generation && this.#loading.size === 0) void this.#fetch(from);
  }

  /** The compare sent more rows: a short page may have grown, so it is fetched again when wanted. */
  grew(): void {
    this.#generation++;
    for (const [page, rows] of this.#pages) if (rows.length < PAGE_ROWS) this.#pages.delete(page);
  }

  /** Kept rows are out of date (a deep check moved some): everything is fetched again. */
  forget(): void {
    this.#generation++;
    this.#pages.clear();
    this.changed();
  }

  async #fetch(page: number): Promise<void> {
    const generation = this.#generation;
    this.#loading.add(page);
    let again = false;
    try {
      const { rows, total } = await this.load(page * PAGE_ROWS, PAGE_ROWS);
      // A short page asked before more rows came may be short no longer.
      again = generation !== this.#generation && rows.length < PAGE_ROWS;
      if (again) return;
      if (generation >= this.#totalAt) {
        this.#total = total;
        this.#totalAt = generation;
      }
      this.#pages.set(page, rows);
      for (const old of this.#pages.keys()) {
        if (this.#pages.size <= KEPT_PAGES) break;
        this.#pages.delete(old);
      }
      this.changed();
    } catch (err) {
      this.onError(err);
    } finally {
      this.#loading.delete(page);
      if (again) void this.#fetch(page);
    }
  }
}
