/**
 * `npm start` (electron-vite preview) and `npm run dev` (electron-vite dev) start here: with
 * Electron's binary present they run electron-vite exactly as before; without it they say what
 * is missing and what to do, and exit 1 without a stack trace.
 *
 * Usage: tsx scripts/launch-electron.ts preview|dev [electron-vite options…]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { findElectronBinary } from './electron-binary';
import { electronMissingMessage } from './electron-missing';

const ROOT = resolve(import.meta.dirname, '..');
const [mode, ...rest] = process.argv.slice(2);
const SCRIPTS: Record<string, string> = { preview: 'start', dev: 'dev' };

function electronVersion(): string | undefined {
  try {
    const file = createRequire(join(ROOT, 'package.json')).resolve('electron/package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

const script = mode ? SCRIPTS[mode] : undefined;
if (!mode || !script) {
  console.error('usage: tsx scripts/launch-electron.ts preview|dev [electron-vite options…]');
  process.exit(2);
}
const electron = findElectronBinary(ROOT);
if (!electron.present) {
  console.error(
    electronMissingMessage({
      reason: electron.reason,
      version: electronVersion(),
      script,
      platform: process.platform,
      arch: process.arch,
    }),
  );
  process.exit(1);
}

// electron-vite runs the binary ELECTRON_EXEC_PATH names: the one just checked.
const child = spawn(join(ROOT, 'node_modules/.bin/electron-vite'), [mode, ...rest], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: electron.path },
  shell: process.platform === 'win32',
});
// Ctrl+C reaches electron-vite and Electron through the terminal; a signal sent to this process
// alone (a process manager's SIGTERM) is passed on, so nothing is left running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
