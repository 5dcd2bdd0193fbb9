import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHELL_LOCK_FILE } from '../../../src/main/bridge/data-folder-lock';
import { DESKTOP_CONTENT_SECURITY_POLICY } from '../../../src/main/security/content-security-policy';
import { APP_URL } from '../../../src/main/security/renderer-protocol';
import { DROP_CHANNEL, requestChannel, requestNames } from '../../../src/shared/ipc/channels';

/**
 * Starts the BUILT main process (out/main/index.js, as Electron would load it) in plain Node
 * with a recording stand-in for the `electron` module, and checks what it configured. This is
 * the Electron entry's wiring where the Electron binary cannot be installed; with the binary,
 * the Playwright `electron` project runs the real thing.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const MAIN = join(ROOT, 'out/main/index.js');

interface Report {
  sandboxEnabled: boolean;
  singleInstanceLock: boolean;
  windows: { webPreferences: Record<string, unknown> }[];
  ipcChannels: string[];
  permissionRequestHandler: boolean;
  permissionCheckHandler: boolean;
  permissionAnswers: Record<string, boolean>;
  webContentsCreatedListeners: number;
  menuItems: string[];
  loadedUrl: string | null;
  windowOpenHandler: { external: { action: string }; file: { action: string } } | null;
  willNavigateListeners: number;
  protocolClients: string[];
  sentEvents: string[];
  takenLinks: unknown;
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  privilegedBeforeReady: boolean;
  handledSchemes: string[];
  schemeAnswers: Record<string, { status: number; leaked: boolean; csp: string | null }>;
  errorBoxes: { title: string; content: string }[];
}

let report: Report;

/** Runs the built main process with the fake Electron on a fresh home; `prepare` sets up its data folder. */
function runMain(prepare: (userData: string) => void = () => undefined): Report {
  const dir = mkdtempSync(join(tmpdir(), 'crossbucket-main-'));
  const home = join(dir, 'home');
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(
    join(home, '.aws', 'credentials'),
    '[default]\naws_secret_access_key = fake-secret-in-credentials\n',
  );
  const userData = join(dir, 'user-data');
  mkdirSync(userData);
  prepare(userData);
  const reportFile = join(dir, 'report.json');
  const loader = fileURLToPath(new URL('./fake-electron/loader.mjs', import.meta.url));
  // As the OS starts the app for a clicked link.
  execFileSync(process.execPath, ['--import', loader, MAIN, 'crossbucket://bookmark/Q1%20reports'], {
    env: {
      PATH: process.env.PATH,
      HOME: home,
      CROSSBUCKET_FAKE_ELECTRON_REPORT: reportFile,
      CROSSBUCKET_FAKE_USER_DATA: userData,
    },
    timeout: 30_000,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
}

beforeAll(() => {
  if (!existsSync(MAIN))
    throw new Error('out/main/index.js is missing: run `npm run build` first (npm test does).');
  report = runMain();
});

describe('the built Electron main process, while a browser shell runs on its data folder', () => {
  it('opens no window and says which shell to stop', () => {
    // This test process stands for the running shell: alive, and not the app's own pid.
    const held = runMain((userData) => writeFileSync(join(userData, SHELL_LOCK_FILE), `${process.pid}\n`));
    expect(held.windows).toHaveLength(0);
    expect(held.ipcChannels).toHaveLength(0);
    expect(held.errorBoxes).toHaveLength(1);
    expect(held.errorBoxes[0]?.title).toBe('Crossbucket is already open in a browser');
    expect(held.errorBoxes[0]?.content).toContain(`(npm run start:browser, pid ${process.pid})`);
  });
});

describe('the built Electron main process', () => {
  it('sandboxes every renderer and runs as a single instance', () => {
    expect(report.sandboxEnabled).toBe(true);
    expect(report.singleInstanceLock).toBe(true);
  });

  it('opens one window with the hardened webPreferences and a preload that exists', () => {
    expect(report.windows).toHaveLength(1);
    const prefs = report.windows[0]!.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(existsSync(String(prefs.preload))).toBe(true);
  });

  it('loads the built renderer page from its own privileged scheme, not from file://', () => {
    expect(report.loadedUrl).toBe(APP_URL);
    expect(report.privilegedBeforeReady).toBe(true);
    expect(report.privilegedSchemes).toEqual([
      { scheme: 'crossbucket-app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(report.handledSchemes).toEqual(['crossbucket-app']);
  });

  it('serves the page with the desktop policy, and refuses ~/.aws/credentials by URL', () => {
    const answers = Object.entries(report.schemeAnswers);
    expect(answers).toHaveLength(4);
    const [[, page], ...probes] = answers as [
      [string, Report['schemeAnswers'][string]],
      ...[string, Report['schemeAnswers'][string]][],
    ];
    expect(page).toEqual({ status: 200, leaked: false, csp: DESKTOP_CONTENT_SECURITY_POLICY });
    for (const [url, answer] of probes) expect(answer, url).toMatchObject({ status: 404, leaked: false });
  });

  it('registers exactly one IPC handler per request of the contract, and the drop-only channel', () => {
    expect([...report.ipcChannels].sort()).toEqual(
      [...requestNames.map(requestChannel), DROP_CHANNEL].sort(),
    );
  });

  it('guards navigation, new windows and permissions', () => {
    expect(report.willNavigateListeners).toBeGreaterThan(0);
    expect(report.webContentsCreatedListeners).toBe(1);
    expect(report.windowOpenHandler).toEqual({ external: { action: 'deny' }, file: { action: 'deny' } });
    expect(report.permissionRequestHandler && report.permissionCheckHandler).toBe(true);
    expect(report.permissionAnswers).toEqual({
      media: false,
      notifications: false,
      'clipboard-read': false,
      'clipboard-sanitized-write': true,
    });
  });

  it('handles crossbucket:// links from the start-up arguments and from a second instance', () => {
    expect(report.protocolClients).toEqual(['crossbucket']);
    expect(report.sentEvents).toContain('crossbucket:event:linkReceived');
    expect(report.takenLinks).toEqual({
      ok: true,
      value: [
        { ok: true, action: { kind: 'bookmark', name: 'Q1 reports' } },
        { ok: true, action: { kind: 'bookmark', name: 'from-second-instance' } },
      ],
    });
  });

  it('installs the application menu with the File, Edit, View, Go, Window and Help menus', () => {
    for (const label of ['&File', 'editMenu', '&View', '&Go', 'windowMenu', 'help']) {
      expect(report.menuItems).toContain(label);
    }
    expect(report.menuItems).toContain('Upload Files…');
  });
});
