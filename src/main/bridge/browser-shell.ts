import { join } from 'node:path';
import { type AppServices, createServices } from '../app/create-services';
import { createDispatcher, createDropDispatcher, type Dispatch } from '../ipc/dispatcher';
import type { Env } from '../profiles/read-config-files';
import { log } from '../security/log';
import { resolveInsideDropRoot } from '../security/path-grants';
import type { Clock } from '../sessions/session-store';
import { type BridgeServer, startBridge } from './bridge-server';
import { type BrowserPlatform, type BrowserPlatformOptions, browserPlatform } from './browser-platform';

export interface BrowserShellOptions extends BrowserPlatformOptions {
  readonly env: Env;
  /** The project's build output (`out/`). */
  readonly outDir: string;
  readonly port?: number;
  /** When `port` is taken, listen on another (see BridgeOptions). */
  readonly movePortIfTaken?: boolean;
  /** Sees every request and result that crosses the bridge (the tests' secret scan). */
  readonly observe?: (name: string, input: unknown, result: unknown) => void;
  /** Passed to the services: lets a test move main's time past a session's expiry. */
  readonly clock?: Clock;
}

export interface BrowserShell {
  readonly bridge: BridgeServer;
  readonly services: AppServices;
  readonly platform: BrowserPlatform;
  close(): Promise<void>;
}

/** The whole app minus Electron: real services behind the loopback bridge. */
export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const platform = browserPlatform(options);
  const services = await createServices({ env: options.env, platform, clock: options.clock });
  const inner = createDispatcher(services.handlers, (err) => log.error(err));
  const dispatch: Dispatch = options.observe
    ? async (name, input) => {
        const result = await inner(name, input);
        options.observe?.(name, input, result);
        return result;
      }
    : inner;
  const bridge = await startBridge({
    dispatch,
    hub: services.hub,
    rendererDir: join(options.outDir, 'renderer'),
    clientScript: join(options.outDir, 'bridge-client/bridge-client.js'),
    // A page cannot learn where a dropped file lives; main resolves the names itself, inside
    // the drop root, so the page can never name a path outside it. Without one, nothing drops.
    drop: createDropDispatcher((names) =>
      options.dropRoot
        ? services.grantDropped(resolveInsideDropRoot(options.dropRoot, names))
        : Promise.resolve([]),
    ),
    ...(options.port ? { port: options.port } : {}),
    movePortIfTaken: options.movePortIfTaken,
  }).catch(async (err: unknown) => {
    // Nothing left behind: the services' file watchers and timers end with the failed start.
    await services.dispose();
    throw err;
  });
  return {
    bridge,
    services,
    platform,
    close: async () => {
      await bridge.close();
      await services.dispose();
    },
  };
}
