/**
 * An OS notification when a long transfer finishes while the user is elsewhere. Uses the
 * web Notification API, which only shows when the embedder grants the permission: Electron's
 * main process denies every permission request, so in the desktop app this stays silent
 * until main offers its own notifier (see the polish notes); in a browser it works as is.
 */

import { createLongJobWatcher, type FinishedJob } from '../../shared/long-transfers';
import { formatBytes } from '../components/format';
import { onEvent } from './api';

/** Shorter jobs finish while the user is still watching; a notification would be noise. */
const LONG_JOB_MS = 10_000;

const verbs = { upload: 'Upload', download: 'Download', copy: 'Copy' } as const;

function wordsFor(job: FinishedJob): { title: string; body: string } {
  const files = `${job.items} ${job.items === 1 ? 'file' : 'files'}`;
  const title =
    job.failed > 0 ? `${verbs[job.direction]} finished with errors` : `${verbs[job.direction]} finished`;
  const body =
    job.failed > 0
      ? `${job.failed} of ${files} failed.`
      : `${files}, ${formatBytes(job.bytes)} in ${Math.round(job.elapsedMs / 1000)} s.`;
  return { title, body };
}

export function startTransferNotifier(): () => void {
  const watcher = createLongJobWatcher(LONG_JOB_MS);
  return onEvent('transfersChanged', (snapshot) => {
    const jobs = watcher.observe(snapshot, Date.now());
    // The panel already says it when the window has focus.
    if (jobs.length === 0 || document.hasFocus()) return;
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    for (const job of jobs) {
      const { title, body } = wordsFor(job);
      new Notification(title, { body, tag: job.jobId });
    }
  });
}
