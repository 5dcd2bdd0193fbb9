import { describe, expect, it } from 'vitest';
import { createLongJobWatcher } from '../../src/shared/long-transfers';
import {
  emptyTransferSnapshot,
  type TransferItem,
  type TransferSnapshot,
  type TransferStatus,
} from '../../src/shared/models/transfer';

const item = (jobId: string, id: string, status: TransferStatus, bytesDone = 10): TransferItem => ({
  id,
  jobId,
  direction: 'upload',
  source: `/tmp/${id}`,
  target: `s3://b/${id}`,
  sessionId: 's',
  bytesTotal: 10,
  bytesDone,
  status,
  rate: 0,
});

const snap = (...items: TransferItem[]): TransferSnapshot => ({ ...emptyTransferSnapshot, items });

describe('long transfer jobs', () => {
  it('reports a job that ran past the threshold once, when its last item settles', () => {
    const watcher = createLongJobWatcher(10_000);
    expect(watcher.observe(snap(item('j', 'a', 'running'), item('j', 'b', 'queued')), 0)).toEqual([]);
    expect(watcher.observe(snap(item('j', 'a', 'done'), item('j', 'b', 'running')), 8_000)).toEqual([]);
    const [job] = watcher.observe(snap(item('j', 'a', 'done'), item('j', 'b', 'failed', 4)), 12_000);
    expect(job).toMatchObject({ jobId: 'j', items: 2, failed: 1, bytes: 14, elapsedMs: 12_000 });
    expect(watcher.observe(snap(item('j', 'a', 'done'), item('j', 'b', 'failed')), 13_000)).toEqual([]);
  });

  it('ignores short jobs and jobs first seen already finished', () => {
    const watcher = createLongJobWatcher(10_000);
    watcher.observe(snap(item('quick', 'a', 'running')), 0);
    expect(watcher.observe(snap(item('quick', 'a', 'done'), item('old', 'b', 'done')), 3_000)).toEqual([]);
    expect(watcher.observe(snap(item('quick', 'a', 'done'), item('old', 'b', 'done')), 30_000)).toEqual([]);
  });

  it('times a job from when it was first seen running, even across a cleared list', () => {
    const watcher = createLongJobWatcher(10_000);
    watcher.observe(snap(item('j', 'a', 'running')), 0);
    watcher.observe(snap(), 5_000);
    watcher.observe(snap(item('j', 'a', 'running')), 6_000);
    expect(watcher.observe(snap(item('j', 'a', 'done')), 12_000)).toEqual([]);
  });
});
