import type { TransferItem } from '../../../shared/models/transfer';

const segments = (path: string): string[] => path.split(/[\\/]/).filter(Boolean);

/**
 * What a row calls its source. An upload's is an absolute path deep in the user's disk; the
 * part that also ends its key (the dropped item and what lies below it) says which file it is.
 * A name changed by "keep both" shares no ending, so the file name alone is shown.
 */
export function shownSource(item: TransferItem): string {
  if (item.direction !== 'upload') return item.source;
  const local = segments(item.source);
  const key = segments(item.target.replace(/^s3:\/\/[^/]+\/?/, ''));
  let shared = 0;
  while (
    shared < local.length &&
    shared < key.length &&
    // Keys are NFC; macOS paths may be NFD.
    local[local.length - 1 - shared]?.normalize('NFC') === key[key.length - 1 - shared]
  ) {
    shared += 1;
  }
  return local.slice(local.length - Math.max(shared, 1)).join('/');
}
