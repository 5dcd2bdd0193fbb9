import { realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { AppFailure } from '../../shared/errors/app-error';

/**
 * What a granted path may be used for: `read` — uploaded (picked in main's file dialog, or
 * dropped from the OS); `write` — a download target (picked in main's folder dialog).
 */
export type GrantKind = 'read' | 'write';

/**
 * Compared exactly, even where the file system ignores case: the renderer names paths as main
 * handed them out, so refusing a differently cased alias costs nothing and folding could
 * admit a sibling on a case-sensitive volume.
 */
const isWithin = (root: string, path: string): boolean =>
  path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * The path with `.`/`..` resolved and the symbolic links of its existing part followed, so a
 * link inside a granted tree that points out of it resolves to where it really leads. A part
 * that does not exist yet (a download folder to be created) is appended as written.
 *
 * `followLast: false` leaves the final name as it is. Uploads compare that way, because the
 * walk that reads them (transfers/walk-paths.ts) never follows a link: a dropped link, or a
 * link inside a dropped folder, is left out, so granting or naming one reaches nothing beyond.
 */
export async function canonicalPath(path: string, followLast = true): Promise<string> {
  const absolute = resolve(path);
  const parent = dirname(absolute);
  if (!followLast)
    return parent === absolute ? absolute : join(await canonicalPath(parent), basename(absolute));
  const missing: string[] = [];
  for (let current = absolute; ; current = dirname(current)) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTDIR: a file in the middle of the path; the rest cannot exist either.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(current) === current) return absolute;
      missing.push(basename(current));
    }
  }
}

/**
 * Paths the user handed to main: the answers of main's own dialogs and the items of a real
 * OS drop. The renderer is untrusted, so a path it names is used only when it lies inside one
 * of these (a granted folder grants its whole tree). One instance lives as long as the window's
 * services, so the grants survive a reload of the page but not a restart of the app.
 */
export class PathGrants {
  readonly #roots: Record<GrantKind, string[]> = { read: [], write: [] };

  /** Records `paths` as granted; returns them resolved (absolute, without `..`). */
  async grant(kind: GrantKind, paths: readonly string[]): Promise<readonly string[]> {
    const granted: string[] = [];
    for (const path of paths) {
      const absolute = resolve(path);
      const canonical = await canonicalPath(absolute, kind === 'write');
      if (!this.#roots[kind].includes(canonical)) this.#roots[kind].push(canonical);
      granted.push(absolute);
    }
    return granted;
  }

  /** `alsoRoot`: a folder main itself trusts besides the grants (the settings' download folder). */
  async allows(kind: GrantKind, path: string, alsoRoot?: string): Promise<boolean> {
    const canonical = await canonicalPath(path, kind === 'write');
    const roots =
      alsoRoot === undefined ? this.#roots[kind] : [...this.#roots[kind], await canonicalPath(alsoRoot)];
    return roots.some((root) => isWithin(root, canonical));
  }

  /** Throws a clear AppFailure naming the first path that was never handed out. */
  async require(kind: GrantKind, paths: readonly string[], alsoRoot?: string): Promise<void> {
    for (const path of paths) {
      if (await this.allows(kind, path, alsoRoot)) continue;
      throw new AppFailure(
        'unauthorized',
        kind === 'read'
          ? `Refused to upload ${path}: it was not chosen in a file dialog or dropped on the window.`
          : `Refused to write to ${path}: it is not the download folder or a folder chosen in a dialog.`,
        {
          details: { path },
          hints: [
            kind === 'read'
              ? 'Use Upload ▾ or drop the files on the window again.'
              : 'Choose the folder with Download (or in Settings) again.',
          ],
        },
      );
    }
  }
}

/**
 * The items of a browser-shell drop: names relative to the folder that stands for the
 * desktop, resolved there. A name that would leave that folder (`..`, an absolute path) is
 * dropped, as an OS drop could never produce it.
 */
export function resolveInsideDropRoot(dropRoot: string, names: readonly string[]): readonly string[] {
  const root = resolve(dropRoot);
  return names.flatMap((name) => {
    if (name === '' || name.includes('\0')) return [];
    const full = resolve(root, name);
    return full !== root && full.startsWith(root + sep) ? [full] : [];
  });
}
