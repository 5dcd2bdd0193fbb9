import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ENGINE_EXEC_ARGV, type EngineChannel, type EngineLauncher } from './engine-channel';

export interface ForkOptions {
  /** The engine's entry: the built out/main/engine.js, or src/engine/index.ts under tsx. */
  readonly modulePath: string;
  /** Node flags on top of the engine's heap settings (e.g. `--import tsx` for the source). */
  readonly execArgv?: readonly string[];
  /** Arguments the engine reads (e.g. `--idle-timeout-ms=4000`). */
  readonly args?: readonly string[];
}

/**
 * Starts the engine with child_process.fork: the browser shell, the tests and the bench run the
 * same module the app runs in a utilityProcess. Its stdout is the parent's; its log lines come
 * as messages.
 */
export function forkEngine(options: ForkOptions): EngineLauncher {
  return (): EngineChannel => {
    const child = fork(options.modulePath, [...(options.args ?? [])], {
      execArgv: [...ENGINE_EXEC_ARGV, ...(options.execArgv ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    return {
      pid: child.pid,
      send: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
      stop: () => {
        if (child.connected) child.disconnect();
      },
    };
  };
}

/**
 * The engine beside the running code: `engine.js` next to the built main bundle (out/main), or
 * the source through tsx when main itself runs from source (vitest, Playwright's browser shell).
 */
export function localEngine(extra: Pick<ForkOptions, 'args' | 'execArgv'> = {}): EngineLauncher {
  const here = import.meta.dirname;
  const built = join(here, 'engine.js');
  const { args, execArgv = [] } = extra;
  return forkEngine(
    existsSync(built)
      ? { modulePath: built, args, execArgv }
      : {
          modulePath: resolve(here, '../../../engine/index.ts'),
          execArgv: ['--import', 'tsx', ...execArgv],
          args,
        },
  );
}
