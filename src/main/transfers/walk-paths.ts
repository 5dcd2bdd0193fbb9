import { lstat, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { keyPart } from './key-part';

/** One thing to upload: a file, or an empty folder that becomes a zero-byte `name/` object. */
export interface UploadEntry {
  readonly kind: 'file' | 'folder';
  readonly localPath: string;
  /** The key below the target prefix, '/'-separated; folders end with '/'. */
  readonly relativeKey: string;
  readonly size: number;
}

export interface WalkResult {
  readonly entries: readonly UploadEntry[];
  readonly notices: readonly string[];
}

/** Why a dropped or picked item could not be read, in words rather than an errno code. */
function whyUnreadable(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'not found (moved or deleted since it was chosen?), so it was left out';
    case 'EACCES':
    case 'EPERM':
      return 'you do not have permission to read it, so it was left out';
    case 'ELOOP':
    case 'ENAMETOOLONG':
      return 'its path is too long or loops, so it was left out';
    case 'EBUSY':
      return 'it is locked by another program, so it was left out';
    default:
      return 'it could not be read, so it was left out';
  }
}

/**
 * Expands dropped paths into files to upload, keeping each folder's own name as the first
 * key segment (dropping /x/photos gives photos/a.jpg). Symbolic links are left out, so a
 * link loop or a link out of the folder cannot upload more than the user picked.
 */
export async function walkPaths(paths: readonly string[]): Promise<WalkResult> {
  const entries: UploadEntry[] = [];
  const notices: string[] = [];

  const visit = async (localPath: string, relativeKey: string): Promise<void> => {
    const stat = await lstat(localPath);
    if (stat.isSymbolicLink()) {
      notices.push(`${localPath}: symbolic link left out`);
    } else if (stat.isFile()) {
      entries.push({ kind: 'file', localPath, relativeKey, size: stat.size });
    } else if (stat.isDirectory()) {
      const children = (await readdir(localPath)).sort();
      if (children.length === 0)
        entries.push({ kind: 'folder', localPath, relativeKey: `${relativeKey}/`, size: 0 });
      for (const child of children)
        await visit(join(localPath, child), `${relativeKey}/${await keyPart(localPath, child)}`);
    } else {
      notices.push(`${localPath}: not a regular file, left out`);
    }
  };

  for (const path of paths) {
    try {
      await visit(path, await keyPart(dirname(path), basename(path)));
    } catch (err) {
      notices.push(`${path}: ${whyUnreadable(err)}.`);
    }
  }
  return { entries, notices };
}
