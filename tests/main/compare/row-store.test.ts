/**
 * The window's rows come from main's store (issue 21): any slice of the rows some statuses and a
 * key filter let through, in key order, read back from the file through an index that keeps a
 * few numbers per block of rows, never one per row.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BLOCK_ROWS, RowBlocks } from '../../../src/main/compare/row-blocks';
import { RowSpill } from '../../../src/main/compare/row-spill';
import type { CompareRow, RowStatus } from '../../../src/shared/models/compare';

const ROWS = 5_000;
/** Every seventh key differs, every 50th is only on the left, the rest are the same. */
const statusOf = (i: number): RowStatus => (i % 50 === 0 ? 'only-left' : i % 7 === 0 ? 'different' : 'same');
const keyOf = (i: number) => `folder/é-${String(i).padStart(5, '0')}.txt`;
const row = (i: number): CompareRow => ({
  key: keyOf(i),
  status: statusOf(i),
  reasons: [],
  left: { size: i },
});
const all = Array.from({ length: ROWS }, (_, i) => row(i));
const of = (...statuses: RowStatus[]) => all.filter((r) => statuses.includes(r.status));

let folder: string;
let spill: RowSpill;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'row-store-'));
  spill = await RowSpill.create(folder, 'c1');
  for (const r of all) await spill.append(r);
});
afterEach(async () => {
  await spill.remove();
  await rm(folder, { recursive: true, force: true });
});

const page = (statuses: RowStatus[], offset: number, limit: number, text = '') =>
  spill.page({ statuses: new Set(statuses), text, offset, limit });

it('reads any slice of some statuses back in key order, with their total', async () => {
  const different = of('different');
  for (const offset of [0, 1, 73, 600, different.length - 5]) {
    const got = await page(['different'], offset, 40);
    expect(got.total).toBe(different.length);
    expect(got.rows).toEqual(different.slice(offset, offset + 40));
  }
  const two = of('only-left', 'different');
  const got = await page(['only-left', 'different'], 700, 100);
  expect(got).toEqual({ rows: two.slice(700, 800), total: two.length });
  // The same rows are kept too: the file is the compare's whole result.
  expect((await page(['same'], 3_000, 3)).rows).toEqual(of('same').slice(3_000, 3_003));
  expect(await page(['different'], different.length, 10)).toEqual({ rows: [], total: different.length });
  expect(await page([], 0, 10)).toEqual({ rows: [], total: 0 });
});

it('filters keys by text (any case) and sees rows appended after the first read', async () => {
  const holding = (r: CompareRow) => r.key.includes('-01');
  const first = await page(['different', 'same'], 20, 30, 'É-01');
  const matching = all.filter((r) => r.status !== 'only-left' && holding(r));
  expect(first).toEqual({ rows: matching.slice(20, 50), total: matching.length });
  await spill.append({ key: 'folder/é-01zzz', status: 'different', reasons: [] });
  const later = await page(['different'], 0, 1_000, 'é-01');
  expect(later.total).toBe(all.filter((r) => r.status === 'different' && holding(r)).length + 1);
  expect(later.rows.at(-1)?.key).toBe('folder/é-01zzz');
});

it('moves a row a deep check decided to its new status', async () => {
  const target = of('different')[300] as CompareRow;
  spill.settle(target, { ...target, status: 'same', reasons: [] });
  const different = of('different').filter((r) => r.key !== target.key);
  expect(await page(['different'], 299, 2)).toEqual({
    rows: different.slice(299, 301),
    total: different.length,
  });
  const keys: string[] = [];
  for await (const r of spill.rows()) keys.push(r.key);
  expect(keys).not.toContain(target.key);
  expect(keys).toHaveLength(of('different', 'only-left').length - 1);
});

it('keeps one block per BLOCK_ROWS rows, not a number per row', () => {
  const blocks = new RowBlocks();
  for (let i = 0; i < 100_000; i++) blocks.add(statusOf(i), i * 100, keyOf(i));
  expect(blocks.blocks).toBe(Math.ceil(100_000 / BLOCK_ROWS));
  const located = blocks.locate(new Set(['only-left']), 1_000);
  expect(located.total).toBe(2_000);
  // The 1,000th only-left row is row 50,000: in block 50,000 / BLOCK_ROWS.
  expect(located.block).toBe(Math.floor(50_000 / BLOCK_ROWS));
  expect(blocks.start(located.block ?? -1)).toBe(Math.floor(50_000 / BLOCK_ROWS) * BLOCK_ROWS * 100);
});
