import type { CompareRow, RowReason, RowStatus } from '../../../shared/models/compare';

/** The table shows this many matching rows; the counts always cover every row. */
export const SHOWN_ROWS = 1000;

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

export interface RowFilter {
  readonly statuses: ReadonlySet<RowStatus>;
  /** Matched anywhere in the key, ignoring case. */
  readonly text: string;
}

/** The rows the filter lets through, up to `limit`, and how many match in all. */
export function filterRows(
  rows: readonly CompareRow[],
  filter: RowFilter,
  limit = SHOWN_ROWS,
): { readonly shown: readonly CompareRow[]; readonly matching: number } {
  const text = filter.text.trim().toLowerCase();
  const shown: CompareRow[] = [];
  let matching = 0;
  for (const row of rows) {
    if (!filter.statuses.has(row.status)) continue;
    if (text && !row.key.toLowerCase().includes(text)) continue;
    matching++;
    if (shown.length < limit) shown.push(row);
  }
  return { shown, matching };
}

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
