import { homedir } from 'node:os';
import { join } from 'node:path';
import { type Env, envValue } from '../profiles/read-config-files';

/**
 * The folder Electron's `app.getPath('userData')` names for this app: its `appData` folder
 * (`%APPDATA%` on Windows, `~/Library/Application Support` on macOS, `$XDG_CONFIG_HOME` or
 * `~/.config` elsewhere) plus the app's name (package.json `productName`, else `name`). The
 * browser shell keeps its settings, bookmarks and transfer journal there too, so both shells
 * share them.
 */
export function electronUserDataFolder(env: Env, platform: NodeJS.Platform, appName: string): string {
  const home = envValue(env, 'HOME') ?? envValue(env, 'USERPROFILE') ?? homedir();
  const appData =
    platform === 'win32'
      ? (envValue(env, 'APPDATA') ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (envValue(env, 'XDG_CONFIG_HOME') ?? join(home, '.config'));
  return join(appData, appName);
}

/** Electron's app name from the project's package.json. */
export const electronAppName = (pkg: { readonly name: string; readonly productName?: string }): string =>
  pkg.productName ?? pkg.name;
