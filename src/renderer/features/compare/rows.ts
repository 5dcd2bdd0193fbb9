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

/** What the status column says: the status, and why when it is not plain. */
export const describeRow = (row: CompareRow): string =>
  row.reasons.length === 0
    ? statusLabels[row.status]
    : `${statusLabels[row.status]}: ${row.reasons.map((r) => reasonLabels[r]).join(', ')}`;
