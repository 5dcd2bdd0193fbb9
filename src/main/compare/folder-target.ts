import { toSafeRelativePath } from '../transfers/safe-name';
import type { PlannedRows } from './sync-plan';

/**
 * A plan into a local folder: each key is written under its own name or not at all. A key that
 * is not a safe file name as it stands (`..`, `//`, control characters, names Windows refuses)
 * is left out with the reason, rather than renamed onto another file; and files only in the
 * folder are never deleted.
 */
export function intoFolder(rows: PlannedRows): PlannedRows {
  const leftOut = [...rows.leftOut];
  let leftOutMore = rows.leftOutMore;
  const leave = (key: string, reason: string) => {
    if (leftOut.length < 200) leftOut.push({ key, reason });
    else leftOutMore++;
  };
  const copies = rows.copies.filter((copy) => {
    const safe = toSafeRelativePath(copy.key);
    if (safe && safe.renamedFrom === undefined) return true;
    leave(
      copy.key,
      safe
        ? `not a safe file name as it stands (it would be saved as ${safe.relative}): left out`
        : 'names no file: left out',
    );
    return false;
  });
  for (const key of rows.deletes) leave(key, 'only in the folder: files are never deleted by a sync');
  const bytes = copies.reduce((sum, c) => sum + c.size, 0);
  return { copies, deletes: [], bytes, leftOut, leftOutMore };
}

export const folderCare = [
  'Each file is written to a temporary name and renamed into place, never outside the folder.',
  'An object already in the folder that the plan did not name is asked about, never replaced silently.',
];
