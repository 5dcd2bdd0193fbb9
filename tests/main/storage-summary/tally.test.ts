// The tally's pure parts: age bands by LastModified, sub-prefixes, odd keys, the cap on sub-prefixes.
import { describe, expect, it } from 'vitest';
import { splitCsvLine } from '../../../src/main/storage-summary/inventory/read-report';
import { ageBandOf, MAX_CHILDREN, SummaryTally } from '../../../src/main/storage-summary/tally';
import { decodeKey } from '../../../src/main/storage-summary/walk-listing';

const NOW = Date.parse('2026-12-06T00:00:00Z');
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000);

describe('summary tally', () => {
  it('puts ages in the bands lifecycle rules count', () => {
    expect([0, 29.9, 30, 89, 90, 364, 365, 2000].map((d) => ageBandOf(daysAgo(d), NOW))).toEqual([
      'under-30d',
      'under-30d',
      '30-90d',
      '30-90d',
      '90-365d',
      '90-365d',
      'over-1y',
      'over-1y',
    ]);
  });

  it('groups by immediate sub-prefix, counts odd keys and keys written after the count began', () => {
    const t = new SummaryTally('a/', NOW);
    t.addCurrent({ key: 'a/x/1', size: 1, storageClass: 'STANDARD', lastModified: daysAgo(1) });
    t.addCurrent({ key: 'a/x/y/2', size: 2, storageClass: 'GLACIER', lastModified: daysAgo(400) });
    t.addCurrent({
      key: 'a/top\u0001',
      size: 4,
      storageClass: 'STANDARD',
      lastModified: new Date(NOW + 5000),
    });
    const s = t.snapshot(false);
    expect(s.children).toEqual([
      { prefix: '', objects: 1, bytes: 4, byClass: { STANDARD: 4 } },
      { prefix: 'a/x/', objects: 2, bytes: 3, byClass: { STANDARD: 1, GLACIER: 2 } },
    ]);
    expect(s.oddKeys).toBe(1);
    expect(s.changedDuringCount).toBe(1);
    expect(s.noncurrent).toBeUndefined();
  });

  it('adds sub-prefixes beyond the cap together, so memory stays bounded', () => {
    const t = new SummaryTally('', NOW);
    for (let i = 0; i < MAX_CHILDREN + 10; i++)
      for (const n of [1, 2])
        t.addCurrent({ key: `p${String(i).padStart(6, '0')}/${n}`, size: 1, storageClass: 'STANDARD' });
    const s = t.snapshot(false);
    expect(s.children).toHaveLength(MAX_CHILDREN);
    expect(s.otherChildren).toEqual({ prefixes: 10, objects: 20, bytes: 20 });
    expect(s.current.objects).toBe(2 * (MAX_CHILDREN + 10));
  });

  it('decodes URL-encoded keys as S3 encodes them, and splits quoted CSV fields', () => {
    expect(decodeKey('a+b%2Bc%07')).toBe('a b+c\u0007');
    expect(decodeKey('%E0%A4%A')).toBe('%E0%A4%A');
    expect(splitCsvLine('"b","x, ""y""","","12"')).toEqual(['b', 'x, "y"', '', '12']);
  });
});
