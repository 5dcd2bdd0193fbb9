/**
 * Spots transfer jobs that ran long and just finished, from successive `transfersChanged`
 * snapshots. Pure (no DOM), so the timing rules are tested without a window.
 */
import { formatBytes } from './format-bytes';
import type { TransferDirection, TransferItem, TransferSnapshot, TransferStatus } from './models/transfer';

export interface FinishedJob {
  readonly jobId: string;
  readonly direction: TransferDirection;
  readonly items: number;
  readonly failed: number;
  readonly bytes: number;
  readonly elapsedMs: number;
}

const finished: ReadonlySet<TransferStatus> = new Set(['done', 'skipped', 'failed', 'cancelled']);

/**
 * `observe` returns the jobs that finished since the last snapshot after running at least
 * `thresholdMs`. A job first seen already finished (the window opened late) never counts:
 * its start time is unknown.
 */
export function createLongJobWatcher(thresholdMs: number) {
  const started = new Map<string, number>();
  return {
    observe(snapshot: TransferSnapshot, now: number): FinishedJob[] {
      const jobs = new Map<string, TransferItem[]>();
      for (const item of snapshot.items) jobs.set(item.jobId, [...(jobs.get(item.jobId) ?? []), item]);
      const result: FinishedJob[] = [];
      for (const [jobId, items] of jobs) {
        const done = items.every((item) => finished.has(item.status));
        const since = started.get(jobId);
        if (!done) {
          if (since === undefined) started.set(jobId, now);
          continue;
        }
        if (since === undefined) continue;
        started.delete(jobId);
        if (now - since < thresholdMs) continue;
        result.push({
          jobId,
          direction: items[0]?.direction ?? 'upload',
          items: items.length,
          failed: items.filter((item) => item.status === 'failed').length,
          bytes: items.reduce((sum, item) => sum + item.bytesDone, 0),
          elapsedMs: now - since,
        });
      }
      // Jobs cleared from the list are forgotten, so the map cannot grow without bound.
      for (const jobId of started.keys()) if (!jobs.has(jobId)) started.delete(jobId);
      return result;
    },
  };
}

/** Shorter jobs finish while the user is still watching; a notification would be noise. */
export const LONG_JOB_MS = 10_000;

const verbs = { upload: 'Upload', download: 'Download', copy: 'Copy' } as const;

/** The words of the OS notification for a finished job, the same in Electron and the browser. */
export function describeFinishedJob(job: FinishedJob): { readonly title: string; readonly body: string } {
  const files = `${job.items} ${job.items === 1 ? 'file' : 'files'}`;
  const title =
    job.failed > 0 ? `${verbs[job.direction]} finished with errors` : `${verbs[job.direction]} finished`;
  const body =
    job.failed > 0
      ? `${job.failed} of ${files} failed.`
      : `${files}, ${formatBytes(job.bytes)} in ${Math.round(job.elapsedMs / 1000)} s.`;
  return { title, body };
}
