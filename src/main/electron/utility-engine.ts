import { join } from 'node:path';
import { utilityProcess } from 'electron';
import { ENGINE_EXEC_ARGV, type EngineLauncher } from '../transfers/engine-link/engine-channel';

/**
 * The transfer engine as an Electron utility process: out/main/engine.js (built beside main's
 * bundle, electron.vite.config.ts), with the heap flags of a streaming process. Electron ends it
 * with the app; messages are structured clones on its parentPort.
 */
export function utilityEngine(dir: string = import.meta.dirname): EngineLauncher {
  return () => {
    const child = utilityProcess.fork(join(dir, 'engine.js'), [], {
      execArgv: [...ENGINE_EXEC_ARGV],
      serviceName: 'Crossbucket transfer engine',
      stdio: 'inherit',
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
      stop: () => {
        child.kill();
      },
    };
  };
}
