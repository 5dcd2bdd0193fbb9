import type { Message, ToEngine } from '../../../shared/engine/protocol';

/**
 * A started engine process as main sees it, whatever started it: Electron's utilityProcess in the
 * app (src/main/electron/utility-engine.ts), child_process.fork in the browser shell, the tests and
 * the bench (fork-engine.ts). Messages arrive unparsed: the engine client checks every one.
 */
export interface EngineChannel {
  /** The process's id, for what measures it (the bench, the soak). */
  readonly pid: number | undefined;
  send(message: Message<ToEngine>): void;
  onMessage(listener: (raw: unknown) => void): void;
  /** Called once when the process is gone, for whatever reason. */
  onExit(listener: (code: number | null) => void): void;
  /** Ends the process: it stops its calls and writes nothing more. */
  stop(): void;
}

export type EngineLauncher = () => EngineChannel;

/**
 * Heap settings for a process that streams: with a 64 MB old space to start with, V8 does not run
 * ~30 full collections per 512 MiB downloaded (the engine's heap sits just above the 8 MB threshold
 * for incremental marking otherwise; bench/TARGETS.md). Main cannot set this for itself at run time.
 */
export const ENGINE_EXEC_ARGV: readonly string[] = ['--initial-old-space-size=64'];
