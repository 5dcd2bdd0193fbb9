import type { ObjectEntry } from '../../../shared/models/s3';
import { nameOf } from './address';

export type SortColumn = 'name' | 'size' | 'modified';

export interface SortOrder {
  readonly column: SortColumn;
  readonly descending: boolean;
}

/**
 * Binary order on code units, which matches S3's listing order for nearly all keys and is
 * what users comparing against the CLI expect; locale collation would reorder `_`, `-`, case.
 */
const byKey = (a: ObjectEntry, b: ObjectEntry): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

const comparators: Readonly<Record<SortColumn, (a: ObjectEntry, b: ObjectEntry) => number>> = {
  name: byKey,
  size: (a, b) => (a.size ?? 0) - (b.size ?? 0) || byKey(a, b),
  modified: (a, b) => (a.lastModified ?? '').localeCompare(b.lastModified ?? '') || byKey(a, b),
};

/**
 * The rows the list shows: folders always first, then the chosen order, then the
 * filter-as-you-type on names. Runs over up to a million entries, so it avoids sorting
 * when the listing's own order already is the answer (name, ascending).
 */
export function visibleRows(
  entries: readonly ObjectEntry[],
  prefix: string,
  sort: SortOrder,
  filter: string,
): readonly ObjectEntry[] {
  const needle = filter.toLowerCase();
  const folders: ObjectEntry[] = [];
  const objects: ObjectEntry[] = [];
  for (const entry of entries) {
    if (needle !== '' && !nameOf(entry, prefix).toLowerCase().includes(needle)) continue;
    (entry.kind === 'folder' ? folders : objects).push(entry);
  }
  // Folders have no size or date; they stay ordered by name except when names are reversed.
  if (sort.column === 'name') {
    if (!isSorted(folders)) folders.sort(byKey);
    if (!isSorted(objects)) objects.sort(byKey);
    if (sort.descending) {
      folders.reverse();
      objects.reverse();
    }
  } else {
    if (!isSorted(folders)) folders.sort(byKey);
    const compare = comparators[sort.column];
    objects.sort(sort.descending ? (a, b) => compare(b, a) : compare);
  }
  return folders.concat(objects);
}

function isSorted(list: readonly ObjectEntry[]): boolean {
  for (let i = 1; i < list.length; i++) {
    if (byKey(list[i - 1]!, list[i]!) > 0) return false;
  }
  return true;
}
