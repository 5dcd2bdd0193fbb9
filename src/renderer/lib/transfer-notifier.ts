/**
 * An OS notification when a long transfer finishes while the user is elsewhere. Uses the
 * web Notification API, which only shows when the embedder grants the permission. Electron's
 * main process denies every permission request, so there main shows the notification itself
 * (src/main/electron/transfer-notifications.ts) and this one stays silent.
 */

import { createLongJobWatcher, describeFinishedJob, LONG_JOB_MS } from '../../shared/long-transfers';
import { onEvent } from './api';

export function startTransferNotifier(): () => void {
  const watcher = createLongJobWatcher(LONG_JOB_MS);
  return onEvent('transfersChanged', (snapshot) => {
    const jobs = watcher.observe(snapshot, Date.now());
    // The panel already says it when the window has focus.
    if (jobs.length === 0 || document.hasFocus()) return;
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    for (const job of jobs) {
      const { title, body } = describeFinishedJob(job);
      new Notification(title, { body, tag: job.jobId });
    }
  });
}
