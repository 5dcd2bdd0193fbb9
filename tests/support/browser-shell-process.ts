import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * `npm run start:browser` as a user runs it, minus the build (the tests run on a built app):
 * the real script in a child process, with only the environment given (a user's shell), its
 * terminal output collected.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/start-browser.ts');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const READY = 'Press Ctrl+C to stop.';

export interface ShellProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** The printed URL (with the token in its fragment). */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  /** Waits until the output contains `text`. */
  waitFor(text: string): Promise<void>;
  /** Stops it as Ctrl+C does; resolves with its exit status. */
  stop(): Promise<number | null>;
}

export interface Exited {
  readonly status: number | null;
  readonly output: string;
}

function collect(child: ChildProcess): { output: () => string; exited: Promise<number | null> } {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { output: () => text, exited };
}

const launch = (args: readonly string[], env: Readonly<Record<string, string | undefined>>) =>
  spawn(TSX, [SCRIPT, ...args], { cwd: ROOT, env: { ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

/** Starts the shell and waits until it printed its URL; rejects with its output if it exits first. */
export async function startShellProcess(
  env: Readonly<Record<string, string | undefined>>,
  args: readonly string[] = [],
): Promise<ShellProcess> {
  const child = launch(args, env);
  const { output, exited } = collect(child);
  let exitedEarly = false;
  void exited.then(() => {
    exitedEarly = true;
  });
  const waitFor = async (text: string): Promise<void> => {
    while (!output().includes(text)) {
      if (exitedEarly) throw new Error(`the browser shell exited before printing "${text}":\n${output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await waitFor(READY);
  const url = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+/.exec(output())?.[0];
  if (!url) throw new Error(`no URL in the browser shell's output:\n${output()}`);
  const parsed = new URL(url);
  return {
    child,
    output,
    url,
    origin: parsed.origin,
    token: parsed.hash.slice('#token='.length),
    waitFor,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** Runs the script to its end (bad input): its exit status and output. */
export async function runShellProcess(
  env: Readonly<Record<string, string | undefined>>,
  args: readonly string[],
): Promise<Exited> {
  const child = launch(args, env);
  const { output, exited } = collect(child);
  const status = await exited;
  return { status, output: output() };
}
