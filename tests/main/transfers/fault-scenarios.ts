// The fault patterns of issue 14 and the world the fault scenarios run in: moto behind the fault
// proxy, the real S3 client pool (with a short idle timeout) and the real transfer queue.
//
// CI runs reduced sizes; CROSSBUCKET_FAULTS_FULL=1 runs the sizes of the issue (1 GiB each way,
// 1,000 small files each way).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { expect, it } from 'vitest';
import { S3ClientPool } from '../../../src/main/s3/client-pool';
import type { EngineLauncher } from '../../../src/main/transfers/engine-link/engine-channel';
import { localEngine } from '../../../src/main/transfers/engine-link/fork-engine';
import { TransferQueue } from '../../../src/main/transfers/transfer-queue';
import type { TransferItem, TransferStatus } from '../../../src/shared/models/transfer';
import { createWorld, type World, type WorldSpec } from '../../support/aws-world';
import {
  type Fault,
  type FaultProxy,
  type FaultRule,
  type ProxyRequest,
  type ProxyStats,
  startFaultProxy,
} from '../../support/fault-proxy';
import { allow, policy } from '../../support/policies';
import { ALPHA, BETA, FakeSessions, RecordingSink, waitFor } from './transfer-fixtures';

export const MiB = 1024 * 1024;
export const FULL = process.env.CROSSBUCKET_FAULTS_FULL === '1';
/**
 * The socket idle timeout the pool gets here: a stall costs this, not the product's 60 s. Long
 * enough that moto, busy with an 8 MiB part on a loaded machine, is not taken for a stall; with
 * the full sizes moto pauses for seconds on 1 GiB objects, so there it is 30 s.
 */
export const IDLE_TIMEOUT_MS = FULL ? 30_000 : 4_000;
/**
 * How long a scenario's transfers may take to settle: generous, because a hang (a stall nobody
 * gives up on) is what must fail, not a slow machine. A corrupted 1 GiB download is fetched twice.
 */
export const SETTLE_MS = FULL ? 1_800_000 : 180_000;
/** A faulted scenario may also run its control (see ScenarioSuite), then checks what arrived. */
const TEST_MS = 2 * SETTLE_MS + 300_000;

type Matcher = (req: ProxyRequest) => boolean;

/**
 * The requests that carry a workload's data, so a pattern knows where to strike: `reads` bring
 * it in their responses (GETs, listings), `writes` in their bodies (PUTs of objects and parts).
 */
export interface DataRequests {
  readonly reads?: Matcher;
  readonly writes?: Matcher;
  /** Listings carry no checksum: a flipped byte there is not the engine's to catch. */
  readonly unchecked?: boolean;
}

export interface Pattern {
  readonly name: string;
  /** The rules for a workload; a string says why the pattern cannot apply to it (the figures print it). */
  rules(data: DataRequests): readonly FaultRule[] | string;
}

const either =
  ({ reads, writes }: DataRequests): Matcher =>
  (req) =>
    (reads?.(req) ?? false) || (writes?.(req) ?? false);

const rule = (match: Matcher, fault: Fault, times: number, within?: number): FaultRule => ({
  match,
  fault,
  times,
  within,
});

