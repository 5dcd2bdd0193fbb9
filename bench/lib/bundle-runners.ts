import { join } from 'node:path';
import { build } from 'vite';
import { CACHE_BIN } from './cache';

const BENCH_DIR = join(CACHE_BIN, '..', '..');
export const RUNNERS_DIR = join(CACHE_BIN, '..', 'runners');

/**
 * Bundles the two Node runners into one file each, SDK included, as electron-vite bundles the
 * app's main process. Loading them through tsx instead would transpile hundreds of modules at
 * every start and charge that CPU to Crossbucket and the bare SDK, not to their transfers.
 */
export async function bundleRunners(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir: RUNNERS_DIR,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: {
        input: {
          'crossbucket-runner': join(BENCH_DIR, 'crossbucket-runner.ts'),
          'sdk-runner': join(BENCH_DIR, 'sdk-runner.ts'),
          // The transfer engine process the Crossbucket runner forks, as the app's utilityProcess runs it.
          engine: join(BENCH_DIR, '..', 'src', 'engine', 'index.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
    ssr: { noExternal: true, target: 'node' },
  });
}
