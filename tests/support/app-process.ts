// The app's main-process services (createServices with the browser platform, as the browser shell
// runs them) in a process of their own, driven over Node IPC: a test can SIGKILL it in the middle
// of a transfer, or quit it the way the app quits, and start it again over the same data folder.
//
// Started by tests/support/app-process-control.ts; its configuration comes in CROSSBUCKET_APP_PROCESS.
import { createServices } from '../../src/main/app/create-services';
import { browserPlatform } from '../../src/main/bridge/browser-platform';
import { createDispatcher } from '../../src/main/ipc/dispatcher';

export interface AppProcessConfig {
  readonly dataDir: string;
  /** The environment main sees, as a user's shell would give it (HOME, AWS_CONFIG_FILE…). */
  readonly env: Readonly<Record<string, string>>;
  /** What main's folder dialog answers (the download target). */
  readonly directory?: string;
}

export type ToChild =
  | { readonly kind: 'request'; readonly id: number; readonly name: string; readonly input: unknown }
  | { readonly kind: 'drop'; readonly id: number; readonly paths: readonly string[] }
  | { readonly kind: 'quit'; readonly id: number };

export type FromChild =
  | { readonly kind: 'ready' }
  | { readonly kind: 'reply'; readonly id: number; readonly value: unknown }
  | { readonly kind: 'event'; readonly event: string; readonly payload: unknown };

const send = (message: FromChild): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send?.(message, undefined, {}, () => resolve())) resolve();
  });

async function main(): Promise<void> {
  const config = JSON.parse(process.env.CROSSBUCKET_APP_PROCESS ?? '{}') as AppProcessConfig;
  const platform = browserPlatform({
    dataDir: config.dataDir,
    version: 'test',
    dialogs: { directory: () => config.directory ?? null },
  });
  const services = await createServices({ env: config.env, platform });
  const dispatch = createDispatcher(services.handlers);
  services.hub.add({ emit: (event, payload) => void send({ kind: 'event', event, payload }) });
  process.on('message', (message: ToChild) => {
    void (async () => {
      if (message.kind === 'request') {
        await send({ kind: 'reply', id: message.id, value: await dispatch(message.name, message.input) });
      } else if (message.kind === 'drop') {
        await send({ kind: 'reply', id: message.id, value: await services.grantDropped(message.paths) });
      } else {
        // As the app quits: the window closes, the services are disposed, the process ends.
        await services.dispose();
        await send({ kind: 'reply', id: message.id, value: null });
        process.exit(0);
      }
    })();
  });
  await send({ kind: 'ready' });
}

await main();