/** Each fault pattern of the issue. Faults strike a few of the first requests, chosen by the seed. */
export const PATTERNS: readonly Pattern[] = [
  { name: 'none (control)', rules: () => [] },
  {
    name: 'reset mid-request',
    rules: (data) => [rule(either(data), { kind: 'reset', side: 'request' }, 3, 8)],
  },
  {
    name: 'reset mid-response',
    // A PUT's answer has no body: the reset loses the answer after the server acted.
    rules: (data) => [rule(either(data), { kind: 'reset', side: 'response' }, 3, 8)],
  },
  {
    name: 'stall',
    // Mid-body where a body comes back; before the answer where it does not.
    rules: ({ reads, writes }) => [
      ...(reads ? [rule(reads, { kind: 'stall', seconds: 600, afterBytes: 2048 }, 1, 4)] : []),
      ...(writes ? [rule(writes, { kind: 'stall', seconds: 600 }, 1, 4)] : []),
    ],
  },
  {
    name: 'truncated body',
    rules: ({ reads }) =>
      reads ? [rule(reads, { kind: 'truncate' }, 3, 8)] : 'answers to PUTs have no body to cut',
  },
  {
    name: '500 burst',
    rules: (data) => [rule(either(data), { kind: 'status', status: 500, code: 'InternalError' }, 4)],
  },
  {
    name: '503 SlowDown, Retry-After',
    rules: (data) => [
      rule(either(data), { kind: 'status', status: 503, code: 'SlowDown', retryAfterSeconds: 1 }, 4),
    ],
  },
  {
    name: '503 SlowDown',
    rules: (data) => [rule(either(data), { kind: 'status', status: 503, code: 'SlowDown' }, 4)],
  },
  {
    name: 'flipped byte',
    rules: ({ reads, writes, unchecked }) =>
      unchecked
        ? 'a listing carries no checksum to check (TLS is what protects it)'
        : [
            ...(reads ? [rule(reads, { kind: 'flip', side: 'response' }, 2, 6)] : []),
            ...(writes ? [rule(writes, { kind: 'flip', side: 'request' }, 2, 6)] : []),
          ],
  },
  {
    name: 'refused connections',
    rules: (data) => [rule(either(data), { kind: 'refuse', forMs: 1_500 }, 1, 4)],
  },
  {
    name: 'server restart',
    rules: (data) => [rule(either(data), { kind: 'restart', downMs: 1_500 }, 1, 4)],
  },
];

/** GetObject requests in `bucket` (not listings, HEADs, or subresources such as ?tagging). */
export const objectGets =
  (bucket: string) =>
  (req: ProxyRequest): boolean =>
    req.method === 'GET' && req.path.startsWith(`/${bucket}/`) && req.query.get('x-id') === 'GetObject';

/** PUTs of objects and parts in `bucket`. */
export const objectPuts =
  (bucket: string) =>
  (req: ProxyRequest): boolean =>
    req.method === 'PUT' && req.path.startsWith(`/${bucket}/`);

/** ListObjectsV2 pages of `bucket`. */
export const listings =
  (bucket: string) =>
  (req: ProxyRequest): boolean =>
    req.method === 'GET' &&
    (req.path === `/${bucket}` || req.path === `/${bucket}/`) &&
    req.query.has('list-type');

/** One scenario's way to moto: its own proxy (so its faults and figures are its own) and client pool. */
export interface Lane {
  readonly proxy: FaultProxy;
  readonly sessions: FakeSessions;
  readonly pool: S3ClientPool;
  /** The engine process, with the lane's short idle timeout. */
  readonly engine: EngineLauncher;
  close(): Promise<void>;
}

export interface FaultWorld {
  readonly world: World;
  readonly alphaAdmin: S3Client;
  readonly betaAdmin: S3Client;
  /** A lane through a fresh fault proxy seeded with `seed`. */
  openLane(seed: number): Promise<Lane>;
  dispose(): Promise<void>;
}

/** alice (ALPHA, alpha-data) and bob (BETA, beta-data) with all of S3; scenarios reach them through lanes. */
export async function startFaultWorld(extra: WorldSpec['accounts'] = {}): Promise<FaultWorld> {
  const world = await createWorld({
    accounts: {
      [ALPHA]: {
        users: { alice: { policies: [policy(allow('s3:*'))] } },
        buckets: { 'alpha-data': {}, ...extra[ALPHA]?.buckets },
      },
      [BETA]: { users: { bob: { policies: [policy(allow('s3:*'))] } }, buckets: { 'beta-data': {} } },
    },
  });
  // The recorder would keep a copy of every body; nothing here reads it.
  await world.moto.setRecording(false);
  return {
    world,
    alphaAdmin: world.s3For(ALPHA),
    betaAdmin: world.s3For(BETA),
    async openLane(seed) {
      const proxy = await startFaultProxy({ upstream: world.moto.endpoint, seed });
      const sessions = new FakeSessions({ alice: world.users.alice!, bob: world.users.bob! }, proxy.endpoint);
      const pool = new S3ClientPool(sessions, { idleTimeoutMs: IDLE_TIMEOUT_MS });
      return {
        proxy,
        sessions,
        pool,
        engine: localEngine({ args: [`--idle-timeout-ms=${IDLE_TIMEOUT_MS}`] }),
        async close() {
          pool.dropSession('alice');
          pool.dropSession('bob');
          await proxy.close();
        },
      };
    },
    dispose: () => world.dispose(),
  };
}

