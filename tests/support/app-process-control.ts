// The test's side of tests/support/app-process.ts: starts the app's services in a child process,
// sends it requests as the window would, follows its events, and ends it with SIGKILL or a quit.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import type { RequestName } from '../../src/shared/ipc/channels';
import type { RequestInput, RequestResult } from '../../src/shared/ipc/contract';
import type { Result } from '../../src/shared/models/errors';
import type { TransferSnapshot } from '../../src/shared/models/transfer';
import type { AppProcessConfig, FromChild, ToChild } from './app-process';

const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = join(ROOT, 'tests/support/app-process.ts');

type Listener = (event: string, payload: unknown) => void;
/** A message to the child before it is numbered (Omit over each member of the union). */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

export class AppProcess {
  readonly #child: ChildProcess;
  readonly #replies = new Map<number, (value: unknown) => void>();
  readonly #listeners = new Set<Listener>();
  readonly #exited: Promise<void>;
  #nextId = 1;
  #stderr = '';
  /** The last transfer snapshot main pushed. */
  transfers: TransferSnapshot | undefined;

  private constructor(child: ChildProcess) {
    this.#child = child;
    this.#exited = once(child, 'exit').then(() => undefined);
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-8192);
    });
    child.on('message', (message: FromChild) => {
      if (message.kind === 'reply') {
        this.#replies.get(message.id)?.(message.value);
        this.#replies.delete(message.id);
      } else if (message.kind === 'event') {
        if (message.event === 'transfersChanged') this.transfers = message.payload as TransferSnapshot;
        for (const listener of this.#listeners) listener(message.event, message.payload);
      }
    });
  }

  /**
   * Starts the services over `config.dataDir`; resolves once they are ready for requests.
   * `imports`: test modules loaded into the child before the app (e.g. tests/support/journal-hold.ts).
   */
  static async start(config: AppProcessConfig, imports: readonly string[] = []): Promise<AppProcess> {
    const loaded = imports.flatMap((module) => ['--import', join(ROOT, module)]);
    const child = spawn(process.execPath, ['--import', 'tsx', ...loaded, CHILD], {
      cwd: ROOT,
      // The environment of main is the user's, and nothing else (no AWS_* of the machine).
      env: { ...config.env, CROSSBUCKET_APP_PROCESS: JSON.stringify(config) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const app = new AppProcess(child);
    const ready = new Promise<void>((resolveReady, reject) => {
      child.on('message', (message: FromChild) => message.kind === 'ready' && resolveReady());
      child.once('exit', (code) => reject(new Error(`the app process exited (${code}): ${app.#stderr}`)));
    });
    await ready;
    return app;
  }

  /** A request as the window sends it; throws the AppError main answered with. */
  async request<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestResult<K>> {
    const result = (await this.#send({ kind: 'request', name, input })) as Result<RequestResult<K>>;
    if (!result.ok)
      throw Object.assign(new Error(`${name}: ${result.error.message}`), { appError: result.error });
    return result.value;
  }

  /** Grants paths as an OS drop does (the browser shell's drop folder, the preload in Electron). */
  async drop(paths: readonly string[]): Promise<readonly string[]> {
    return (await this.#send({ kind: 'drop', paths })) as readonly string[];
  }

  onEvent(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves with the first transfer snapshot (the current one included) that `test` accepts. */
  waitForTransfers(test: (snapshot: TransferSnapshot) => boolean, what: string, timeoutMs = 120_000) {
    return new Promise<TransferSnapshot>((resolveWait, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(this.transfers?.totals)}`));
      }, timeoutMs);
      const check = (): void => {
        if (!this.transfers || !test(this.transfers)) return;
        clearTimeout(timer);
        stop();
        resolveWait(this.transfers);
      };
      const stop = this.onEvent((event) => event === 'transfersChanged' && check());
      check();
    });
  }

  /** Resolves with the payload of the next `event` the child sends. */
  nextEvent(event: string): Promise<unknown> {
    return new Promise((resolveEvent) => {
      const stop = this.onEvent((name, payload) => {
        if (name !== event) return;
        stop();
        resolveEvent(payload);
      });
    });
  }

  /** The process id of the app's services (the engine it starts is its child). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Sends the child a signal (SIGUSR2 holds its journal when tests/support/journal-hold.ts is loaded). */
  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  /** Kills the process as a crash or `kill -9` would: no clean-up, no last journal write. */
  async kill(): Promise<void> {
    this.#child.kill('SIGKILL');
    await this.#exited;
  }

  /** Quits as the app does: the services are disposed, then the process ends. */
  async quit(): Promise<void> {
    await this.#send({ kind: 'quit' });
    await this.#exited;
  }

  #send(message: Unnumbered<ToChild>): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolveReply) => {
      this.#replies.set(id, resolveReply);
      this.#child.send({ ...message, id } as ToChild);
    });
  }
}
