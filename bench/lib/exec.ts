import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Command {
  readonly cmd: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export interface Measurement {
  readonly wallSeconds: number;
  /** User + system CPU of the client process and the children it waited for. */
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  /** Event-loop delay p99 of the process that plays main (Crossbucket's runner only), ms. */
  readonly mainLoopDelayP99Ms?: number;
}

/** Runs a command to completion, returning stdout; rejects with its stderr on a non-zero exit. */
export function run(command: Command, options: { quiet?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.cmd, command.args, {
      env: { ...process.env, ...command.env },
      cwd: command.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString();
      if (code === 0) resolve(stdout);
      else {
        const stderr = Buffer.concat(err).toString().trim();
        if (!options.quiet) process.stderr.write(`${stderr}\n`);
        reject(new Error(`${command.cmd} ${command.args.join(' ')} exited ${code}: ${stderr.slice(-800)}`));
      }
    });
  });
}

/**
 * Runs one client under GNU time: its rusage (CPU, peak RSS) comes from wait4, the same for
 * every contender whatever language it is written in. Wall time is taken here with a
 * monotonic clock; GNU time's own is only centisecond-precise.
 */
export async function measure(command: Command): Promise<Measurement> {
  const dir = await mkdtemp(join(tmpdir(), 'cb-time-'));
  const report = join(dir, 'time');
  try {
    const loopDelay = join(dir, 'loop-delay.json');
    const started = process.hrtime.bigint();
    await run({
      ...command,
      env: { ...command.env, CROSSBUCKET_BENCH_LOOP_DELAY: loopDelay },
      cmd: '/usr/bin/time',
      args: ['-f', '%U %S %M', '-o', report, command.cmd, ...command.args],
    });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const [user, sys, maxRssKiB] = (await readFile(report, 'utf8')).trim().split(/\s+/).slice(-3).map(Number);
    const delay = await readFile(loopDelay, 'utf8').then(
      (text) => (JSON.parse(text) as { p99Ms: number }).p99Ms,
      () => undefined,
    );
    return {
      wallSeconds,
      cpuSeconds: (user ?? 0) + (sys ?? 0),
      peakRssMiB: (maxRssKiB ?? 0) / 1024,
      ...(delay !== undefined && { mainLoopDelayP99Ms: delay }),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
