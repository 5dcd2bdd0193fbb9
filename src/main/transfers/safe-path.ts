import { lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { AppFailure } from '../errors/app-error';

/** A key turned into a path relative to the download folder, with its original when it was changed. */
export interface SafeRelativePath {
  /** Segments joined with '/'; never empty, never absolute, never containing '..'. */
  readonly relative: string;
  readonly renamedFrom?: string;
}

// Names Windows refuses whatever the extension; mapped everywhere so a download behaves the same on every OS.
const reservedName = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// Control characters and the characters Windows forbids in file names (the backslash would be a separator).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const forbiddenChars = /[\u0000-\u001f\u007f<>:"|?*\\]/g;

const mapSegment = (segment: string): string | undefined => {
  if (segment === '' || segment === '.') return undefined;
  if (segment === '..') return '__';
  let name = segment.replace(forbiddenChars, '_').replace(/[. ]+$/, '');
  if (name === '') name = '_';
  if (reservedName.test(name)) name = `_${name}`;
  return name;
};

/**
 * Maps an S3 key (already relative to the selected folder) to a path that stays inside the
 * download folder on every OS. Keys are arbitrary strings; the file system is not.
 * Returns undefined when nothing nameable is left (a key of only slashes and dots).
 */
export function toSafeRelativePath(key: string): SafeRelativePath | undefined {
  const segments = key.split('/').map(mapSegment);
  const kept = segments.filter((s): s is string => s !== undefined);
  if (kept.length === 0) return undefined;
  const relative = kept.join('/');
  // A trailing slash is how folder keys end; it is not a rename.
  const comparable = key.endsWith('/') ? key.slice(0, -1) : key;
  return relative === comparable ? { relative } : { relative, renamedFrom: key };
}

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