const finished = new Set<TransferStatus>(['done', 'skipped', 'failed', 'cancelled']);

export interface QueueRun {
  readonly queue: TransferQueue;
  readonly sink: RecordingSink;
  /** Waits until every item settled; throws (with their states) after `timeoutMs`. */
  settle(timeoutMs?: number): Promise<readonly TransferItem[]>;
}

export function startQueue(lane: Lane, partSizeMiB = 8): QueueRun {
  const sink = new RecordingSink();
  const queue = new TransferQueue({
    clients: lane.pool,
    engine: lane.engine,
    sessions: lane.sessions,
    sink,
    settings: () => ({ parallelFiles: 4, partSizeMiB, partConcurrency: 4 }),
  });
  return {
    queue,
    sink,
    async settle(timeoutMs = 120_000) {
      await waitFor(
        () => queue.snapshot().items.every((i) => finished.has(i.status)),
        'the queue to settle',
        timeoutMs,
        () =>
          queue
            .snapshot()
            .items.filter((i) => !finished.has(i.status))
            .map((i) => [i.target, i.status, i.bytesDone, i.retry]),
      );
      return queue.snapshot().items;
    },
  };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Every file under `dir`, relative to it (temporary `.crossbucket-part-` files included). */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Multipart uploads left open under `prefix` (other scenarios may be uploading elsewhere). */
export async function openUploads(client: S3Client, bucket: string, prefix = ''): Promise<number> {
  const out = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
  return out.Uploads?.length ?? 0;
}

export interface Figures {
  readonly workload: string;
  readonly pattern: string;
  readonly faults: number;
  readonly completed: number;
  readonly bytesVerified: number;
  readonly retries: number;
  readonly requests: number;
  readonly orphans: number;
  readonly note?: string;
}

/** A figures row for a pattern that cannot strike a workload, saying why. */
export const notApplicable = (workload: string, pattern: string, note: string): Figures => ({
  workload,
  pattern,
  note,
  faults: 0,
  completed: 0,
  bytesVerified: 0,
  retries: 0,
  requests: 0,
  orphans: 0,
});

export const retriesOf = (items: readonly TransferItem[]): number =>
  items.reduce((sum, i) => sum + (i.retries ?? 0), 0);

/** The figures of a file's scenarios as one table in the test output. */
export function printFigures(title: string, rows: readonly Figures[]): void {
  const header = [
    'workload',
    'pattern',
    'faults',
    'completed',
    'MiB verified',
    'retries',
    'requests',
    'orphans',
  ];
  const order = (r: Figures) => PATTERNS.findIndex((p) => p.name === r.pattern);
  const sorted = [...rows].sort((a, b) => a.workload.localeCompare(b.workload) || order(a) - order(b));
  const lines = sorted.map((r) =>
    r.note
      ? [r.workload, r.pattern, `n/a: ${r.note}`]
      : [
          r.workload,
          r.pattern,
          String(r.faults),
          String(r.completed),
          (r.bytesVerified / MiB).toFixed(1),
          String(r.retries),
          String(r.requests),
          String(r.orphans),
        ],
  );
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map((l) => (l.length > 3 ? (l[i] ?? '').length : 0))),
  );
  const row = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(
    [
      `\n${title}${FULL ? ' (full sizes)' : ' (CI sizes; CROSSBUCKET_FAULTS_FULL=1 for the full ones)'}`,
      row(header),
      ...lines.map(row),
    ].join('\n'),
  );
}

