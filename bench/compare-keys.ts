/**
 * Compare benchmark: two listings of N keys each (a million in the full run) compared by the
 * real CompareService through the real S3 client, against a stand-in that answers ListObjectsV2
 * with generated pages of 1,000 (seeding two million objects into a server would take hours and
 * measure the server). Reports the time to the first rows, the total time and the process's peak
 * RSS, which must stay flat as N grows: the merge holds one page of each side.
 * Run alone with `npx tsx bench/compare-keys.ts [keys]`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompareService } from '../src/main/compare/compare-service';
import type { EventSink } from '../src/main/events/event-sink';
import { S3ClientPool } from '../src/main/s3/client-pool';
import { PathGrants } from '../src/main/security/path-grants';
import type { SessionAccess } from '../src/main/sessions/session-access';
import type { ComparePage } from '../src/shared/models/compare';

const PAGE = 1000;

export interface CompareBench {
  readonly keysPerSide: number;
  readonly firstRowsMs: number;
  readonly totalMs: number;
  readonly rowsPerSecond: number;
  readonly peakRssMiB: number;
  readonly counts: ComparePage['counts'];
}

const keyAt = (i: number): string => `data/${String(i).padStart(8, '0')}`;
const md5ish = (i: number, salt: string): string => `${salt}${i.toString(16).padStart(30, '0')}`.slice(0, 32);

/** One side's page: the right side lacks every 1,000th key and differs in size or ETag now and then. */
function page(side: 'left' | 'right', keys: number, from: number): { xml: string; next?: number } {
  const parts: string[] = [];
  let i = from;
  let n = 0;
  for (; i < keys && n < PAGE; i++) {
    if (side === 'right' && i % 1000 === 999) continue;
    const size = side === 'right' && i % 997 === 0 ? 2048 : 1024;
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

function standIn(keys: number): Promise<Server> {
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
    res.end(page(bucket, keys, from).xml);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function runCompareBench(keys: number): Promise<CompareBench> {
  const server = await standIn(keys);
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
  });
  const started = performance.now();
  await compares.start({
    left: { kind: 's3', sessionId: 'a', bucket: 'left', prefix: 'data/' },
    right: { kind: 's3', sessionId: 'b', bucket: 'right', prefix: 'data/' },
    mode: 'content',
  });
  const last = await finished;
  const totalMs = performance.now() - started;
  server.close();
  if (last.error) throw new Error(last.error.message);
  return {
    keysPerSide: keys,
    firstRowsMs: (firstRowsAt ?? performance.now()) - started,
    totalMs,
    rowsPerSecond: rows / (totalMs / 1000),
    // ru_maxrss is in KiB on Linux.
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    counts: last.counts,
  };
}

export const compareLine = (b: CompareBench): string =>
  `${b.keysPerSide.toLocaleString('en')} keys per side: first rows after ${b.firstRowsMs.toFixed(0)} ms, done in ${(b.totalMs / 1000).toFixed(1)} s (${Math.round(b.rowsPerSecond).toLocaleString('en')} rows/s), peak RSS ${b.peakRssMiB.toFixed(0)} MiB; rows: ${Object.entries(
    b.counts,
  )
    .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
    .join(', ')}`;

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const keys = Number(process.argv[2] ?? 1_000_000);
  console.log(compareLine(await runCompareBench(keys)));
}
