import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary =
  | { readonly present: true; readonly path: string }
  | { readonly present: false; readonly reason: string };

/**
 * Finds the Electron binary without `require('electron')`, which throws (or, in newer
 * releases, starts a download) when the binary is missing. `ELECTRON_EXEC_PATH` comes first
 * because electron-vite (`npm start`, `npm run dev`) runs that binary when it is set.
 */
export function findElectronBinary(projectRoot: string): ElectronBinary {
  const named = process.env.ELECTRON_EXEC_PATH;
  if (named) {
    return existsSync(named)
      ? { present: true, path: named }
      : { present: false, reason: `ELECTRON_EXEC_PATH names ${named}, which does not exist` };
  }
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(join(projectRoot, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { present: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      present: false,
      reason: 'its binary was never downloaded (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or offline)',
    };
  }
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const binary = join(distDir, readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary)
    ? { present: true, path: binary }
    : { present: false, reason: `${binary} does not exist` };
}
