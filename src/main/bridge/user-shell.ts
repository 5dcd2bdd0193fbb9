import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOKMARKS_FILE } from '../bookmarks/bookmark-store';
import { type Env, envValue } from '../profiles/read-config-files';
import { RECENT_ROLES_FILE } from '../sessions/recent-roles';
import { SETTINGS_FILE } from '../settings/settings-store';
import { RECENT_SSO_ROLES_FILE } from '../sso/recent-sso-roles';
import { electronUserDataFolder } from './app-data-folder';
import { type BrowserShell, startBrowserShell } from './browser-shell';
import { claimDataFolder } from './data-folder-lock';
import { COPIES_TO, describeUserShell, NO_DROP_FOLDER } from './user-shell-text';

/**
 * `npm run start:browser`: the browser shell on the user's own AWS configuration, where
 * Electron's binary is missing. The same services as the desktop app (process environment,
 * the app's data folder) behind the loopback bridge; what a page cannot do (dialogs, the
 * clipboard, drag-out, opening the system browser) is said in the terminal instead.
 */
export interface UserShellOptions {
  readonly env: Env;
  /** The project's build output (`out/`). */
  readonly outDir: string;
  readonly version: string;
  /** Electron's name for the app, which names its data folder. */
  readonly appName: string;
  readonly platform: NodeJS.Platform;
  /** The port to listen on; when it is taken, another is used and the intro says which. */
  readonly port: number;
  /** Where dropped files are looked up; without one, nothing can be dropped (and so uploaded). */
  readonly dropFolder?: string;
  /** The terminal that started the shell. */
  readonly print: (text: string) => void;
}

export interface UserShell {
  readonly shell: BrowserShell;
  /** What to print first: the configuration, what works differently, the URL. */
  readonly intro: string;
  /** Whether this run keeps its data in a folder of its own (another Crossbucket had the app's). */
  readonly temporaryData: boolean;
  close(): Promise<void>;
}

/** What the desktop app keeps that a second shell starts from (not the transfer journal). */
const SHARED_FILES = [SETTINGS_FILE, BOOKMARKS_FILE, RECENT_ROLES_FILE, RECENT_SSO_ROLES_FILE];

interface DataFolder {
  readonly dir: string;
  /** Who holds the app's own data folder when this run could not have it. */
  readonly elsewhere?: { readonly appDataDir: string; readonly heldBy: string };
  release(): void;
}

function takeDataFolder(appDataDir: string): DataFolder {
  mkdirSync(appDataDir, { recursive: true });
  const claim = claimDataFolder(appDataDir);
  if (claim.claimed) return { dir: appDataDir, release: claim.release };
  // Another Crossbucket has it: this run starts from a copy of its settings and bookmarks in a
  // folder of its own, so neither resumes the other's transfers or overwrites its files.
  const dir = mkdtempSync(join(tmpdir(), 'crossbucket-shell-'));
  for (const name of SHARED_FILES) {
    const from = join(appDataDir, name);
    if (existsSync(from)) copyFileSync(from, join(dir, name));
  }
  return {
    dir,
    elsewhere: { appDataDir, heldBy: claim.heldBy },
    release: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function startUserShell(options: UserShellOptions): Promise<UserShell> {
  const { env, print } = options;
  const data = takeDataFolder(electronUserDataFolder(env, options.platform, options.appName));
  let shell: BrowserShell;
  try {
    shell = await startBrowserShell({
      env,
      outDir: options.outDir,
      dataDir: data.dir,
      version: options.version,
      port: options.port,
      movePortIfTaken: true,
      ...(options.dropFolder ? { dropRoot: options.dropFolder } : { noDropRoot: NO_DROP_FOLDER }),
      browser: (url) =>
        print(`\nCrossbucket asks your browser to open this page; open it yourself:\n\n  ${url}\n`),
      copies: {
        to: COPIES_TO,
        receive: (text) => print(`\nCopied in Crossbucket (kept out of the browser page):\n${text}\n`),
      },
      dragged: (files) =>
        print(
          `\nA browser page cannot drag files to your desktop; the rows were downloaded here instead (a temporary folder, removed at the latest when the browser shell stops: use Download to keep them):\n${files.map((f) => `  ${f}`).join('\n')}\n`,
        ),
    });
  } catch (err) {
    data.release();
    throw err;
  }
  const intro = describeUserShell({
    env,
    profileVariable: envValue(env, 'AWS_PROFILE'),
    dataDir: data.dir,
    elsewhere: data.elsewhere,
    dropFolder: options.dropFolder,
    askedPort: options.port,
    port: shell.bridge.port,
    url: shell.bridge.url,
  });
  return {
    shell,
    intro,
    temporaryData: data.elsewhere !== undefined,
    close: async () => {
      await shell.close();
      data.release();
    },
  };
}
