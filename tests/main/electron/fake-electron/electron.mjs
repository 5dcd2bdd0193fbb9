// A stand-in for Electron's main-process API that records what the app configures, and writes
// it to $CROSSBUCKET_FAKE_ELECTRON_REPORT once the window has loaded its page.

import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';

let permissionHandler;
const ipcHandlers = new Map();
/** What the app answers on its own scheme, set by protocol.handle. */
let schemeHandler;

/** Asks the app's permission handler, as the page it loaded would. */
const askPermissions = (url) => {
  for (const permission of ['media', 'notifications', 'clipboard-read', 'clipboard-sanitized-write']) {
    permissionHandler?.({ getURL: () => url }, permission, (ok) => {
      report.permissionAnswers[permission] = ok;
    });
  }
};

const report = {
  sandboxEnabled: false,
  singleInstanceLock: false,
  windows: [],
  ipcChannels: [],
  permissionRequestHandler: false,
  permissionCheckHandler: false,
  permissionAnswers: {},
  webContentsCreatedListeners: 0,
  menuItems: [],
  loadedUrl: null,
  windowOpenHandler: null,
  willNavigateListeners: 0,
  protocolClients: [],
  sentEvents: [],
  takenLinks: null,
  privilegedSchemes: [],
  privilegedBeforeReady: false,
  handledSchemes: [],
  /** URL → status and whether the body held the fake credentials, asked of the app's scheme handler. */
  schemeAnswers: {},
  /** dialog.showErrorBox calls: an app that refuses to start says why, then ends here. */
  errorBoxes: [],
};
let ready = false;

/** Asks the app's scheme handler for its page and for the credentials file, as a page could. */
const askScheme = async (url) => {
  if (!schemeHandler) return;
  const home = process.env.HOME;
  const credentials = `${home}/.aws/credentials`;
  const probes = [
    url,
    `crossbucket-app://app/assets/${'../'.repeat(12)}${credentials.slice(1)}`,
    `crossbucket-app://app/${'%2e%2e/'.repeat(12)}${credentials.slice(1)}`,
    `crossbucket-app://app/${encodeURIComponent(credentials)}`,
  ];
  for (const probe of probes) {
    const res = await schemeHandler(new Request(probe));
    const body = await res.text();
    report.schemeAnswers[probe] = {
      status: res.status,
      leaked: body.includes('fake-secret-in-credentials'),
      csp: res.headers.get('content-security-policy'),
    };
  }
};

class FakeWebContents extends EventEmitter {
  id = 1;
  mainFrame = { url: '' };
  setWindowOpenHandler(handler) {
    report.windowOpenHandler = {
      external: handler({ url: 'https://docs.aws.amazon.com/' }),
      file: handler({ url: 'file:///etc/passwd' }),
    };
  }
  on(event, listener) {
    if (event === 'will-navigate') report.willNavigateListeners += 1;
    return super.on(event, listener);
  }
  send(channel) {
    report.sentEvents.push(channel);
  }
  isDestroyed() {
    return false;
  }
  getURL() {
    return this.mainFrame.url;
  }
}

export class BrowserWindow extends EventEmitter {
  webContents = new FakeWebContents();
  constructor(options) {
    super();
    report.windows.push(options);
    // As in Electron: every new WebContents is announced, which is where the app guards it.
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    report.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    askPermissions(url);
    // A link clicked while the app runs arrives as a second instance's arguments; the page
    // then takes every waiting link, the one the app was started with first.
    app.emit('second-instance', {}, ['crossbucket', 'crossbucket://bookmark/from-second-instance'], '');
    const takeLinks = ipcHandlers.get('crossbucket:request:takeLinks');
    const event = { sender: this.webContents, senderFrame: this.webContents.mainFrame };
    report.takenLinks = takeLinks ? await takeLinks(event, {}) : null;
    await askScheme(url);
    writeFileSync(process.env.CROSSBUCKET_FAKE_ELECTRON_REPORT, JSON.stringify(report, null, 2));
    setTimeout(() => process.exit(0), 50);
  }
  maximize() {}
  show() {}
  focus() {}
  restore() {}
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  isFocused() {
    return true;
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 1280, height: 800 };
  }
  isMaximized() {
    return false;
  }
}

class FakeApp extends EventEmitter {
  enableSandbox() {
    report.sandboxEnabled = true;
  }
  requestSingleInstanceLock() {
    report.singleInstanceLock = true;
    return true;
  }
  whenReady() {
    ready = true;
    return Promise.resolve();
  }
  getPath() {
    return process.env.CROSSBUCKET_FAKE_USER_DATA;
  }
  getVersion() {
    return '0.0.0-test';
  }
  quit() {}
  setAsDefaultProtocolClient(scheme) {
    report.protocolClients.push(scheme);
    return true;
  }
  on(event, listener) {
    if (event === 'web-contents-created') report.webContentsCreatedListeners += 1;
    return super.on(event, listener);
  }
}
export const app = new FakeApp();

export const ipcMain = {
  handle(channel, handler) {
    report.ipcChannels.push(channel);
    ipcHandlers.set(channel, handler);
  },
  removeHandler() {},
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      report.permissionRequestHandler = true;
      permissionHandler = handler;
    },
    setPermissionCheckHandler() {
      report.permissionCheckHandler = true;
    },
  },
};

const collectLabels = (items) =>
  items.flatMap((item) => [
    item.label ?? item.role ?? '',
    ...collectLabels(Array.isArray(item.submenu) ? item.submenu : []),
  ]);

export const Menu = {
  buildFromTemplate(template) {
    report.menuItems = collectLabels(template).filter(Boolean);
    return template;
  },
  setApplicationMenu() {},
};

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    report.privilegedSchemes.push(...schemes);
    report.privilegedBeforeReady = !ready;
  },
  handle(scheme, handler) {
    report.handledSchemes.push(scheme);
    schemeHandler = handler;
  },
};

export const shell = { openExternal: async () => undefined };
export const dialog = {
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showMessageBoxSync: () => 0,
  showErrorBox(title, content) {
    report.errorBoxes.push({ title, content });
    writeFileSync(process.env.CROSSBUCKET_FAKE_ELECTRON_REPORT, JSON.stringify(report, null, 2));
    setTimeout(() => process.exit(0), 50);
  },
};
export const clipboard = { writeText() {} };
export class Notification {
  static isSupported() {
    return false;
  }
  show() {}
}
export const webUtils = { getPathForFile: () => '' };
export const nativeImage = { createFromPath: () => ({ resize: () => ({}) }) };
/**
 * utilityProcess.fork, recorded, and played by child_process.fork: the child sees no parentPort,
 * so the engine entry talks over process.send as it does in the browser shell; messages go both
 * ways as structured clones, as Electron sends them.
 */
export const utilityForks = [];
export const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    utilityForks.push({
      modulePath,
      args,
      execArgv: options.execArgv ?? [],
      serviceName: options.serviceName,
    });
    const child = fork(modulePath, args, {
      execArgv: options.execArgv ?? [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    const emitter = new EventEmitter();
    child.on('message', (message) => emitter.emit('message', message));
    child.on('exit', (code) => emitter.emit('exit', code));
    return Object.assign(emitter, {
      pid: child.pid,
      postMessage: (message) => child.connected && child.send(message),
      kill: () => child.kill(),
    });
  },
};
export default {
  app,
  utilityProcess,
  BrowserWindow,
  ipcMain,
  session,
  Menu,
  protocol,
  shell,
  dialog,
  clipboard,
  Notification,
  webUtils,
  nativeImage,
};
