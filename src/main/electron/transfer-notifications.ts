import { type BrowserWindow, Notification } from 'electron';
import { createLongJobWatcher, describeFinishedJob, LONG_JOB_MS } from '../../shared/long-transfers';
import type { TransferSnapshot } from '../../shared/models/transfer';
import type { EventHub } from '../events/event-sink';

/**
 * The OS notification when a long transfer finishes while the window is in the background.
 * Main shows it, so the renderer needs no notification permission (all permissions stay denied).
 */
export function notifyLongTransfers(hub: EventHub, getWindow: () => BrowserWindow | undefined): () => void {
  const watcher = createLongJobWatcher(LONG_JOB_MS);
  return hub.add({
    emit: (event, payload) => {
      if (event !== 'transfersChanged') return;
      const jobs = watcher.observe(payload as TransferSnapshot, Date.now());
      if (jobs.length === 0 || getWindow()?.isFocused() || !Notification.isSupported()) return;
      for (const job of jobs) new Notification(describeFinishedJob(job)).show();
    },
  });
}
