// "Copy CSV": the summary's numbers as a spreadsheet reads them, names quoted when they must be.
import { describe, expect, it } from 'vitest';
import { childLabel, summaryCsv } from '../../src/renderer/features/storage-summary/csv';
import type { StorageSummary } from '../../src/shared/models/storage-summary';

const summary: StorageSummary = {
  summaryId: 's',
  sessionId: 'x',
  bucket: 'b',
  prefix: 'data/',
  versions: true,
  source: { kind: 'listing' },
  region: 'us-east-1',
  status: 'done',
  startedAt: '2026-12-06T00:00:00Z',
  keysSeen: 6,
  keysPerSecond: 1,
  current: { objects: 4, bytes: 1310 },
  noncurrent: { objects: 1, bytes: 9, byClass: { STANDARD: 9 } },
  deleteMarkers: 1,
  children: [
    { prefix: 'data/a, "b"/', objects: 2, bytes: 1300, byClass: { STANDARD: 300, GLACIER: 1000 } },
    { prefix: '', objects: 2, bytes: 10, byClass: { STANDARD: 10 } },
  ],
  cells: [
    { storageClass: 'GLACIER', age: 'over-1y', objects: 1, bytes: 1000, transitionBytes: 0 },
    { storageClass: 'STANDARD', age: 'under-30d', objects: 3, bytes: 310, transitionBytes: 0 },
  ],
  uploads: { uploads: 1, parts: 2, bytes: 77, atLeast: false },
  changedDuringCount: 0,
  oddKeys: 0,
};

describe('summaryCsv', () => {
  it('shows control characters in a sub-prefix name escaped', () => {
    expect(childLabel('data/bell\u0007/', 'data/')).toBe('bell\\x07/');
  });

  it('writes sub-prefixes with bytes per class, class × age, versions and uploads apart', () => {
    expect(summaryCsv(summary).split('\n')).toEqual([
      'prefix,objects,bytes,bytes STANDARD,bytes GLACIER',
      '"a, ""b""/",2,1300,300,1000',
      '(objects in this folder),2,10,10,0',
      '',
      'storage class,age,objects,bytes',
      'GLACIER,> 1 year,1,1000',
      'STANDARD,< 30 days,3,310',
      '',
      'noncurrent versions,1,9',
      'delete markers,1,0',
      'incomplete uploads (parts),2,77',
      '',
    ]);
  });
});
