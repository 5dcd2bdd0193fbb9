/**
 * The soak: one large upload and one large download through the engine process, with the fault
 * proxy between the engine and a local MinIO resetting connections and flipping bytes, the
 * resident memory of every Crossbucket process sampled each second, and the file byte-identical at
 * the end. Opt-in, not part of `npm test` nor of `npm run bench`:
 *
 *   CROSSBUCKET_SOAK_GIB=10 npm run bench:soak
 *
 * The data is generated for the run (random bytes, hashed as written) and removed afterwards.
 * Figures go to stdout and to bench/results/soak-<GiB>gib.md.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3ClientPool } from '../src/main/s3/client-pool';
import type { EngineLauncher } from '../src/main/transfers/engine-link/engine-channel';
import { localEngine } from '../src/main/transfers/engine-link/fork-engine';
import { TransferQueue } from '../src/main/transfers/transfer-queue';
import { defaultSettings } from '../src/shared/models/settings';
import { type FaultRule, type ProxyRequest, startFaultProxy } from '../tests/support/fault-proxy';
import { Seeder } from './lib/data';
import { startServer } from './lib/server';
import { StaticSessions } from './lib/static-sessions';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const size = Math.round(Number(process.env.CROSSBUCKET_SOAK_GIB ?? '0') * GiB);
if (!(size > 0)) {
  console.error('Set CROSSBUCKET_SOAK_GIB (e.g. 10) to run the soak.');
  process.exit(2);
}
const log = (line: string): void => void process.stdout.write(`${line}\n`);

const rssOf = (pid: number | undefined): number => {
  if (pid === undefined) return 0;
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
};

async function generate(path: string): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let written = 0; written < size; written += 4 * MiB) {
    const chunk = randomBytes(Math.min(4 * MiB, size - written));
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return hash.digest('hex');
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * MiB })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface Samples {
  readonly main: number[];
  readonly engine: number[];
}

const mib = (n: number): string => (n / MiB).toFixed(0);
/** Memory over the transfer once it is under way (the first tenth is start-up): min, max, and the growth from the second tenth to the last. */
function describe(name: string, samples: readonly number[]): string {
  const steady = samples.slice(Math.floor(samples.length / 10));
  if (steady.length === 0) return `${name}: no samples`;
  const tenth = Math.max(1, Math.floor(steady.length / 10));
  const early = Math.max(...steady.slice(0, tenth));
  const late = Math.max(...steady.slice(-tenth));
  return `${name} RSS ${mib(Math.min(...steady))}–${mib(Math.max(...steady))} MiB, ${mib(early)} MiB early → ${mib(late)} MiB late`;
}

const partPut = (req: ProxyRequest): boolean => req.method === 'PUT' && req.query.has('uploadId');
const rangedGet = (req: ProxyRequest): boolean => req.method === 'GET' && req.headers.range !== undefined;
/** Bodies travel in requests for an upload, in responses for a download: that side is struck. */
const faults = (
  match: (req: ProxyRequest) => boolean,
  side: 'request' | 'response',
  within: number,
): FaultRule[] => [
  { label: 'reset', match, times: 4, within, fault: { kind: 'reset', side, afterBytes: 64 * 1024 } },
  { label: 'flip', match, times: 2, within, fault: { kind: 'flip', side } },
];

const started = Date.now();
const server = await startServer(log);
const proxy = await startFaultProxy({ upstream: server.endpoint, seed: 20 });
const work = await mkdtemp(join(tmpdir(), 'cb-soak-'));
const report: string[] = [];
try {
  const sessions = new StaticSessions(proxy.endpoint, server.accessKeyId, server.secretAccessKey);
  await new Seeder(server).createBucket('soak');
  const pids: (number | undefined)[] = [];
  const start = localEngine();
  const engine: EngineLauncher = () => {
    const channel = start();
    pids.push(channel.pid);
    return channel;
  };
  const queue = new TransferQueue({
    clients: new S3ClientPool(sessions),
    engine,
    sessions,
    sink: { emit: () => undefined },
    settings: () => defaultSettings,
  });
  const parts = Math.ceil(size / (defaultSettings.partSizeMiB * MiB));

  const run = async (what: string, enqueue: () => Promise<unknown>): Promise<void> => {
    const samples: Samples = { main: [], engine: [] };
    const sampler = setInterval(() => {
      samples.main.push(process.memoryUsage().rss);
      samples.engine.push(rssOf(pids.at(-1)));
    }, 1000);
    const t0 = Date.now();
    proxy.resetStats();
    await enqueue();
    while (queue.hasActive()) await new Promise((r) => setTimeout(r, 200));
    clearInterval(sampler);
    const item = queue.snapshot().items.at(-1);
    if (item?.status !== 'done') throw new Error(`${what} ended ${item?.status}: ${item?.error?.message}`);
    const seconds = (Date.now() - t0) / 1000;
    const stats = proxy.stats();
    const lines = [
      `${what}: ${(size / GiB).toFixed(1)} GiB in ${seconds.toFixed(0)} s (${(size / MiB / seconds).toFixed(1)} MiB/s), faults injected: ${JSON.stringify(stats.byLabel)}, retries shown: ${item.retries ?? 0}`,
      `  ${describe('main (this process: queue, listing, and the fault proxy)', samples.main)}`,
      `  ${describe('engine', samples.engine)}`,
    ];
    for (const line of lines) log(line);
    report.push(...lines);
  };

  log(`soak: generating ${(size / GiB).toFixed(1)} GiB in ${work}`);
  const source = join(work, 'soak.bin');
  const digest = await generate(source);

  proxy.script(faults(partPut, 'request', Math.min(parts, 200)));
  await run('upload', () =>
    queue.enqueueUpload({ sessionId: 'soak', bucket: 'soak', prefix: '', paths: [source] }),
  );
  await rm(source);

  proxy.script(faults(rangedGet, 'response', Math.min(parts, 200)));
  const target = join(work, 'back');
  await mkdir(target);
  await run('download', () =>
    queue.enqueueDownload({
      sessionId: 'soak',
      bucket: 'soak',
      keys: ['soak.bin'],
      prefixes: [],
      targetDir: target,
    }),
  );
  await queue.dispose();
  const back = await sha256File(join(target, 'soak.bin'));
  const identical = back === digest;
  const verdict = `byte-identical: ${identical ? 'yes' : 'NO'} (sha256 ${digest.slice(0, 16)}…)`;
  log(verdict);
  report.push(verdict);
  const file = join(import.meta.dirname, 'results', `soak-${process.env.CROSSBUCKET_SOAK_GIB}gib.md`);
  await writeFile(
    file,
    [
      `# Soak: ${process.env.CROSSBUCKET_SOAK_GIB} GiB up and down through the engine, faults on`,
      '',
      `${new Date().toISOString()}, ${server.name} ${server.version} on 127.0.0.1 behind tests/support/fault-proxy.ts (seed 20; per direction 4 connection resets and 2 flipped bytes among the first requests of parts), default settings, machine shared with other work. Total ${((Date.now() - started) / 1000).toFixed(0)} s.`,
      '',
      ...report.map((l) => `    ${l}`),
      '',
    ].join('\n'),
  );
  if (!identical) process.exitCode = 1;
} finally {
  await proxy.close();
  await server.stop();
  await rm(work, { recursive: true, force: true });
}
