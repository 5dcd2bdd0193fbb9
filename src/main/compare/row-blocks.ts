import { type RowStatus, rowStatuses } from '../../shared/models/compare';
import { compareKeys } from './key-order';

/** Rows per block: the index keeps one offset, one key and a count per status for each block. */
export const BLOCK_ROWS = 512;

const STATUSES = rowStatuses.length;
const slot = (status: RowStatus): number => rowStatuses.indexOf(status);

/** Where the `offset`-th row of some statuses is: its block, and how many of them to skip there. */
export interface Located {
  /** How many rows of those statuses there are in all. */
  readonly total: number;
  /** Absent when `offset` is at or past the end. */
  readonly block?: number;
  readonly skip: number;
}

/**
 * A sparse index over rows kept in key order in a file: for every BLOCK_ROWS rows, the byte
 * offset the block starts at, its first key and how many rows of each status it holds. Memory
 * stays O(rows / BLOCK_ROWS) (a million rows: about 2,000 blocks), yet the n-th row of any set of
 * statuses is one walk over the blocks and one read of a block or a few away.
 */
export class RowBlocks {
  readonly #starts: number[] = [];
  readonly #firstKeys: string[] = [];
  /** STATUSES numbers a block, in rowStatuses' order. */
  readonly #counts: number[] = [];
  #inLast = BLOCK_ROWS;

  get blocks(): number {
    return this.#starts.length;
  }

  /** A row written at byte `at`, after every row added before it (so in key order). */
  add(status: RowStatus, at: number, key: string): void {
    if (this.#inLast === BLOCK_ROWS) {
      this.#starts.push(at);
      this.#firstKeys.push(key);
      for (let i = 0; i < STATUSES; i++) this.#counts.push(0);
      this.#inLast = 0;
    }
    this.#inLast++;
    this.#bump(this.#starts.length - 1, status, 1);
  }

  /** A row changed status (a deep check decided it): its block counts it under the new one. */
  move(key: string, from: RowStatus, to: RowStatus): void {
    const block = this.#blockOf(key);
    if (block === undefined) return;
    this.#bump(block, from, -1);
    this.#bump(block, to, 1);
  }

  #bump(block: number, status: RowStatus, by: number): void {
    const at = block * STATUSES + slot(status);
    this.#counts[at] = (this.#counts[at] ?? 0) + by;
  }

  /** The byte offset block `block` starts at. */
  start(block: number): number {
    return this.#starts[block] ?? 0;
  }

  locate(statuses: ReadonlySet<RowStatus>, offset: number): Located {
    const slots = [...statuses].map(slot);
    let total = 0;
    let found: { block: number; skip: number } | undefined;
    for (let block = 0; block < this.#starts.length; block++) {
      let here = 0;
      for (const s of slots) here += this.#counts[block * STATUSES + s] ?? 0;
      if (!found && offset < total + here) found = { block, skip: offset - total };
      total += here;
    }
    return { total, skip: found?.skip ?? 0, ...(found && { block: found.block }) };
  }

  /** The last block whose first key is not after `key`. */
  #blockOf(key: string): number | undefined {
    let lo = 0;
    let hi = this.#firstKeys.length - 1;
    let found: number | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys(this.#firstKeys[mid] ?? '', key) <= 0) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
