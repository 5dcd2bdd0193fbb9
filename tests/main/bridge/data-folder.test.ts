import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronAppName, electronUserDataFolder } from '../../../src/main/bridge/app-data-folder';
import { claimDataFolder, SHELL_LOCK_FILE } from '../../../src/main/bridge/data-folder-lock';

const folder = (): string => mkdtempSync(join(tmpdir(), 'crossbucket-data-'));

/** A pid that certainly ended: a process that was started and waited for. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((done) => child.on('exit', done));
  return child.pid!;
}

describe("Electron's data folder, as app.getPath('userData') names it", () => {
  it('is appData plus the app name on each platform', () => {
    const env = { HOME: '/home/ana', APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' };
    expect(electronUserDataFolder(env, 'linux', 'crossbucket')).toBe('/home/ana/.config/crossbucket');
    expect(electronUserDataFolder({ ...env, XDG_CONFIG_HOME: '/cfg' }, 'linux', 'crossbucket')).toBe(
      '/cfg/crossbucket',
    );
    expect(electronUserDataFolder(env, 'darwin', 'crossbucket')).toBe(
      '/home/ana/Library/Application Support/crossbucket',
    );
    expect(electronUserDataFolder(env, 'win32', 'crossbucket')).toBe(
      join('C:\\Users\\ana\\AppData\\Roaming', 'crossbucket'),
    );
  });

  it("takes the app's name from package.json as Electron does: productName, else name", () => {
    expect(electronAppName({ name: 'crossbucket' })).toBe('crossbucket');
    expect(electronAppName({ name: 'crossbucket', productName: 'Crossbucket' })).toBe('Crossbucket');
  });
});

describe('claiming the data folder', () => {
  it('is one browser shell at a time, and released on stop', () => {
    const dir = folder();
    const claim = claimDataFolder(dir);
    expect(claim.claimed).toBe(true);
    expect(readFileSync(join(dir, SHELL_LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    if (claim.claimed) claim.release();
    expect(existsSync(join(dir, SHELL_LOCK_FILE))).toBe(false);
  });

  it('refuses while another live browser shell holds it', () => {
    const dir = folder();
    // The parent of this test process: alive, and not us.
    writeFileSync(join(dir, SHELL_LOCK_FILE), `${process.ppid}\n`);
    expect(claimDataFolder(dir)).toEqual({
      claimed: false,
      heldBy: `another browser shell (pid ${process.ppid})`,
    });
  });

  it('takes over a lock left by a shell that was killed', async () => {
    const dir = folder();
    writeFileSync(join(dir, SHELL_LOCK_FILE), `${await deadPid()}\n`);
    expect(claimDataFolder(dir).claimed).toBe(true);
    expect(readFileSync(join(dir, SHELL_LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
  });

  it.skipIf(process.platform === 'win32')(
    "refuses while the desktop app runs on it (Chromium's SingletonLock), not after",
    async () => {
      const running = folder();
      symlinkSync(`${hostname()}-${process.ppid}`, join(running, 'SingletonLock'));
      expect(claimDataFolder(running)).toEqual({
        claimed: false,
        heldBy: `the desktop app (pid ${process.ppid})`,
      });
      const quit = folder();
      symlinkSync(`${hostname()}-${await deadPid()}`, join(quit, 'SingletonLock'));
      expect(claimDataFolder(quit).claimed).toBe(true);
    },
  );
});
