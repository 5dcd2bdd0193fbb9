import { linkSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * One process at a time in the app's data folder: two that both restore the transfer journal
 * would both resume the same transfers and overwrite each other's journal and bookmarks.
 * The desktop app holds Chromium's `SingletonLock` there (a symbolic link to `<host>-<pid>`,
 * on Linux and macOS); a browser shell holds `browser-shell.lock` (its pid).
 */
export const SHELL_LOCK_FILE = 'browser-shell.lock';
const ELECTRON_LOCK = 'SingletonLock';

export type DataFolderClaim =
  | { readonly claimed: true; release(): void }
  | { readonly claimed: false; readonly heldBy: string };

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The pid of the desktop app running on this folder, if one is. */
function electronHolder(dir: string): number | undefined {
  let target: string;
  try {
    target = readlinkSync(join(dir, ELECTRON_LOCK));
  } catch {
    return undefined;
  }
  const match = /^(.*)-(\d+)$/.exec(target);
  if (!match || match[1] !== hostname()) return undefined;
  const pid = Number(match[2]);
  return isAlive(pid) ? pid : undefined;
}

/** The pid of the other browser shell running on this folder, if one is. */
function shellHolder(file: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

/** The pid of a browser shell running on this folder (the desktop app does not start then). */
export const browserShellIn = (dir: string): number | undefined => shellHolder(join(dir, SHELL_LOCK_FILE));

export function claimDataFolder(dir: string): DataFolderClaim {
  const desktop = electronHolder(dir);
  if (desktop !== undefined) return { claimed: false, heldBy: `the desktop app (pid ${desktop})` };
  const file = join(dir, SHELL_LOCK_FILE);
  // Written whole under a private name, then linked into place: a shell starting at the same
  // moment sees either no lock or a complete one, never an empty file it would take over.
  const mine = join(dir, `${SHELL_LOCK_FILE}.${process.pid}`);
  writeFileSync(mine, `${process.pid}\n`, { mode: 0o600 });
  try {
    return linkLock(mine, file);
  } finally {
    rmSync(mine, { force: true });
  }
}

function linkLock(mine: string, file: string): DataFolderClaim {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      linkSync(mine, file);
      return {
        claimed: true,
        release: () => {
          if (shellHolder(file) === undefined) rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const other = shellHolder(file);
      if (other !== undefined) return { claimed: false, heldBy: `another browser shell (pid ${other})` };
      // Left by a shell that was killed: take it over.
      rmSync(file, { force: true });
    }
  }
  return { claimed: false, heldBy: 'another browser shell' };
}
