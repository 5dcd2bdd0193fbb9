/**
 * `npm run start:browser`: Crossbucket in the browser shell on your own AWS configuration, for
 * when Electron's binary is missing (`npm start` says so and points here). `npm run
 * start:browser` builds first; this script starts the shell on the built app.
 *
 * Options: --port <n> (default 4780, 0 for any free one; a taken port moves to a free one, and
 * the terminal says which), --drop-folder <folder> (where dropped files are looked up; without it nothing uploads).
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { electronAppName } from '../src/main/bridge/app-data-folder';
import { startUserShell } from '../src/main/bridge/user-shell';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'out');
const DEFAULT_PORT = 4780;

/** Bad input: a message and exit status 2, no stack. */
function refuse(message: string): never {
  console.error(`npm run start:browser: ${message}`);
  process.exit(2);
}

function options(): { port: number; dropFolder?: string } {
  let values: { port?: string; 'drop-folder'?: string };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, 'drop-folder': { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    refuse(`${(err as Error).message}. Options: --port <n>, --drop-folder <folder>.`);
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    refuse(`--port must be a number from 0 (any free port) to 65535, not "${values.port}".`);
  const dropFolder = values['drop-folder'] === undefined ? undefined : resolve(values['drop-folder']);
  if (dropFolder !== undefined && !statSync(dropFolder, { throwIfNoEntry: false })?.isDirectory())
    refuse(`--drop-folder ${dropFolder} is not a folder.`);
  return { port, ...(dropFolder ? { dropFolder } : {}) };
}

async function main(): Promise<void> {
  const { port, dropFolder } = options();
  if (!statSync(join(OUT, 'bridge-client/bridge-client.js'), { throwIfNoEntry: false }))
    refuse('the app is not built: run `npm run build` first (npm run start:browser does).');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    productName?: string;
    version: string;
  };
  const user = await startUserShell({
    env: process.env,
    outDir: OUT,
    version: pkg.version,
    appName: electronAppName(pkg),
    platform: process.platform,
    port,
    ...(dropFolder ? { dropFolder } : {}),
    print: (text) => console.log(text),
  });
  console.log(user.intro);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (user.shell.services.hasActiveTransfers())
      console.log(
        '\nStopping: running transfers keep what is done and resume when you open their session again.',
      );
    await user.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop());
}

main().catch((err: unknown) => {
  console.error(`npm run start:browser: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
