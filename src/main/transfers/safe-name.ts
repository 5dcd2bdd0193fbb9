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
