// The sync reports file: bounded, owner-only, and a damaged one is kept aside, never lost.
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bounded,
  REPORTS_KEPT,
  ROWS_KEPT,
  readReports,
  SYNC_REPORTS_FILE,
} from '../../../src/main/compare/kept-reports';
import { syncReportsIn } from '../../../src/main/compare/sync-reports';
import { JournalFile } from '../../../src/main/transfers/journal/journal-file';

const planId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const emptyQueue = { items: [] } as never;

describe('the kept sync reports', () => {
  it('keeps the newest reports, and drops the oldest once the rows pass the bound', () => {
    const many = Array.from({ length: REPORTS_KEPT + 5 }, (_, i) => ({ id: i, rows: [1] }));
    expect(bounded(many).map((r) => r.id)).toEqual(many.slice(5).map((r) => r.id));
    const big = [
      { id: 'old', rows: new Array(10) },
      { id: 'mid', rows: new Array(ROWS_KEPT - 5) },
      { id: 'new', rows: new Array(5) },
    ];
    expect(bounded(big).map((r) => r.id)).toEqual(['mid', 'new']);
    // The newest is kept whatever its size.
    expect(bounded([{ id: 'huge', rows: new Array(ROWS_KEPT + 1) }]).map((r) => r.id)).toEqual(['huge']);
  });

  it('are written readable by their owner only, with no session in them, and read back after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kept-reports-'));
    const reports = syncReportsIn(dir);
    await reports.start({
      planId: planId(1),
      source: 's3://alpha-data/src/',
      target: 's3://beta-data/dst/',
      flow: 'server-side',
      rows: [
        { key: 'a.txt', action: 'copy', result: 'pending' },
        { key: 'b.txt', action: 'delete', result: 'pending' },
      ],
    });
    reports.set(planId(1), 0, {
      key: 'a.txt',
      action: 'copy',
      result: 'failed',
      error: { code: 'access-denied', message: 'x'.repeat(10_000) },
    });
    await reports.close();
    const path = join(dir, SYNC_REPORTS_FILE);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).not.toMatch(/sessionId/);

    const again = syncReportsIn(dir);
    await again.restore(emptyQueue);
    const report = again.report(planId(1));
    expect(report?.finished).toBe(true);
    expect(report?.rows.map((r) => [r.key, r.result, r.error?.code])).toEqual([
      ['a.txt', 'failed', 'access-denied'],
      ['b.txt', 'interrupted', 'cancelled'],
    ]);
  });

  it('keeps a file that does not read as reports aside and lists none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kept-reports-'));
    await writeFile(join(dir, SYNC_REPORTS_FILE), '{"format":"something else"');
    expect(await readReports(new JournalFile(dir, SYNC_REPORTS_FILE))).toEqual([]);
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^sync-reports\.unreadable-.*\.json$/);
    expect(await readFile(join(dir, files[0] ?? ''), 'utf8')).toBe('{"format":"something else"');
  });
});
