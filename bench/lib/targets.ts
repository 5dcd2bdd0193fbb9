import type { WorkloadResult } from './report';

export interface TargetCheck {
  readonly target: string;
  readonly value: string;
  /** Undefined when a contender it compares with did not run. */
  readonly met: boolean | undefined;
}

export interface RssScaling {
  readonly direction: 'upload' | 'download';
  readonly smallBytes: number;
  readonly smallRssMiB: number;
  readonly largeBytes: number;
  readonly largeRssMiB: number;
}

export interface ScrollResult {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

const row = (w: WorkloadResult | undefined, name: string) => w?.rows.find((r) => r.contender === name);

function ratioCheck(w: WorkloadResult | undefined, peer: string, atLeast: number): TargetCheck {
  const ours = row(w, 'crossbucket');
  const theirs = row(w, peer);
  const ratio = ours && theirs ? ours.throughput / theirs.throughput : undefined;
  return {
    target: `${w?.title ?? '?'}: ≥ ${atLeast}× ${peer}`,
    value: ratio === undefined ? 'not measured' : `${ratio.toFixed(2)}×`,
    met: ratio === undefined ? undefined : ratio >= atLeast,
  };
}

/** CPU seconds per file against the bare SDK's, for the small-file workloads. */
function cpuPerFileCheck(w: WorkloadResult | undefined): TargetCheck {
  const ours = row(w, 'crossbucket');
  const bare = row(w, 'bare-sdk');
  const perFile = (r: typeof ours) => (r && w ? r.cpuSeconds / w.items : undefined);
  const [a, b] = [perFile(ours), perFile(bare)];
  return {
    target: `${w?.title ?? '?'}: CPU s per file ≤ bare-sdk`,
    value:
      a === undefined || b === undefined
        ? 'not measured'
        : `${(a * 1000).toFixed(2)} vs ${(b * 1000).toFixed(2)} ms (${(a / b).toFixed(2)}×)`,
    met: a === undefined || b === undefined ? undefined : a <= b,
  };
}

function cpuCheck(w: WorkloadResult | undefined): TargetCheck {
  const ours = row(w, 'crossbucket')?.cpuPerGiB;
  const aws = row(w, 'aws-cli')?.cpuPerGiB;
  const share = ours !== undefined && aws ? ours / aws : undefined;
  return {
    target: `${w?.title ?? '?'}: CPU s/GiB ≤ 0.5× aws-cli`,
    value:
      share === undefined
        ? 'not measured'
        : `${ours!.toFixed(2)} vs ${aws!.toFixed(2)} (${share.toFixed(2)}×)`,
    met: share === undefined ? undefined : share <= 0.5,
  };
}

export function checkTargets(
  byId: ReadonlyMap<string, WorkloadResult>,
  rss: readonly RssScaling[],
  scroll: ScrollResult | undefined,
): TargetCheck[] {
  const upBig = byId.get('upload-big');
  const downBig = byId.get('download-big');
  const upHttps = byId.get('upload-big-https');
  const downHttps = byId.get('download-big-https');
  const upSmall = byId.get('upload-small');
  const downSmall = byId.get('download-small');
  const list = byId.get('list');
  const ours = row(list, 'crossbucket');
  const bare = row(list, 'bare-sdk');
  const listShare = ours && bare ? ours.wallMedian / bare.wallMedian : undefined;
  // The large-object targets hold over HTTP and HTTPS alike.
  const upload = (w: WorkloadResult | undefined) => [
    ratioCheck(w, 'aws-cli', 1.2),
    ratioCheck(w, 's5cmd', 1.0),
  ];
  const download = (w: WorkloadResult | undefined) => [
    ratioCheck(w, 'bare-sdk', 1.3),
    ratioCheck(w, 'aws-cli', 1.5),
    ratioCheck(w, 'rclone', 1.0),
    ratioCheck(w, 's5cmd', 0.7),
  ];
  const small = (w: WorkloadResult | undefined) => [
    ratioCheck(w, 'rclone', 1.0),
    ratioCheck(w, 'aws-cli', 2),
    cpuPerFileCheck(w),
  ];
  return [
    ...upload(upBig),
    ...upload(upHttps),
    ...download(downBig),
    ...download(downHttps),
    ...small(upSmall),
    ...small(downSmall),
    cpuCheck(upBig),
    cpuCheck(downBig),
    cpuCheck(upSmall),
    cpuCheck(downSmall),
    ...rss.map((r) => {
      const delta = Math.abs(r.largeRssMiB - r.smallRssMiB);
      return {
        target: `crossbucket ${r.direction} peak RSS: ${r.smallBytes / 1024 ** 3} GiB vs ${r.largeBytes / 1024 ** 3} GiB within 50 MiB`,
        value: `${r.smallRssMiB.toFixed(0)} vs ${r.largeRssMiB.toFixed(0)} MiB (Δ ${delta.toFixed(0)})`,
        met: delta <= 50,
      };
    }),
    {
      target: 'list: crossbucket within 10 % of the bare SDK loop (median wall time)',
      value: listShare === undefined ? 'not measured' : `${listShare.toFixed(3)}× its wall time`,
      met: listShare === undefined ? undefined : listShare <= 1.1,
    },
    {
      target: '1M-row scroll: p95 frame ≤ 16 ms',
      value: scroll ? `${scroll.p95.toFixed(1)} ms` : 'not measured',
      met: scroll ? scroll.p95 <= 16 : undefined,
    },
    {
      target: '1M-row scroll: max frame ≤ 50 ms',
      value: scroll ? `${scroll.max.toFixed(1)} ms` : 'not measured',
      met: scroll ? scroll.max <= 50 : undefined,
    },
  ];
}
