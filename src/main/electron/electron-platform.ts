import { app, type BrowserWindow, clipboard, dialog, nativeImage, shell } from 'electron';
import type { Platform } from '../platform/platform';
import { isSignInPageUrl } from '../security/url-policy';
import { utilityEngine } from './utility-engine';

/** The desktop's clipboard, native dialogs and browser, behind the Platform interface. */
export function electronPlatform(getWindow: () => BrowserWindow | undefined, dragIcon: string): Platform {
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
    async pickSaveFile({ title, defaultName }) {
      const options = {
        title,
        ...(defaultName ? { defaultPath: defaultName } : {}),
        filters: [{ name: 'JSON', extensions: ['json'] }],
      };
      const result = await withWindow(
        (win) => dialog.showSaveDialog(win, options),
        () => dialog.showSaveDialog(options),
      );
      return result.canceled ? null : (result.filePath ?? null);
    },
    async pickOpenFile({ title }) {
      const options = {
        title,
        filters: [{ name: 'JSON', extensions: ['json'] }],
        properties: ['openFile'] as Array<'openFile'>,
      };
      const result = await withWindow(
        (win) => dialog.showOpenDialog(win, options),
        () => dialog.showOpenDialog(options),
      );
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    startDrag(files) {
      const [first] = files;
      const contents = getWindow()?.webContents;
      if (!first || !contents) return;
      // The OS shows the icon under the pointer; macOS refuses a drag without one.
      contents.startDrag({
        file: first,
        files: [...files],
        icon: nativeImage.createFromPath(dragIcon).resize({ width: 48 }),
      });
    },
    startEngine: utilityEngine(),
    async openExternal(url) {
      // The renderer's requests are https only (schema); loopback http is for main's own sign-in pages.
      if (!isSignInPageUrl(url)) throw new Error('Refused to open a URL that is not plain https.');
      await shell.openExternal(url);
    },
  };
}
