import type { TransferItem, TransferStatus } from '../../../shared/models/transfer';

const STATUS_LABEL: Readonly<Record<TransferStatus, string>> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  'waiting-credentials': 'Waiting for credentials',
  'waiting-conflict': 'Waiting for your choice',
  interrupted: 'Interrupted',
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const retriesText = (n: number): string => (n === 1 ? '1 retry' : `${n} retries`);

/**
 * The row's status, saying what the network did to it: "Retrying (2/5): connection reset" while a
 * part is tried again, "Done after 3 retries" once it came through anyway, "Failed after 4 retries".
 */
export function statusText(item: TransferItem): string {
  if (item.status === 'running' && item.retry)
    return `Retrying (${item.retry.attempt}/${item.retry.of}): ${item.retry.reason}`;
  const retries = item.retries ?? 0;
  if (retries > 0 && (item.status === 'done' || item.status === 'failed'))
    return `${STATUS_LABEL[item.status]} after ${retriesText(retries)}`;
  return STATUS_LABEL[item.status];
}
