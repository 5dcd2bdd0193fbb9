import { describe, expect, it } from 'vitest';
import { describeRow } from '../../../src/renderer/features/compare/rows';
import type { CompareRow } from '../../../src/shared/models/compare';

const rows: CompareRow[] = [
  { key: 'a.txt', status: 'same', reasons: [] },
  { key: 'B.txt', status: 'different', reasons: ['size'] },
  { key: 'big.bin', status: 'undecided', reasons: ['part-layout'] },
  { key: 'c.txt', status: 'only-left', reasons: [] },
];

describe('compare rows in the window', () => {
  it('says why a row is different or undecided', () => {
    expect(describeRow(rows[1]!)).toBe('Different: size');
    expect(describeRow(rows[2]!)).toBe(
      'Undecided: multipart ETags of other part layouts — a deep check decides',
    );
    expect(describeRow(rows[3]!)).toBe('Only left');
  });

  it('names the checksum that decided a row, and why checksums could not', () => {
    const size = 6;
    expect(
      describeRow({
        key: 'k',
        status: 'same',
        reasons: ['checksum'],
        checksum: 'CRC64NVME',
        left: { size },
        right: { size },
      }),
    ).toBe('Same: checksum (CRC64NVME)');
    expect(describeRow({ key: 'k', status: 'different', reasons: ['checksum'], checksum: 'CRC32' })).toBe(
      'Different: checksum (CRC32)',
    );
    expect(
      describeRow({
        key: 'k',
        status: 'undecided',
        reasons: ['part-layout', 'checksum-algorithm'],
        left: { size, checksumAlgorithm: 'CRC32' },
        right: { size, checksumAlgorithm: 'CRC64NVME' },
      }),
    ).toBe(
      'Undecided: multipart ETags of other part layouts, checksums of other algorithms (CRC32 left, CRC64NVME right) — a deep check decides',
    );
    expect(describeRow({ key: 'k', status: 'undecided', reasons: ['kms', 'checksum-layout'] })).toBe(
      'Undecided: SSE-KMS ETags are not MD5s, composite checksums of other part layouts — a deep check decides',
    );
  });
});