/**
 * At most `n` scenarios at once. The scenarios mostly wait (back-off, stalls, outages), so a few
 * side by side cut the suite's time; more would load moto's single Python thread until it looks
 * like a stalled server itself.
 */
export function limiter(n: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

export interface ScenarioSpec {
  readonly workload: string;
  readonly pattern: string;
  readonly rules: readonly FaultRule[];
  readonly seed: number;
  readonly partSizeMiB?: number;
}

/** What a scenario's `run` reports: bytes it verified and multipart uploads it found left open. */
export interface Checked {
  readonly bytes: number;
  readonly orphans: number;
}

type ScenarioRun = (queue: QueueRun, lane: Lane) => Promise<Checked>;

/**
 * The scenarios of one test file: they share a moto world, run a few at a time, and compare their
 * request counts with their workload's fault-free control. A control runs once, as its own test or
 * on the first faulted scenario that needs it (so a `-t` filter that leaves it out still works).
 */
export class ScenarioSuite {
  readonly figures: Figures[] = [];
  readonly #slot: <T>(work: () => Promise<T>) => Promise<T>;
  readonly #controls = new Map<string, () => Promise<number>>();

  constructor(
    private readonly world: () => FaultWorld,
    concurrency: number,
  ) {
    this.#slot = limiter(concurrency);
  }

  /** Registers the test for one workload under one pattern, or the figures line saying why it cannot apply. */
  scenario(
    spec: Omit<ScenarioSpec, 'rules'> & { readonly rules: readonly FaultRule[] | string },
    run: ScenarioRun,
    title: string,
  ): void {
    const { rules } = spec;
    if (typeof rules === 'string') {
      this.figures.push(notApplicable(spec.workload, spec.pattern, rules));
      return;
    }
    const once = () => this.#slot(() => this.#run({ ...spec, rules }, run));
    if (rules.length === 0) {
      let started: Promise<number> | undefined;
      this.#controls.set(spec.workload, () => {
        started ??= once().then((stats) => stats.requests);
        return started;
      });
      it(title, () => this.#controls.get(spec.workload)?.(), TEST_MS);
      return;
    }
    it(
      title,
      async () => {
        const stats = await once();
        expect(stats.injected.length).toBeGreaterThan(0);
        // At most 15 more requests per fault (3 SDK attempts × 5 engine tries) than without faults.
        const control = this.#controls.get(spec.workload);
        if (!control) throw new Error(`no control scenario for ${spec.workload}`);
        expect(stats.requests).toBeLessThanOrEqual(2 * (await control()) + 15 * stats.injected.length);
      },
      TEST_MS,
    );
  }

  /** One scenario in its own lane; checks nothing was left open and records the figures. */
  async #run(spec: ScenarioSpec, run: ScenarioRun): Promise<ProxyStats> {
    const lane = await this.world().openLane(spec.seed);
    lane.proxy.script(spec.rules);
    const queueRun = startQueue(lane, spec.partSizeMiB);
    try {
      const { bytes, orphans } = await run(queueRun, lane);
      const items = queueRun.queue.snapshot().items;
      const stats = lane.proxy.stats();
      expect(orphans).toBe(0);
      this.figures.push({
        workload: spec.workload,
        pattern: spec.pattern,
        faults: stats.injected.length,
        completed: items.filter((i) => i.status === 'done').length,
        bytesVerified: bytes,
        retries: retriesOf(items),
        requests: stats.requests,
        orphans,
      });
      return stats;
    } finally {
      await queueRun.queue.dispose();
      await lane.close();
    }
  }
}

/** Items that did not end done, with why: `[]` when all did. */
export const notDone = (items: readonly TransferItem[]) =>
  items.filter((i) => i.status !== 'done').map((i) => [i.target, i.status, i.error?.message]);
