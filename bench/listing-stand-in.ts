/**
 * A loopback server that answers ListObjectsV2 for one prefix of N generated keys, page by page,
 * without storing them: the storage summary's bench needs a 1,000,000-key prefix, and putting
 * that many objects into MinIO takes about 50 minutes here (50,000 took 150 s). Keys are spread
 * over ten sub-prefixes, with sizes, storage classes and ages that vary, as a real prefix's do.
 * Answers in S3's XML, URL-encoded keys when asked; no auth (the clients sign anyway).
 */
import { createServer, type Server } from 'node:http';

const PAGE = 1000;
const CLASSES = ['STANDARD', 'STANDARD', 'STANDARD', 'STANDARD_IA', 'GLACIER', 'INTELLIGENT_TIERING'];
const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-12-01T00:00:00Z');

export interface ListingStandIn {
  readonly endpoint: string;
  readonly keys: number;
  /** Keys of one sub-prefix. */
  readonly perSubPrefix: number;
  stop(): Promise<void>;
}

const keyOf = (prefix: string, i: number, per: number, width: number): string =>
  `${prefix}p${Math.floor(i / per)}/k${String(i).padStart(width, '0')}`;

function page(prefix: string, start: number, end: number, per: number, width: number): string {
  const parts: string[] = [];
  for (let i = start; i < end; i++) {
    const key = keyOf(prefix, i, per, width);
    const modified = new Date(NOW - (i % 900) * DAY_MS).toISOString();
    parts.push(
      `<Contents><Key>${encodeURIComponent(key)}</Key><LastModified>${modified}</LastModified><ETag>"d41d8cd98f00b204e9800998ecf8427e"</ETag><Size>${(i * 7919) % 300_000}</Size><StorageClass>${CLASSES[i % CLASSES.length]}</StorageClass></Contents>`,
    );
  }
  return parts.join('');
}

/** Serves `keys` keys under `prefix` (which ends in '/'); a listing of one sub-prefix gets its keys only. */
export function startListingStandIn(bucket: string, prefix: string, keys: number): Promise<ListingStandIn> {
  const per = Math.ceil(keys / 10);
  const width = String(keys).length;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const listPrefix = url.searchParams.get('prefix') ?? '';
    // The range of indexes whose keys start with the listed prefix: all, or one sub-prefix.
    const sub = /^p(\d+)\/$/.exec(listPrefix.slice(prefix.length));
    const [from, to] =
      listPrefix === prefix
        ? [0, keys]
        : sub
          ? [Number(sub[1]) * per, Math.min(keys, (Number(sub[1]) + 1) * per)]
          : [0, 0];
    const start = Math.max(from, Number(url.searchParams.get('continuation-token') ?? from));
    const end = Math.min(to, start + PAGE);
    const truncated = end < to;
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${encodeURIComponent(listPrefix)}</Prefix><KeyCount>${end - start}</KeyCount><MaxKeys>${PAGE}</MaxKeys><EncodingType>url</EncodingType><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${end}</NextContinuationToken>` : ''}${page(prefix, start, end, per, width)}</ListBucketResult>`;
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        keys,
        perSubPrefix: per,
        stop: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
