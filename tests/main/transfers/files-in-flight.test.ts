import { describe, expect, it } from 'vitest';
import { mayStartAnother, SMALL_FILE_MAX } from '../../../src/main/transfers/files-in-flight';

const tuning = { parallelFiles: 2, partSizeMiB: 16, partConcurrency: 8 };
const large = 100 * 1024 * 1024;
const size = (bytes: number): number => bytes;

describe('files in flight', () => {
  it('runs "files at once" large files', () => {
    expect(mayStartAnother([large], size, tuning)).toBe(true);
    expect(mayStartAnother([large, large], size, tuning)).toBe(false);
  });

  it('runs sixteen small files in the place of one large one', () => {
    const small = Array.from({ length: 31 }, () => 4096);
    expect(mayStartAnother(small, size, tuning)).toBe(true);
    expect(mayStartAnother([...small, SMALL_FILE_MAX], size, tuning)).toBe(false);
    expect(mayStartAnother([large, ...small.slice(0, 15)], size, tuning)).toBe(true);
    expect(mayStartAnother([large, ...small.slice(0, 16)], size, tuning)).toBe(false);
  });

  it('always lets one file run, whatever the setting says', () => {
    expect(mayStartAnother([], size, { ...tuning, parallelFiles: 0 })).toBe(true);
  });
});
