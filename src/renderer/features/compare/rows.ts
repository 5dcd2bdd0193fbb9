import type { CompareRow, RowReason, RowStatus } from '../../../shared/models/compare';

export const statusLabels: Readonly<Record<RowStatus, string>> = {
  'only-left': 'Only left',
  'only-right': 'Only right',
  different: 'Different',
  undecided: 'Undecided',
  same: 'Same',
};

export const reasonLabels: Readonly<Record<RowReason, string>> = {
  size: 'size',
  etag: 'ETag',
  checksum: 'checksum',
  'last-modified': 'newer on the left',
  'part-layout': 'multipart ETags of other part layouts',
  kms: 'SSE-KMS ETags are not MD5s',
  'not-hashed': 'no hash to compare',
  'checksum-algorithm': 'checksums of other algorithms',
  'checksum-layout': 'composite checksums of other part layouts',
  'checksum-unread': 'checksums could not be read',
  'deep-check': 'bytes differ (deep check)',
};

/** A reason in words, with the algorithms it is about. */
function reasonText(row: CompareRow, reason: RowReason): string {
  if (reason === 'checksum' && row.checksum) return `checksum (${row.checksum})`;
  if (reason === 'checksum-algorithm')
    return `checksums of other algorithms (${row.left?.checksumAlgorithm} left, ${row.right?.checksumAlgorithm} right)`;
  return reasonLabels[reason];
}

/**
 * What the status column says: the status, and why when it is not plain; an undecided row also
 * says what decides it (reading the bytes: Deep check).
 */
export function describeRow(row: CompareRow): string {
  if (row.reasons.length === 0) return statusLabels[row.status];
  const why = `${statusLabels[row.status]}: ${row.reasons.map((r) => reasonText(row, r)).join(', ')}`;
  return row.status === 'undecided' ? `${why} — a deep check decides` : why;
}
