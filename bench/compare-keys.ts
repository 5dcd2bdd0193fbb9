/**
 * Compare benchmark: two listings of N keys each (a million in the full run) compared by the
 * real CompareService through the real S3 client, against a stand-in that answers ListObjectsV2
 * with generated pages of 1,000 (seeding two million objects into a server would take hours and
 * measure the server). Reports the time to the first rows, the total time and the process's peak
 * RSS, which must stay flat as N grows: the merge holds one page of each side.
 * Run the section alone with `npm run bench:compare` (every case, each in its own process, written
 * to bench/results/compare.md), or one case with `npx tsx bench/compare-keys.ts KEYS DIFFERING`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CompareService } from '../src/main/compare/compare-service';
import type { EventSink } from '../src/main/events/event-sink';
import { S3ClientPool } from '../src/main/s3/client-pool';
import { PathGrants } from '../src/main/security/path-grants';
import type { SessionAccess } from '../src/main/sessions/session-access';
import type { ComparePage, RowStatus } from '../src/shared/models/compare';

const run = promisify(execFile);
const PAGE = 1000;
const MiB = 1024 * 1024;

export interface CompareBench {
  readonly keysPerSide: number;
  readonly firstRowsMs: number;
  readonly totalMs: number;
  readonly rowsPerSecond: number;
  /** Sampled every 20 ms while the compare ran: the process's resident set and JS heap. */
  readonly peakRssMiB: number;
  readonly peakHeapMiB: number;
  /** JS heap a full GC leaves once the compare finished (its record still held), less the heap before it: what main keeps. */
  readonly retainedHeapMiB: number;
  readonly differing: number;
  readonly counts: ComparePage['counts'];
  /** The window's slices, from main's store once the compare is done: 100 rows halfway down the differing ones. */
  readonly slices: {
    readonly middleMs: number;
    /** A key filter's first slice reads the whole file to index the keys holding the text… */
    readonly firstTextMs: number;
    /** …the next one reads a block of it. */
    readonly nextTextMs: number;
  };
}

/** How long main takes to answer the window's ask for a slice of the rows. */
async function timed(ask: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await ask();
  return performance.now() - started;
}

const keyAt = (i: number): string => `data/${String(i).padStart(8, '0')}`;
const md5ish = (i: number, salt: string): string => `${salt}${i.toString(16).padStart(30, '0')}`.slice(0, 32);

/**
 * One side's page: the right side lacks every 1,000th key, and of every 1,000 keys the first
 * `differing` (a fraction) differ in size; the rest differ in size or ETag now and then.
 */
