/**
 * `npm run bench`: every contender against the same local S3 server in the same run.
 * `--quick` shrinks every workload for development; `--runs N` sets the repetitions.
 * `--only crossbucket,bare-sdk` and `--workload upload-small,download-big` narrow a run for
 * development; a narrowed run skips the RSS-scaling and renderer parts and writes no results file.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareCases, compareLine, runCompareCases } from './compare-keys';
import { bundleRunners } from './lib/bundle-runners';
import { bareSdk, type Contender, crossbucket, peerContenders } from './lib/contenders';
import { Seeder, writeRandomFile, writeSmallFiles } from './lib/data';
import { type Measurement, measure } from './lib/exec';
import { locatePeers } from './lib/peers';
import {
  type ContenderRuns,
  markdownTable,
  summarise,
  type WorkloadResult,
  type WorkloadSpec,
} from './lib/report';
import { type Server, startServer } from './lib/server';
import { checkTargets, type RssScaling } from './lib/targets';
import type { Workload } from './lib/workload';
import { profilesLine, profilesTargets, runProfilesBench } from './profiles/sidebar-bench';
import { runScrollBench } from './renderer-scroll';
import { runSummaryBench, type SummaryBench, summaryBenchLines } from './storage-summary';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const BUCKET = 'bench';
const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH_DIR, '..');

const quick = process.argv.includes('--quick');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : quick ? 1 : 3;
const listArg = (flag: string): ReadonlySet<string> | undefined => {
  const at = process.argv.indexOf(flag);
  return at > 0 ? new Set((process.argv[at + 1] ?? '').split(',')) : undefined;
};
const onlyContenders = listArg('--only');
const onlyWorkloads = listArg('--workload');
const narrowed = onlyContenders !== undefined || onlyWorkloads !== undefined;
const size = quick
  ? {
      big: 64 * MiB,
      huge: 256 * MiB,
      smallCount: 500,
      smallBytes: 4096,
      listKeys: 5_000,
      rows: 100_000,
      compareCases: compareCases.filter((c) => c.keys === 100_000),
    }
  : {
      big: GiB,
      huge: 4 * GiB,
      smallCount: 10_000,
      smallBytes: 4096,
      listKeys: 100_000,
      rows: 1_000_000,
      compareCases,
    };
/** Keys of the storage summary's prefix (bench/storage-summary.ts). */
const summaryKeys = quick ? 50_000 : 1_000_000;

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const started = Date.now();
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(0)} s`;

const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / GiB),
  kernel: release(),
  node: process.version,
  /** Other work on the machine skews every contender alike, but it is worth knowing about. */
  loadAverageAtStart: loadavg()[0] ?? 0,
};
log(
  `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}`,
);

const server = await startServer(log);
log(`server: ${server.name} ${server.version} at ${server.endpoint}`);
// Real S3 is HTTPS, where the SDK signs UNSIGNED-PAYLOAD and TLS takes the CPU that SHA-256 of
// the payload takes over HTTP: the large-object workloads run against a second, HTTPS server too.
const HTTPS_WORKLOADS = ['upload-big-https', 'download-big-https'];
const tlsServer =
  !onlyWorkloads || HTTPS_WORKLOADS.some((id) => onlyWorkloads.has(id))
    ? await startServer(log, { tls: true })
    : undefined;
if (tlsServer) log(`server: ${tlsServer.name} ${tlsServer.version} at ${tlsServer.endpoint}`);
const work = await mkdtemp(join(tmpdir(), 'cb-bench-'));
const seeder = new Seeder(server);
const tlsSeeder = tlsServer && new Seeder(tlsServer);

try {
  const peers = await locatePeers(log);
  const rcloneConfig = join(work, 'rclone.conf');
  await writeFile(rcloneConfig, '');
  const appVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
  const sdkVersion = (
    JSON.parse(readFileSync(join(ROOT, 'node_modules/@aws-sdk/client-s3/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const contendersOf = (target: Server): Contender[] =>
    [
      crossbucket(`crossbucket ${appVersion}`, target),
      ...peerContenders(peers, target, rcloneConfig),
      bareSdk(`@aws-sdk/client-s3 + lib-storage ${sdkVersion}`, target),
    ].filter((c) => !onlyContenders || onlyContenders.has(c.name));
  const contenders = contendersOf(server);
  const tlsContenders = tlsServer ? contendersOf(tlsServer) : [];
  log('runners: bundling the Crossbucket and bare-SDK runners');
  await bundleRunners();
  // Both servers take the same keys.
  process.env.AWS_ACCESS_KEY_ID = server.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = server.secretAccessKey;

  log(`data: generating in ${work} (${elapsed()})`);
  const src = join(work, 'src');
  await mkdir(src);
  const bigFile = join(src, 'big.bin');
  const hugeFile = join(src, 'huge.bin');
  const smallDir = join(src, 'small');
  await writeRandomFile(bigFile, size.big);
  if (!narrowed) await writeRandomFile(hugeFile, size.huge);
  await writeSmallFiles(smallDir, size.smallCount, size.smallBytes);

  log(`seed: bucket, objects to download, ${size.listKeys} keys to list (not timed) (${elapsed()})`);
  await seeder.createBucket(BUCKET);
  await seeder.putFile(BUCKET, 'data/big.bin', bigFile);
  if (tlsSeeder) {
    await tlsSeeder.createBucket(BUCKET);
    await tlsSeeder.putFile(BUCKET, 'data/big.bin', bigFile);
  }
  if (!narrowed) await seeder.putFile(BUCKET, 'data/huge.bin', hugeFile);
  const smallNames = await readdir(smallDir);
  await seeder.putMany(
    BUCKET,
    smallNames.map((n) => `data/small/${n}`),
    () => Buffer.alloc(size.smallBytes, 7),
  );
  const listWidth = String(size.listKeys).length;
  if (!onlyWorkloads || onlyWorkloads.has('list'))
    await seeder.putMany(
      BUCKET,
      Array.from({ length: size.listKeys }, (_, i) => `list/k${String(i).padStart(listWidth, '0')}`),
      () => Buffer.alloc(0),
    );

  const out = join(work, 'out');
  // On 2 cores one pass of a 10,000-file workload takes minutes per contender; those run once
  // (listing twice) so the whole bench stays under 30 minutes, the 1 GiB ones RUNS times.
  const workloads: {
    spec: WorkloadSpec;
    workload: Workload;
    check: () => Promise<void>;
    runs?: number;
    /** Against the HTTPS server. */
    https?: boolean;
  }[] = [
    {
      spec: { id: 'upload-big', title: `upload 1 file of ${size.big / MiB} MiB`, bytes: size.big, items: 1 },
      workload: { kind: 'upload-file', file: bigFile, bucket: BUCKET, prefix: 'up/' },
      check: async () => {},
    },
    {
      spec: {
        id: 'upload-small',
        title: `upload ${size.smallCount} × 4 KiB files`,
        bytes: size.smallCount * size.smallBytes,
        items: size.smallCount,
      },
      workload: { kind: 'upload-dir', dir: smallDir, bucket: BUCKET, prefix: 'up/' },
      check: async () => {},
      runs: 1,
    },
    {
      spec: {
        id: 'download-big',
        title: `download 1 object of ${size.big / MiB} MiB`,
        bytes: size.big,
        items: 1,
      },
      workload: { kind: 'download-file', bucket: BUCKET, key: 'data/big.bin', dir: out },
      check: async () => {
        const got = (await stat(join(out, 'big.bin'))).size;
        if (got !== size.big) throw new Error(`downloaded ${got} bytes, expected ${size.big}`);
      },
    },
    {
      spec: {
        id: 'download-small',
        title: `download a prefix of ${size.smallCount} × 4 KiB objects`,
        bytes: size.smallCount * size.smallBytes,
        items: size.smallCount,
      },
      workload: { kind: 'download-prefix', bucket: BUCKET, prefix: 'data/small/', dir: out },
      check: async () => {
        const got = (await readdir(join(out, 'small'))).length;
        if (got !== size.smallCount) throw new Error(`downloaded ${got} files, expected ${size.smallCount}`);
      },
      runs: 1,
    },
    {
      spec: {
        id: 'upload-big-https',
        title: `upload 1 file of ${size.big / MiB} MiB over HTTPS`,
        bytes: size.big,
        items: 1,
      },
      workload: { kind: 'upload-file', file: bigFile, bucket: BUCKET, prefix: 'up/' },
      check: async () => {},
      https: true,
    },
    {
      spec: {
        id: 'download-big-https',
        title: `download 1 object of ${size.big / MiB} MiB over HTTPS`,
        bytes: size.big,
        items: 1,
      },
      workload: { kind: 'download-file', bucket: BUCKET, key: 'data/big.bin', dir: out },
      check: async () => {
        const got = (await stat(join(out, 'big.bin'))).size;
        if (got !== size.big) throw new Error(`downloaded ${got} bytes, expected ${size.big}`);
      },
      https: true,
    },
    {
      spec: { id: 'list', title: `list a prefix of ${size.listKeys} keys`, bytes: 0, items: size.listKeys },
      workload: { kind: 'list', bucket: BUCKET, prefix: 'list/' },
      check: async () => {},
      // The listing target is judged on the median of three.
      runs: 3,
    },
  ];

  const once = async (
    contender: Contender,
    workload: Workload,
    check: () => Promise<void>,
    cleaner: Seeder = seeder,
  ): Promise<Measurement> => {
    await rm(out, { recursive: true, force: true });
    await mkdir(out);
    try {
      const m = await measure(contender.command(workload));
      await check();
      return m;
    } finally {
      // Every upload starts from an empty prefix, so no client meets (or asks about) an existing object.
      if (workload.kind.startsWith('upload')) await cleaner.deletePrefix(BUCKET, 'up/');
      await rm(out, { recursive: true, force: true });
    }
  };

  const results = new Map<string, WorkloadResult & { runs: number }>();
  for (const { spec, workload, check, runs: runsCap, https } of workloads) {
    if (onlyWorkloads && !onlyWorkloads.has(spec.id)) continue;
    const set = https ? tlsContenders : contenders;
    const cleaner = https && tlsSeeder ? tlsSeeder : seeder;
    if (set.length === 0) continue;
    const runs = new Map<string, { runs: Measurement[]; error?: string }>(
      set.map((c) => [c.name, { runs: [] }]),
    );
    for (let i = 0; i < Math.min(RUNS, runsCap ?? RUNS); i++) {
      // Rotating the order spreads any warm-up or cache effect over every contender.
      const order = set.map((_, j) => set[(j + i) % set.length]!);
      for (const contender of order) {
        const entry = runs.get(contender.name)!;
        if (entry.error) continue;
        try {
          const m = await once(contender, workload, check, cleaner);
          entry.runs.push(m);
          log(
            `${spec.id} #${i + 1} ${contender.name}: ${m.wallSeconds.toFixed(2)} s, CPU ${m.cpuSeconds.toFixed(2)} s, RSS ${m.peakRssMiB.toFixed(0)} MiB (${elapsed()})`,
          );
        } catch (err) {
          entry.error = err instanceof Error ? err.message : String(err);
          log(`${spec.id} #${i + 1} ${contender.name}: FAILED ${entry.error.slice(0, 300)}`);
        }
      }
    }
    const contenderRuns: ContenderRuns[] = [...runs].map(([name, r]) => ({ name, ...r }));
    const result = { ...summarise(spec, contenderRuns), runs: Math.min(RUNS, runsCap ?? RUNS) };
    results.set(spec.id, result);
    log(markdownTable(result));
  }
  const summaryBench: SummaryBench | undefined =
    !onlyWorkloads || onlyWorkloads.has('storage-summary')
      ? await runSummaryBench({ bucket: BUCKET, keys: summaryKeys, runs: RUNS, log })
      : undefined;
  if (narrowed) log(`narrowed run: done, no results file written (${elapsed()})`);
  else {
    log(`rss: crossbucket with a ${size.huge / MiB} MiB file vs ${size.big / MiB} MiB (${elapsed()})`);
    const ours = contenders[0]!;
    const rssScaling: RssScaling[] = [];
    for (const [direction, small, large] of [
      ['upload', 'upload-big', { kind: 'upload-file', file: hugeFile, bucket: BUCKET, prefix: 'up/' }],
      ['download', 'download-big', { kind: 'download-file', bucket: BUCKET, key: 'data/huge.bin', dir: out }],
    ] as const) {
      const m = await once(ours, large, async () => {});
      rssScaling.push({
        direction,
        smallBytes: size.big,
        smallRssMiB:
          results.get(small)?.rows.find((r) => r.contender === ours.name)?.peakRssMiB ?? Number.NaN,
        largeBytes: size.huge,
        largeRssMiB: m.peakRssMiB,
      });
    }
    await rm(hugeFile, { force: true });

    log(`renderer: ${size.rows} rows, scrolled top to bottom in Chromium (${elapsed()})`);
    const scroll = await runScrollBench(size.rows).catch((err: unknown) => {
      log(`renderer: FAILED ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    const scrollLine = scroll
      ? `frame work p50 ${scroll.p50.toFixed(1)} ms, p95 ${scroll.p95.toFixed(1)} ms, max ${scroll.max.toFixed(1)} ms; frame interval p50 ${scroll.intervalP50.toFixed(1)} ms, p95 ${scroll.intervalP95.toFixed(1)} ms, max ${scroll.intervalMax.toFixed(1)} ms; JS heap ${scroll.heapMiB.toFixed(1)} MiB; ${scroll.frames} frames`
      : 'not measured (see the log)';
    log(`renderer: ${scrollLine}`);

    log(`profiles: 5,000 role profiles, read by main and shown in the sidebar (${elapsed()})`);
    const profiles = await runProfilesBench().catch((err: unknown) => {
      log(`profiles: FAILED ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    const profilesText = profiles ? profilesLine(profiles) : 'not measured (see the log)';
    log(`profiles: ${profilesText}`);

    log(`compare: ${size.compareCases.length} cases, each in its own process (${elapsed()})`);
    const compare = await runCompareCases(size.compareCases, log).catch((err: unknown) => {
      log(`compare: FAILED ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    const compareText = compare
      ? compare.map((b) => `- ${compareLine(b)}`).join('\n')
      : 'not measured (see the log)';

    const targets = [...checkTargets(results, rssScaling, scroll), ...profilesTargets(profiles)];
    const totalSeconds = (Date.now() - started) / 1000;
    const report = {
      date: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      runsPerWorkload: RUNS,
      totalSeconds,
      machine: { ...machine, loadAverageAtEnd: loadavg()[0] },
      server: { name: server.name, version: server.version },
      tlsServer: tlsServer ? { name: tlsServer.name, version: tlsServer.version } : null,
      peers: peers.map((p) =>
        'binary' in p ? { name: p.name, version: p.version } : { name: p.name, missing: p.missing },
      ),
      contenders: contenders.map((c) => ({ name: c.name, version: c.version })),
      workloads: [...results.values()],
      rssScaling,
      renderer: scroll ?? null,
      profiles: profiles ?? null,
      storageSummary: summaryBench ?? null,
      compare: compare ?? null,
      targets,
    };
    const md = [
      `# Crossbucket benchmark (${report.mode}, ${report.date})`,
      '',
      `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB RAM, Linux ${machine.kernel}, Node ${machine.node}; 1-minute load average ${machine.loadAverageAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end.`,
      `Server: ${server.name}, ${server.version}, on 127.0.0.1 with a temp data directory${tlsServer ? ' (the HTTPS workloads: a second instance with a self-signed certificate made for the run, which every client is told to trust)' : ''}. Runs per workload: ${[...results.values()].map((w) => `${w.id} ${w.runs}`).join(', ')}; median and min–max wall time; CPU = user+sys of the client process (median); RSS = peak over runs. Total bench time ${totalSeconds.toFixed(0)} s.`,
      '',
      'Contenders:',
      ...contenders.map((c) => `- ${c.name}: ${c.version}`),
      ...peers.flatMap((p) => ('missing' in p ? [`- ${p.name}: MISSING (${p.missing})`] : [])),
      '',
      ...[...results.values()].map(markdownTable),
      '### Peak RSS against file size (crossbucket)',
      '',
      '| direction | small file | RSS MiB | large file | RSS MiB |',
      '|---|---|---|---|---|',
      ...rssScaling.map(
        (r) =>
          `| ${r.direction} | ${r.smallBytes / MiB} MiB | ${r.smallRssMiB.toFixed(0)} | ${r.largeBytes / MiB} MiB | ${r.largeRssMiB.toFixed(0)} |`,
      ),
      '',
      ...(summaryBench ? summaryBenchLines(summaryBench) : []),
      `### Renderer: ${size.rows} rows scrolled top to bottom (Chromium)`,
      '',
      scrollLine,
      '',
      '### Profiles: 5,000 role profiles (main, then the sidebar in Chromium)',
      '',
      profilesText,
      '',
      '### Compare: two listings merged in S3 key order (CompareService, generated ListObjectsV2 pages; each case in its own process, RSS and heap sampled every 20 ms)',
      '',
      compareText,
      '',
      '### Targets',
      '',
      '| target | measured | met |',
      '|---|---|---|',
      ...targets.map(
        (t) => `| ${t.target} | ${t.value} | ${t.met === undefined ? 'n/a' : t.met ? 'yes' : '**no**'} |`,
      ),
      '',
    ].join('\n');
    const resultsDir = join(BENCH_DIR, 'results');
    await mkdir(resultsDir, { recursive: true });
    const name = quick ? 'quick' : 'latest';
    await writeFile(join(resultsDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(resultsDir, `${name}.md`), md);
    log('');
    log(md);
    log(`written: bench/results/${name}.md and ${name}.json (${elapsed()})`);
  }
} finally {
  seeder.destroy();
  tlsSeeder?.destroy();
  await server.stop();
  await tlsServer?.stop();
  await rm(work, { recursive: true, force: true });
}
