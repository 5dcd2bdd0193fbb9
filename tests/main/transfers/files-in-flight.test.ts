import { describe, expect, it } from 'vitest';
import { mayStartAnother, SMALL_FILE_MAX } from '../../../src/main/transfers/files-in-flight';

const tuning = { parallelFiles: 2, partSizeMiB: 16, partConcurrency: 8 };
const large = 100 * 1024 * 1024;

describe('files in flight', () => {
  it('runs "files at once" large files', () => {
    expect(mayStartAnother([large], tuning)).toBe(true);
    expect(mayStartAnother([large, large], tuning)).toBe(false);
  });

  it('runs four small files in the place of one large one', () => {
    const small = Array.from({ length: 7 }, () => 4096);
    expect(mayStartAnother(small, tuning)).toBe(true);
    expect(mayStartAnother([...small, SMALL_FILE_MAX], tuning)).toBe(false);
    expect(mayStartAnother([large, 1, 2, 3], tuning)).toBe(true);
    expect(mayStartAnother([large, 1, 2, 3, 4], tuning)).toBe(false);
  });

  it('always lets one file run, whatever the setting says', () => {
    expect(mayStartAnother([], { ...tuning, parallelFiles: 0 })).toBe(true);
  });
});
