import { describe, expect, it } from 'vitest';
import { shownSource } from '../../src/renderer/features/transfers/shown-source';
import type { TransferItem } from '../../src/shared/models/transfer';

const item = (direction: TransferItem['direction'], source: string, target: string): TransferItem => ({
  id: '1',
  jobId: 'j',
  direction,
  source,
  target,
  sessionId: 's',
  bytesTotal: 1,
  bytesDone: 0,
  status: 'queued',
  rate: 0,
});

describe('shownSource', () => {
  it('shows an upload relative to the dropped folder', () => {
    expect(
      shownSource(item('upload', '/home/ana/Desktop/photos/2024/a.jpg', 's3://b/trips/photos/2024/a.jpg')),
    ).toBe('photos/2024/a.jpg');
  });

  it('shows a dropped file by its name, also from Windows paths and decomposed names', () => {
    expect(shownSource(item('upload', 'C:\\Users\\ana\\report.pdf', 's3://b/report.pdf'))).toBe('report.pdf');
    expect(shownSource(item('upload', '/Users/ana/cafe\u0301.txt', 's3://b/x/caf\u00e9.txt'))).toBe(
      'cafe\u0301.txt',
    );
  });

  it('falls back to the file name when "keep both" renamed the key', () => {
    expect(shownSource(item('upload', '/home/ana/docs/a.txt', 's3://b/docs/a (1).txt'))).toBe('a.txt');
  });

  it('keeps the s3:// source of downloads and copies', () => {
    expect(shownSource(item('download', 's3://b/k.txt', '/home/ana/k.txt'))).toBe('s3://b/k.txt');
    expect(shownSource(item('copy', 's3://b/k.txt', 's3://c/k.txt'))).toBe('s3://b/k.txt');
  });
});
