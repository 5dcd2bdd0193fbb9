import type { Measurement } from './exec';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export interface WorkloadSpec {
  readonly id: string;
  readonly title: string;
  /** Bytes moved per run (0 for listing). */
  readonly bytes: number;
  /** Files moved or keys listed per run. */
  readonly items: number;
}

export interface ContenderRuns {
  readonly name: string;
  readonly runs: readonly Measurement[];
  /** Set when a run failed; its other runs are not reported. */
  readonly error?: string;
}

export interface Row {
  readonly contender: string;
  readonly wallMedian: number;
  readonly wallMin: number;
  readonly wallMax: number;
  /** MiB/s for transfers, keys/s for listing, from the median wall time. */
  readonly throughput: number;
  readonly filesPerSecond?: number;
  readonly cpuSeconds: number;
  readonly cpuPerGiB?: number;
  readonly peakRssMiB: number;
  readonly ratioToLimit: number;
  readonly ratioToAws?: number;
  /** Median over runs of main's event-loop delay p99 (Crossbucket only), ms. */
  readonly mainLoopDelayP99Ms?: number;
}

export interface WorkloadResult extends WorkloadSpec {
  readonly unit: 'MiB/s' | 'keys/s';
  readonly limit: number;
  readonly limitBy: string;
  readonly rows: readonly Row[];
  readonly failures: readonly { readonly contender: string; readonly error: string }[];
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function summarise(spec: WorkloadSpec, results: readonly ContenderRuns[]): WorkloadResult {
  const listing = spec.bytes === 0;
  const base = results
    .filter((r) => !r.error && r.runs.length > 0)
    .map((r) => {
      const walls = r.runs.map((m) => m.wallSeconds);
      const wallMedian = median(walls);
      const cpuSeconds = median(r.runs.map((m) => m.cpuSeconds));
      return {
        contender: r.name,
        wallMedian,
        wallMin: Math.min(...walls),
        wallMax: Math.max(...walls),
        throughput: listing ? spec.items / wallMedian : spec.bytes / MiB / wallMedian,
        ...(spec.items > 1 && !listing ? { filesPerSecond: spec.items / wallMedian } : {}),
        cpuSeconds,
        ...(listing ? {} : { cpuPerGiB: cpuSeconds / (spec.bytes / GiB) }),
        peakRssMiB: Math.max(...r.runs.map((m) => m.peakRssMiB)),
        ...loopDelayOf(r.runs),
      };
    });
  const best = base.reduce((a, b) => (b.throughput > a.throughput ? b : a), base[0]!);
  const aws = base.find((r) => r.contender === 'aws-cli');
  return {
    ...spec,
    unit: listing ? 'keys/s' : 'MiB/s',
    limit: best?.throughput ?? 0,
    limitBy: best?.contender ?? 'none',
    rows: base.map((r) => ({
      ...r,
      ratioToLimit: r.throughput / best.throughput,
      ...(aws ? { ratioToAws: r.throughput / aws.throughput } : {}),
    })),
    failures: results.flatMap((r) => (r.error ? [{ contender: r.name, error: r.error }] : [])),
  };
}

function loopDelayOf(runs: readonly Measurement[]): { mainLoopDelayP99Ms?: number } {
  const delays = runs.flatMap((m) => (m.mainLoopDelayP99Ms === undefined ? [] : [m.mainLoopDelayP99Ms]));
  return delays.length > 0 ? { mainLoopDelayP99Ms: median(delays) } : {};
}

const f = (n: number | undefined, digits = 2): string => (n === undefined ? '–' : n.toFixed(digits));

export function markdownTable(w: WorkloadResult): string {
  const lines = [
    `### ${w.title}`,
    '',
    `Limit: ${f(w.limit, 1)} ${w.unit} (${w.limitBy}).`,
    '',
    `| contender | wall median (min–max) s | ${w.unit} | files/s | CPU s | CPU s/GiB | peak RSS MiB | × limit | × aws-cli |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...w.rows.map(
      (r) =>
        `| ${r.contender} | ${f(r.wallMedian)} (${f(r.wallMin)}–${f(r.wallMax)}) | ${f(r.throughput, 1)} | ${f(r.filesPerSecond, 0)} | ${f(r.cpuSeconds)} | ${f(r.cpuPerGiB)} | ${f(r.peakRssMiB, 0)} | ${f(r.ratioToLimit)} | ${f(r.ratioToAws)} |`,
    ),
    ...w.failures.map(
      (x) => `| ${x.contender} | FAILED: ${x.error.replace(/\|/g, '/').slice(0, 200)} | | | | | | | |`,
    ),
    '',
    ...w.rows.flatMap((r) =>
      r.mainLoopDelayP99Ms === undefined
        ? []
        : [
            `${r.contender}: main's event-loop delay p99 during the run ${f(r.mainLoopDelayP99Ms, 1)} ms (transfers in the engine process).`,
            '',
          ],
    ),
  ];
  return lines.join('\n');
}
