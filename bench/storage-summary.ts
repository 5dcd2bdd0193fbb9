/**
 * The storage summary's bench: a prefix of N keys (1,000,000 in a full run) in ten sub-prefixes,
 * served by the listing stand-in (listing-stand-in.ts: MinIO would need about 50 minutes of PUTs),
 * summarised by the app's service against a bare listing of the same prefix with the same client
 * (target: no slower than 1.1×), and its peak RSS at N keys against N/10 (target: flat). Both
 * read the same XML pages, so the ratio is what the tally costs on top of listing.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { CACHE_BIN } from './lib/cache';
import { type Measurement, measure } from './lib/exec';
import { startListingStandIn } from './listing-stand-in';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const RUNNER_DIR = join(CACHE_BIN, '..', 'summary-runner');
const PREFIX = 'summary/';

export interface SummaryBench {
  readonly keys: number;
  readonly runs: number;
  /** Medians over the runs. */
  readonly bareSeconds: number;
  readonly summarySeconds: number;
  readonly ratio: number;
  readonly barePeakRssMiB: number;
  readonly summaryPeakRssMiB: number;
  /** The summary of one sub-prefix (N/10 keys): flat RSS means about the same as at N. */
  readonly tenthKeys: number;
  readonly tenthPeakRssMiB: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

/** Bundled like the transfer runners, so transpiling is not charged to the measured process. */
async function bundleRunner(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir: RUNNER_DIR,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: {
        input: { 'storage-summary-runner': join(BENCH_DIR, 'storage-summary-runner.ts') },
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
    ssr: { noExternal: true, target: 'node' },
  });
  return join(RUNNER_DIR, 'storage-summary-runner.mjs');
}

export async function runSummaryBench(options: {
  readonly bucket: string;
  readonly keys: number;
  readonly runs: number;
  readonly log: (line: string) => void;
}): Promise<SummaryBench> {
  const { bucket, keys, runs, log } = options;
  const server = await startListingStandIn(bucket, PREFIX, keys);
  try {
    return await measureBoth(server.endpoint, bucket, keys, server.perSubPrefix, runs, log);
  } finally {
    await server.stop();
  }
}

async function measureBoth(
  endpoint: string,
  bucket: string,
  keys: number,
  per: number,
  runs: number,
  log: (line: string) => void,
): Promise<SummaryBench> {
  log(`summary: ${keys} keys under ${PREFIX} from the listing stand-in at ${endpoint}`);
  const runner = await bundleRunner();
  const command = (mode: 'bare' | 'summary', prefix: string) => ({
    cmd: process.execPath,
    args: [runner, JSON.stringify({ mode, bucket, prefix })],
    env: { BENCH_ENDPOINT: endpoint },
  });
  const bare: Measurement[] = [];
  const summary: Measurement[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternating spreads any warm-up or cache effect over both.
    for (const [mode, into] of [
      ['bare', bare],
      ['summary', summary],
    ] as const) {
      const m = await measure(command(mode, PREFIX));
      into.push(m);
      log(`summary #${i + 1} ${mode}: ${m.wallSeconds.toFixed(2)} s, RSS ${m.peakRssMiB.toFixed(0)} MiB`);
    }
  }
  const tenth = await measure(command('summary', `${PREFIX}p0/`));
  const result: SummaryBench = {
    keys,
    runs,
    bareSeconds: median(bare.map((m) => m.wallSeconds)),
    summarySeconds: median(summary.map((m) => m.wallSeconds)),
    ratio: median(summary.map((m) => m.wallSeconds)) / median(bare.map((m) => m.wallSeconds)),
    barePeakRssMiB: Math.max(...bare.map((m) => m.peakRssMiB)),
    summaryPeakRssMiB: Math.max(...summary.map((m) => m.peakRssMiB)),
    tenthKeys: per,
    tenthPeakRssMiB: tenth.peakRssMiB,
  };
  for (const line of summaryBenchLines(result)) log(line);
  return result;
}

/** The report's section. */
export function summaryBenchLines(r: SummaryBench): string[] {
  return [
    `### Storage summary of ${r.keys} keys (crossbucket)`,
    '',
    '| run | median wall s | peak RSS MiB |',
    '|---|---|---|',
    `| bare ListObjectsV2 of the prefix (same client, listing stand-in) | ${r.bareSeconds.toFixed(2)} | ${r.barePeakRssMiB.toFixed(0)} |`,
    `| storage summary of the prefix | ${r.summarySeconds.toFixed(2)} | ${r.summaryPeakRssMiB.toFixed(0)} |`,
    `| storage summary of ${r.tenthKeys} keys (one sub-prefix) | — | ${r.tenthPeakRssMiB.toFixed(0)} |`,
    '',
    `Summary vs bare listing: ${r.ratio.toFixed(2)}× (target ≤ 1.10×, ${r.ratio <= 1.1 ? 'met' : '**not met**'}); RSS at ${r.keys} keys vs ${r.tenthKeys}: ${r.summaryPeakRssMiB.toFixed(0)} vs ${r.tenthPeakRssMiB.toFixed(0)} MiB.`,
    '',
  ];
}
