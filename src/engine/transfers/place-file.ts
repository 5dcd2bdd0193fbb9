import { constants } from 'node:fs';
import { copyFile, link, unlink } from 'node:fs/promises';

const isCode = (err: unknown, code: string): boolean => (err as NodeJS.ErrnoException).code === code;

/**
 * Moves a finished temporary file to `target` unless something is there already: a file
 * that appeared after the conflict check must not be replaced silently. `rename` would
 * replace it, so the move is a hard link (atomic, fails on an existing name) and an unlink.
 * File systems without hard links (FAT, some network shares) get an exclusive copy instead.
 * Returns false, leaving `temp` in place, when the target exists.
 */
export async function placeWithoutReplacing(temp: string, target: string): Promise<boolean> {
  try {
    await link(temp, target);
  } catch (err) {
    if (isCode(err, 'EEXIST')) return false;
    try {
      await copyFile(temp, target, constants.COPYFILE_EXCL);
    } catch (copyErr) {
      if (isCode(copyErr, 'EEXIST')) return false;
      throw copyErr;
    }
  }
  await unlink(temp);
  return true;
}