function page(
  side: 'left' | 'right',
  keys: number,
  differing: number,
  from: number,
): { xml: string; next?: number } {
  const parts: string[] = [];
  let i = from;
  let n = 0;
  for (; i < keys && n < PAGE; i++) {
    if (side === 'right' && i % 1000 === 999) continue;
    const size = side === 'right' && (i % 997 === 0 || i % 1000 < differing * 1000) ? 2048 : 1024;
    const etag = md5ish(i, side === 'right' && i % 1009 === 0 ? 'f' : 'a');
    parts.push(
      `<Contents><Key>${keyAt(i)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"${etag}"</ETag><Size>${size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    );
    n++;
  }
  const more = i < keys;
  const xml = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${side}</Name><Prefix>data/</Prefix><KeyCount>${n}</KeyCount><MaxKeys>${PAGE}</MaxKeys><IsTruncated>${more}</IsTruncated>${parts.join('')}${more ? `<NextContinuationToken>${i}</NextContinuationToken>` : ''}</ListBucketResult>`;
  return { xml, ...(more && { next: i }) };
}

function standIn(keys: number, differing: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const bucket = url.pathname.split('/')[1];
    if (url.searchParams.get('list-type') !== '2' || (bucket !== 'left' && bucket !== 'right')) {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<Error><Code>ServerSideEncryptionConfigurationNotFoundError</Code></Error>');
      return;
    }
    const from = Number(url.searchParams.get('continuation-token') ?? 0);
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(page(bucket, keys, differing, from).xml);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A full collection, reached without --expose-gc (the bench runs under tsx). */
const collect = (): void => {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
};

export async function runCompareBench(keys: number, differing = 0): Promise<CompareBench> {
  const server = await standIn(keys, differing);
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sessions: SessionAccess = {
    credentials: async () => ({ accessKeyId: 'bench', secretAccessKey: 'bench-secret' }),
    context: () => ({ region: 'us-east-1', s3Endpoint: endpoint }),
    onRenewed: () => () => undefined,
    onLapsed: () => () => undefined,
  };
  const pool = new S3ClientPool(sessions);
  let firstRowsAt: number | undefined;
  let rows = 0;
  let finish: (page: ComparePage) => void = () => undefined;
  const finished = new Promise<ComparePage>((resolve) => {
    finish = resolve;
  });
  // The window's side is not measured: rows are counted and dropped as they would be sent.
  const sink: EventSink = {
    emit: (event, payload) => {
      if (event !== 'comparePage') return;
      const p = payload as ComparePage;
      rows += p.rows.length;
      if (firstRowsAt === undefined && p.rows.length > 0) firstRowsAt = performance.now();
      if (p.done) finish(p);
    },
  };
  const compares = new CompareService({
    pool,
    sessions,
    grants: new PathGrants(),
    sink,
    accountOf: () => undefined,
    spillFolder: await mkdtemp(join(tmpdir(), 'bench-compare-rows-')),
  });
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  collect();
  const before = process.memoryUsage().heapUsed;
  const sampler = setInterval(sample, 20);
  const started = performance.now();
  const { compareId } = await compares.start({
    left: { kind: 's3', sessionId: 'a', bucket: 'left', prefix: 'data/' },
    right: { kind: 's3', sessionId: 'b', bucket: 'right', prefix: 'data/' },
    mode: 'content',
  });
  const last = await finished;
  const totalMs = performance.now() - started;
  clearInterval(sampler);
  sample();
  collect();
  const retained = process.memoryUsage().heapUsed - before;
  const differingRows = new Set<RowStatus>(['different', 'only-left', 'only-right', 'undecided']);
  const slice = (offset: number, text = '') =>
    compares.page(compareId, { statuses: differingRows, text, offset, limit: 100 });
  const middle = Math.floor((last.counts.different + last.counts['only-left']) / 2);
  const slices = {
    middleMs: await timed(() => slice(middle)),
    firstTextMs: await timed(() => slice(0, '99')),
    nextTextMs: await timed(() => slice(100, '99')),
  };
  await compares.dispose();
  server.close();
  if (last.error) throw new Error(last.error.message);
  return {
    keysPerSide: keys,
    firstRowsMs: (firstRowsAt ?? performance.now()) - started,
    totalMs,
    rowsPerSecond: rows / (totalMs / 1000),
    peakRssMiB: peakRss / MiB,
    peakHeapMiB: peakHeap / MiB,
    retainedHeapMiB: retained / MiB,
    differing,
    counts: last.counts,
    slices,
  };
}

/** A compare size: keys per side and the fraction of them that differ. */
export interface CompareCase {
  readonly keys: number;
  readonly differing: number;
}

export const compareCases: readonly CompareCase[] = [
  { keys: 100_000, differing: 0.1 },
  { keys: 1_000_000, differing: 0.1 },
  { keys: 100_000, differing: 1 },
  { keys: 1_000_000, differing: 1 },
];

const THIS_FILE = fileURLToPath(import.meta.url);

/**
 * Each case in a process of its own (tsx's loader passed on): its peak RSS is the compare's,
 * not what an earlier part of the bench left behind.
 */
export async function runCompareCases(
  cases: readonly CompareCase[],
  log: (line: string) => void,
): Promise<CompareBench[]> {
  const results: CompareBench[] = [];
  for (const { keys, differing } of cases) {
    const { stdout } = await run(
      process.execPath,
      [...process.execArgv, THIS_FILE, String(keys), String(differing), '--json'],
      { maxBuffer: 1024 * 1024 },
    );
    const bench = JSON.parse(stdout.trim().split('\n').pop() ?? '') as CompareBench;
    log(`compare: ${compareLine(bench)}`);
    results.push(bench);
  }
  return results;
}

export const compareLine = (b: CompareBench): string =>
  `${b.keysPerSide.toLocaleString('en')} keys per side, ${Math.round(b.differing * 100)} % differing: first rows after ${b.firstRowsMs.toFixed(0)} ms, done in ${(b.totalMs / 1000).toFixed(1)} s (${Math.round(b.rowsPerSecond).toLocaleString('en')} rows/s), peak RSS ${b.peakRssMiB.toFixed(0)} MiB, peak heap ${b.peakHeapMiB.toFixed(0)} MiB, heap kept after it ${b.retainedHeapMiB.toFixed(0)} MiB; rows: ${Object.entries(
    b.counts,
  )
    .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
    .join(
      ', ',
    )}; the window's slice of 100 rows halfway down ${b.slices.middleMs.toFixed(0)} ms, by a key filter ${b.slices.firstTextMs.toFixed(0)} ms the first time (indexing), ${b.slices.nextTextMs.toFixed(0)} ms after`;

/** `npm run bench:compare`: every case, written to bench/results/compare.md and .json. */
async function section(): Promise<void> {
  const loadAtStart = loadavg()[0] ?? 0;
  const started = new Date();
  const results = await runCompareCases(compareCases, (line) => console.log(line));
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}; 1-minute load average ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end (other work shared the cores: times are slower than on an idle machine, memory is not affected)`;
  const md = [
    `# Compare benchmark (${started.toISOString()})`,
    '',
    `Machine: ${machine}.`,
    '',
    'Two generated listings merged in S3 key order by the real CompareService through the real S3 client; each case in a fresh process (CompareService, S3 client and the listing stand-in: main\'s side of a compare). Peak RSS and heap sampled every 20 ms; "heap kept" is the heap a full GC leaves once the compare finished, less the heap before it (what main holds for the finished compare).',
    '',
    ...results.map((b) => `- ${compareLine(b)}`),
    '',
  ].join('\n');
  const dir = join(dirname(THIS_FILE), 'results');
  await writeFile(join(dir, 'compare.md'), md);
  await writeFile(
    join(dir, 'compare.json'),
    `${JSON.stringify({ date: started.toISOString(), machine, results }, null, 2)}\n`,
  );
  console.log('written: bench/results/compare.md and compare.json');
}

if (process.argv[1] === THIS_FILE) {
  if (process.argv[2] === undefined) await section();
  else {
    const bench = await runCompareBench(Number(process.argv[2]), Number(process.argv[3] ?? 0));
    console.log(process.argv.includes('--json') ? JSON.stringify(bench) : compareLine(bench));
  }
}
