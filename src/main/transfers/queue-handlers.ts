import type { Handlers } from '../ipc/dispatcher';
import type { TransferQueue } from './transfer-queue';

type QueueRequests =
  | 'listTransfers'
  | 'pauseTransfers'
  | 'resumeTransfers'
  | 'cancelTransfers'
  | 'retryTransfers'
  | 'clearFinishedTransfers'
  | 'resolveConflict';

/** The transfers panel's requests: each acts on the queue, whose snapshot events say what changed. */
export const queueHandlers = (transfers: TransferQueue): Pick<Handlers, QueueRequests> => ({
  listTransfers: async () => transfers.snapshot(),
  pauseTransfers: async ({ ids }) => {
    transfers.pause(ids);
    return null;
  },
  resumeTransfers: async ({ ids }) => {
    await transfers.resume(ids);
    return null;
  },
  cancelTransfers: async ({ ids }) => {
    transfers.cancel(ids);
    return null;
  },
  retryTransfers: async ({ ids }) => {
    transfers.retry(ids);
    return null;
  },
  clearFinishedTransfers: async () => {
    transfers.clearFinished();
    return null;
  },
  resolveConflict: async ({ conflictId, choice, applyToAll }) => {
    transfers.resolveConflict(conflictId, choice, applyToAll);
    return null;
  },
});
