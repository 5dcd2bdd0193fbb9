import { describe, expect, it } from 'vitest';
import { olderThan, parseDays, totals } from '../../src/renderer/features/incomplete-uploads/summary';
import type { IncompleteUpload } from '../../src/shared/models/incomplete-upload';

const day = 24 * 60 * 60 * 1000;
const now = Date.parse('2026-06-15T12:00:00Z');
const upload = (key: string, ageDays: number, over: Partial<IncompleteUpload> = {}): IncompleteUpload => ({
  key,
  uploadId: `id-${key}`,
  initiated: new Date(now - ageDays * day).toISOString(),
  parts: 2,
  size: 100,
  ...over,
});

describe('incomplete uploads summary', () => {
  it('adds up parts and bytes, saying "at least" when some could not be counted', () => {
    expect(totals([upload('a', 1), upload('b', 2)])).toEqual({ bytes: 200, parts: 4, atLeast: false });
    expect(totals([upload('a', 1), upload('b', 2, { size: undefined, parts: undefined })]).atLeast).toBe(
      true,
    );
    expect(totals([upload('a', 1, { partsCapped: true })]).atLeast).toBe(true);
  });

  it('picks the uploads older than a number of days, 0 meaning all', () => {
    const list = [
      upload('new', 0.5),
      upload('week', 7.5),
      upload('month', 31),
      upload('unknown', 0, { initiated: undefined }),
    ];
    expect(olderThan(list, 7, now).map((u) => u.key)).toEqual(['week', 'month']);
    expect(olderThan(list, 0, now).map((u) => u.key)).toEqual(['new', 'week', 'month']);
  });

  it('reads a days field, refusing what is not a whole number in range', () => {
    expect(parseDays('7', 1)).toBe(7);
    expect(parseDays(' 0 ', 0)).toBe(0);
    expect(parseDays('0', 1)).toBeUndefined();
    expect(parseDays('1.5', 0)).toBeUndefined();
    expect(parseDays('', 0)).toBeUndefined();
    expect(parseDays('99999', 0)).toBeUndefined();
  });
});
