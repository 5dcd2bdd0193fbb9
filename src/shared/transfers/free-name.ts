/** The extension of a file name as node:path's posix extname finds it (shared code runs without Node). */
const extname = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 && !/^\.+$/.test(name) ? name.slice(dot) : '';
};

/**
 * The "keep both" name: `photo.jpg` → `photo (1).jpg`, `archive` → `archive (1)`.
 * Works on the last segment only, so a dot in a folder name is not taken for an extension.
 */
export function numberedName(path: string, n: number): string {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  // A leading dot is a hidden file's name, not its extension.
  const ext = name.startsWith('.') && name.indexOf('.', 1) === -1 ? '' : extname(name);
  return `${dir}${name.slice(0, name.length - ext.length)} (${n})${ext}`;
}

/** The first `name (n).ext` for which `taken` says no. */
export async function firstFreeName(
  path: string,
  taken: (candidate: string) => Promise<boolean>,
  limit = 10_000,
): Promise<string> {
  for (let n = 1; n <= limit; n++) {
    const candidate = numberedName(path, n);
    if (!(await taken(candidate))) return candidate;
  }
  throw new Error(`No free name for ${path} after ${limit} tries`);
}
