import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, test as base, type Page } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary';
import { type BrowserShell, startBrowserShell } from '../../src/main/bridge/browser-shell';
import type { Clock } from '../../src/main/sessions/session-store';
import { createWorld, type World, type WorldSpec } from '../support/aws-world';
import { standardWorldSpec } from '../support/standard-world';
import { SystemBrowser } from '../support/system-browser';

const ROOT = resolve(import.meta.dirname, '../..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** One request or event that crossed the bridge, as JSON text (for the secret scan). */
export interface IpcRecord {
  readonly kind: 'request' | 'result' | 'event';
  readonly name: string;
  readonly json: string;
}

/**
 * Main's clock for specs that walk sessions through expiry: real time plus an offset the test
 * moves. Moving it fires, in time order, the timers it overtakes, as time passing would.
 */
export class ShiftedClock implements Clock {
  #offset = 0;
  #nextId = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void; handle: NodeJS.Timeout }>();

  now(): number {
    return Date.now() + this.#offset;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#arm(id, this.now() + ms, callback);
    return id;
  }

  clearTimeout(handle: unknown): void {
    clearTimeout(this.#timers.get(handle as number)?.handle);
    this.#timers.delete(handle as number);
  }

  /** Moves main's time by `ms`, backwards when negative. */
  shift(ms: number): void {
    this.#offset += ms;
    const pending = [...this.#timers.entries()].sort(([a, x], [b, y]) => x.at - y.at || a - b);
    for (const [id, timer] of pending) {
      clearTimeout(timer.handle);
      this.#arm(id, timer.at, timer.callback);
    }
  }

  #arm(id: number, at: number, callback: () => void): void {
    const handle = setTimeout(
      () => {
        this.#timers.delete(id);
        callback();
      },
      Math.max(0, at - this.now()),
    );
    // Like the system clock's timers: a pending renewal must not keep the test process alive.
    handle.unref();
    this.#timers.set(id, { at, callback, handle });
  }
}

export interface Fixtures {
  /** Override per file with `test.use({ worldSpec: … })`. */
  worldSpec: WorldSpec;
  /** `test.use({ timeTravel: true })` gives main a `ShiftedClock` (as `mainClock`). */
  timeTravel: boolean;
  mainClock: ShiftedClock | undefined;
  world: World;
  /** A folder that stands for the user's desktop (drops resolve here) and download target. */
  desktop: string;
  /** Answers the native file dialogs would give. */
  dialogAnswers: {
    uploadPaths: string[];
    directory: string | null;
    /** The save and open dialogs for one file (bookmark export and import). */
    saveFile?: string | null;
    openFile?: string | null;
  };
  /** Extra environment for main (a spec points it at a stand-in, as a user sets AWS_ENDPOINT_URL_*). */
  shellEnv: Readonly<Record<string, string>>;
  /** The browser shell's in-process services; a test that uses it is skipped in the Electron project. */
  shell: BrowserShell;
  ipcLog: IpcRecord[];
  /** Pages main opened in the system browser (IAM Identity Center sign-in); browser shell only. */
  systemBrowser: SystemBrowser;
  page: Page;
}

interface InternalFixtures {
  /** The running browser shell, or undefined in the Electron project (the app runs its own main). */
  browserShell: BrowserShell | undefined;
}

export const test = base.extend<Fixtures & InternalFixtures>({
  worldSpec: [standardWorldSpec(), { option: true }],
  timeTravel: [false, { option: true }],
  mainClock: async ({ timeTravel }, use) => {
    await use(timeTravel ? new ShiftedClock() : undefined);
  },
  world: async ({ worldSpec }, use) => {
    const world = await createWorld(worldSpec);
    await use(world);
    await world.dispose();
  },
  desktop: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'crossbucket-desktop-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  dialogAnswers: async ({}, use) => {
    await use({ uploadPaths: [], directory: null });
  },
  ipcLog: async ({}, use) => {
    await use([]);
  },
  shellEnv: async ({}, use) => {
    await use({});
  },
  systemBrowser: async ({}, use) => {
    await use(new SystemBrowser());
  },
  browserShell: async (
    { world, desktop, dialogAnswers, ipcLog, mainClock, shellEnv, systemBrowser },
    use,
    testInfo,
  ) => {
    if (!isBrowserShell(testInfo.project.name)) {
      await use(undefined);
      return;
    }
    const home = join(world.dir, 'home');
    const dataDir = join(home, '.config', 'Crossbucket');
    mkdirSync(dataDir, { recursive: true });
    const shell = await startBrowserShell({
      // Only what a user's shell would have: no AWS_* leaking in from the machine running the tests.
      env: { HOME: home, PATH: process.env.PATH, ...world.env, ...shellEnv },
      outDir: join(ROOT, 'out'),
      dataDir,
      version: VERSION,
      dropRoot: desktop,
      dialogs: {
        uploadPaths: () => dialogAnswers.uploadPaths,
        directory: () => dialogAnswers.directory,
        saveFile: () => dialogAnswers.saveFile ?? null,
        openFile: () => dialogAnswers.openFile ?? null,
      },
      browser: systemBrowser.open,
      observe: (name, input, result) => {
        ipcLog.push({ kind: 'request', name, json: JSON.stringify(input) });
        ipcLog.push({ kind: 'result', name, json: JSON.stringify(result) });
      },
      clock: mainClock,
    });
    const stopRecording = shell.services.hub.add({
      emit: (event, payload) => ipcLog.push({ kind: 'event', name: event, json: JSON.stringify(payload) }),
    });
    await use(shell);
    stopRecording();
    await shell.close();
  },
  shell: async ({ browserShell }, use, testInfo) => {
    testInfo.skip(
      browserShell === undefined,
      "uses the browser shell's in-process services (clipboard, dialog answers, session internals), which the Electron app keeps to itself",
    );
    if (browserShell) await use(browserShell);
  },
  page: async ({ page, browserShell, world, shellEnv }, use) => {
    if (browserShell) {
      await page.goto(browserShell.bridge.url);
      await use(page);
      return;
    }
    // The same spec against the real desktop app: Electron loads the built main process,
    // pointed at the same moto world through the same environment variables a user would set.
    const binary = findElectronBinary(ROOT);
    if (!binary.present) throw new Error(`Electron binary missing: ${binary.reason}`);
    const app = await _electron.launch({
      executablePath: binary.path,
      args: [join(ROOT, 'out/main/index.js')],
      env: {
        HOME: join(world.dir, 'electron-home'),
        PATH: process.env.PATH ?? '',
        ...world.env,
        ...shellEnv,
      },
    });
    const window = await app.firstWindow();
    await use(window);
    await app.close();
  },
});

export const expect = test.expect;

/** Whether this run drives the browser shell (where harness-only fixtures such as the clipboard exist). */
export const isBrowserShell = (projectName: string): boolean => projectName !== 'electron';
