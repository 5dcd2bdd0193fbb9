// The machine's Python botocore (and the AWS CLI v1 on top of it), used as the reference for how
// the CLI reads config files and the SSO token cache. Tests run small scripts against it.
import { spawn, spawnSync } from 'node:child_process';

export type BotocoreProbe =
  | { readonly found: true; readonly python: string; readonly version: string }
  | { readonly found: false; readonly reason: string };

const PYTHON = process.env.CROSSBUCKET_PYTHON ?? 'python3';

/** Whether `python3 -c 'import botocore'` works here; the reason to print when it does not. */
export function probeBotocore(): BotocoreProbe {
  const probe = spawnSync(PYTHON, ['-c', 'import botocore; print(botocore.__version__)'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (probe.error) return { found: false, reason: `${PYTHON} could not run: ${probe.error.message}` };
  if (probe.status !== 0) {
    return { found: false, reason: `${PYTHON} has no botocore: ${probe.stderr.trim().split('\n').pop()}` };
  }
  return { found: true, python: PYTHON, version: probe.stdout.trim() };
}

export interface PythonRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

/** Runs a Python script (given as text) with exactly `env`; never throws for a non-zero exit. */
export function runPython(
  script: string,
  env: Readonly<Record<string, string | undefined>>,
  args: readonly string[] = [],
): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', script, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

/** Runs a script that prints one JSON document; fails with its stderr when it does not. */
export async function pythonJson<T>(
  script: string,
  env: Readonly<Record<string, string | undefined>>,
  args: readonly string[] = [],
): Promise<T> {
  const run = await runPython(script, env, args);
  if (run.code !== 0) throw new Error(`python exited with ${run.code}:\n${run.stderr.slice(-3000)}`);
  return JSON.parse(run.stdout) as T;
}
