import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { eventChannel } from '../shared/ipc/channels';
import { createServices } from './app/create-services';
import { browserShellIn } from './bridge/data-folder-lock';
import { installAppMenu } from './electron/app-menu';
import { registerAppScheme, serveAppScheme } from './electron/app-protocol';
import { electronPlatform } from './electron/electron-platform';
import { denyAllPermissions, guardWebContents } from './electron/guards';
import { registerIpcHandlers } from './electron/ipc-main';
import { startLinkHandoff } from './electron/link-handoff';
import { notifyLongTransfers } from './electron/transfer-notifications';
import { trustedSenderCheck } from './electron/trusted-sender';
import { mainWindowOptions } from './electron/web-preferences';
import { loadWindowState, saveWindowState } from './electron/window-state';
import { createDispatcher, createDropDispatcher } from './ipc/dispatcher';
import { log } from './security/log';
import { APP_URL } from './security/renderer-protocol';
import { isSafeExternalUrl } from './security/url-policy';

const here = fileURLToPath(new URL('.', import.meta.url));
const preloadPath = join(here, '../preload/index.cjs');
// Linux window managers show the window's own icon (and drags out show it); electron-builder
// copies it next to the asar.
const appIcon = app.isPackaged
  ? join(process.resourcesPath, 'icon.png')
  : join(here, '../../build/icons/512x512.png');
// The built page comes from the app's own scheme, never from file:// (`npm run dev` uses Vite's server).
const appUrl = process.env.ELECTRON_RENDERER_URL ?? APP_URL;

// Every renderer is sandboxed, including any a bug might create.
app.enableSandbox();
registerAppScheme(protocol);

let mainWindow: BrowserWindow | undefined;
let disposing: Promise<void> | undefined;
let disposed = false;
let links: ReturnType<typeof startLinkHandoff> | undefined;

const openExternal = (url: string): void => {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
};

async function start(): Promise<void> {
  // `npm run start:browser` runs the same services on this data folder; two processes there
  // would both resume the transfer journal and overwrite each other's files.
  const shellPid = browserShellIn(app.getPath('userData'));
  if (shellPid !== undefined) {
    dialog.showErrorBox(
      'Crossbucket is already open in a browser',
      `The browser shell (npm run start:browser, pid ${shellPid}) is using ${app.getPath('userData')}. ` +
        'Stop it with Ctrl+C in its terminal, then open Crossbucket again.',
    );
    app.quit();
    return;
  }
  serveAppScheme(protocol, join(here, '../renderer'));
  denyAllPermissions(session.defaultSession, appUrl);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, appUrl, openExternal));

  const platform = electronPlatform(() => mainWindow, appIcon);
  const services = await createServices({ env: process.env, platform });
  links?.connect((url) => {
    services.links.receive(url);
    // A link clicked elsewhere brings the window forward (it may not exist yet at start-up).
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  const dispatch = createDispatcher(services.handlers, (err) => log.error(err));
  registerIpcHandlers(
    ipcMain,
    dispatch,
    createDropDispatcher((paths) => services.grantDropped(paths)),
    trustedSenderCheck(() => mainWindow?.webContents, appUrl),
  );
  services.hub.add({
    emit: (event, payload) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(eventChannel(event), payload);
    },
  });

  notifyLongTransfers(services.hub, () => mainWindow);

  const state = await loadWindowState(platform.dataDir);
  // The scanner cannot follow the options into mainWindowOptions(); they set contextIsolation,
  // sandbox, no nodeIntegration and no Auxclick, as tests/main/electron/hardening.test.ts asserts.
  const options = mainWindowOptions(preloadPath, state, process.platform === 'linux' ? appIcon : undefined);
  mainWindow = new BrowserWindow(options); // eng-disable NODE_INTEGRATION_JS_CHECK CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
  if (state?.maximized) mainWindow.maximize();
  installAppMenu(Menu, mainWindow, openExternal);
  mainWindow.once('ready-to-show', () => mainWindow?.show());

  let quitConfirmed = false;
  mainWindow.on('close', (event) => {
    if (!mainWindow) return;
    if (!quitConfirmed && services.hasActiveTransfers()) {
      const choice = dialog.showMessageBoxSync(mainWindow, {
        type: 'question',
        buttons: ['Keep transferring', 'Quit and resume later'],
        defaultId: 0,
        cancelId: 0,
        message: 'Transfers are still running.',
        detail:
          'Quitting stops them where they are and keeps what is done: parts already uploaded stay in S3, ' +
          'parts already downloaded stay on disk. Next time, they are listed as interrupted and continue ' +
          'once you open the same profile or role again (Resume opens it for you). ' +
          'To throw them away instead, cancel them in the Transfers panel first.',
      });
      if (choice === 0) {
        event.preventDefault();
        return;
      }
      quitConfirmed = true;
    }
    void saveWindowState(platform.dataDir, mainWindow);
  });
  mainWindow.on('closed', () => {
    mainWindow = undefined;
    disposing = services.dispose();
  });
  // The journal's last write (and any clean-up) finishes before the process ends.
  app.on('will-quit', (event) => {
    if (!disposing || disposed) return;
    event.preventDefault();
    void disposing.finally(() => {
      disposed = true;
      app.quit();
    });
  });

  await mainWindow.loadURL(appUrl);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  links = startLinkHandoff(app, process.argv);
  app.on('second-instance', (_event, argv) => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
    links?.fromArgs(argv);
  });
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (err: unknown) => {
    log.error(err);
    app.quit();
  });
}
