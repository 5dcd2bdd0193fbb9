import {
  type TransferItem,
  type TransferStatus,
  unverifiedWords,
  type Verification,
  type VerifiedBy,
} from '../../../shared/models/transfer';

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

const VERIFIED_BY: Readonly<Record<VerifiedBy, string>> = {
  md5: "its bytes match the object's ETag (their MD5)",
  'multipart-etag': "its bytes match the object's ETag, part by part as the server uploaded them",
};

/** The words for a done download's verification: "Verified: …" or "Saved, not verified: …". */
export function verificationText(verification: Verification): string {
  return verification.state === 'verified'
    ? `Verified: ${VERIFIED_BY[verification.by]}.`
    : `Saved, not verified: ${unverifiedWords[verification.reason]}.`;
}

const retriesText = (n: number): string => (n === 1 ? '1 retry' : `${n} retries`);

/**
 * The row's status, saying what the network did to it: "Retrying (2/5): connection reset" while a
 * part is tried again, "Done after 3 retries" once it came through anyway, "Failed after 4 retries";
 * and for a done download whether its bytes were checked: "Done, verified" or "Saved, not verified".
 */
export function statusText(item: TransferItem): string {
  if (item.status === 'running' && item.retry)
    return `Retrying (${item.retry.attempt}/${item.retry.of}): ${item.retry.reason}`;
  const retries = item.retries ?? 0;
  const unverified = item.status === 'done' && item.verification?.state === 'not-verified';
  const label = unverified ? 'Saved, not verified' : STATUS_LABEL[item.status];
  const after =
    retries > 0 && (item.status === 'done' || item.status === 'failed')
      ? ` after ${retriesText(retries)}`
      : '';
  const verified = item.status === 'done' && item.verification?.state === 'verified' ? ', verified' : '';
  return `${label}${after}${verified}`;
}
