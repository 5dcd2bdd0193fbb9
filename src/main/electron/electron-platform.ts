import { app, type BrowserWindow, clipboard, dialog, shell } from 'electron';
import type { Platform } from '../platform/platform';
import { isSafeExternalUrl } from '../security/url-policy';

/** The desktop's clipboard, native dialogs and browser, behind the Platform interface. */
export function electronPlatform(getWindow: () => BrowserWindow | undefined): Platform {
  const withWindow = <T>(
    show: (win: BrowserWindow) => Promise<T>,
    fallback: () => Promise<T>,
  ): Promise<T> => {
    const win = getWindow();
    return win ? show(win) : fallback();
  };
  return {
    info: { version: app.getVersion(), platform: process.platform, shell: 'electron' },
    dataDir: app.getPath('userData'),
    clipboard: {
      writeText: (text) => clipboard.writeText(text),
      receipt: { copied: true, onClipboard: true, copiedTo: 'the clipboard' },
    },
    async pickUploadPaths(kind) {
      const properties: Array<'openFile' | 'openDirectory' | 'multiSelections'> =
        kind === 'files' ? ['openFile', 'multiSelections'] : ['openDirectory', 'multiSelections'];
      const options = { title: kind === 'files' ? 'Upload files' : 'Upload folders', properties };
      const result = await withWindow(
        (win) => dialog.showOpenDialog(win, options),
        () => dialog.showOpenDialog(options),
      );
      return result.canceled ? [] : result.filePaths;
    },
    async pickDirectory(title) {
      const options = {
        title: title ?? 'Choose a folder',
        properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'>,
      };
      const result = await withWindow(
        (win) => dialog.showOpenDialog(win, options),
        () => dialog.showOpenDialog(options),
      );
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async openExternal(url) {
      if (!isSafeExternalUrl(url)) throw new Error('Refused to open a URL that is not plain https.');
      await shell.openExternal(url);
    },
  };
}
