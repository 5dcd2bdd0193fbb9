import { lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { AppFailure } from '../../shared/errors/app-error';

/** Resolves a safe relative path under `dir`, refusing anything that would land outside it. */
export function resolveInside(dir: string, relative: string): string {
  const root = resolve(dir);
  const full = resolve(root, ...relative.split('/'));
  if (!full.startsWith(root.endsWith(sep) ? root : root + sep)) {
    throw new AppFailure('unsafe-key', `Refused to write outside the download folder: ${relative}`);
  }
  return full;
}

const isWithin = (root: string, path: string): boolean => path === root || path.startsWith(root + sep);

/** The deepest of `path` and its parents that exists, unresolved. */
async function deepestExisting(path: string): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    try {
      await lstat(current);
      return current;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(current) === current) throw err;
    }
  }
}

/**
 * Creates `dir` (inside `root`) unless a symbolic link on the way leads out of `root`: a key
 * such as `link/file` must not write wherever a link in the download folder points. Checked
 * before creating anything, so no folder appears outside, and again after, for a link swapped in meanwhile.
 */
export async function ensureDirInside(root: string, dir: string): Promise<void> {
  const refuse = (): never => {
    throw new AppFailure('unsafe-key', `Refused to follow a link out of the download folder: ${dir}`);
  };
  // Usually the folder exists (every file of a folder after its first): then one look at where
  // it really is answers, where the full walk below cost six file-system calls per file.
  const real = await realpath(dir).catch(() => undefined);
  if (real !== undefined) {
    if (!isWithin(await realpath(root), real)) refuse();
    return;
  }
  const existing = await deepestExisting(resolve(dir));
  // Only what exists inside the folder can be a link; above it is the user's own business.
  if (isWithin(resolve(root), existing) && !isWithin(await realpath(root), await realpath(existing)))
    refuse();
  await mkdir(dir, { recursive: true });
  if (!isWithin(await realpath(root), await realpath(dir))) refuse();
}
