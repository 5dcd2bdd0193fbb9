// The storage summary against moto: one listing without a delimiter, counted per sub-prefix,
// storage class and age; versions and incomplete uploads apart; a selection; cancel; the key
// limit; a denial halfway that leaves a partial result marked partial.
import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventSink } from '../../../src/main/events/event-sink';
import { IncompleteUploadsService } from '../../../src/main/s3/incomplete-uploads';
import {
  StorageSummaryService,
  type SummaryRequest,
} from '../../../src/main/storage-summary/summary-service';
import type { EventPayloads } from '../../../src/shared/ipc/contract';
import type { StorageSummary } from '../../../src/shared/models/storage-summary';
import { leaveUpload } from '../../support/multipart-seed';
import { allow, policy } from '../../support/policies';
import { ACCOUNT, useS3World } from '../s3/s3-fixture';

const BUCKET = 'sizes';
const VERSIONED = 'sizes-versioned';
const MANY = 'sizes-many';
const KiB = 1024;

class Recorder implements EventSink {
  readonly summaries: StorageSummary[] = [];
  emit<E extends keyof EventPayloads>(event: E, payload: EventPayloads[E]): void {
    if (event === 'storageSummaryChanged') this.summaries.push(payload as StorageSummary);
  }
  finished(summaryId: string): Promise<StorageSummary> {
    return new Promise((resolve) => {
      const poll = () => {
        const last = this.summaries.filter((s) => s.summaryId === summaryId).at(-1);
        if (last && last.status !== 'running') resolve(last);
        else setTimeout(poll, 20);
      };
      poll();
    });
  }
}

/** Every key and size under a prefix, by a listing of the test's own. */
async function oracle(client: S3Client, bucket: string, prefix: string) {
  const byChild = new Map<string, { objects: number; bytes: number }>();
  let token: string | undefined;
  do {
    const out = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ContinuationToken: token,
        EncodingType: 'url',
      }),
    );
    for (const o of out.Contents ?? []) {
      const rest = decodeURIComponent(o.Key!).slice(prefix.length);
      const child = rest.includes('/') ? prefix + rest.slice(0, rest.indexOf('/') + 1) : '';
      const t = byChild.get(child) ?? { objects: 0, bytes: 0 };
      byChild.set(child, { objects: t.objects + 1, bytes: t.bytes + (o.Size ?? 0) });
    }
    token = out.NextContinuationToken;
  } while (token);
  return Object.fromEntries(byChild);
}

describe('storage summary', () => {
  const suite = useS3World(
    {
      users: {
        admin: { policies: [policy(allow('s3:*'))] },
        // May read objects but not list them: the listing is refused once auth is enforced.
        reader: { policies: [policy(allow('s3:GetObject'))] },
      },
      buckets: {
        [BUCKET]: {
          objects: { 'logs/a.gz': { size: 100 }, 'logs/2024/b.gz': { size: 200 }, 'top.txt': 'hello' },
        },
        [VERSIONED]: { versioning: true },
        [MANY]: { manyKeys: { prefix: 'k', count: 2500 } },
      },
    },
    { liftAuth: true },
  );
  let admin: S3Client;
  const service = (sink: EventSink, keyLimit = 10_000_000) =>
    new StorageSummaryService({
      pool: suite.pool,
      sink,
      keyLimit: () => keyLimit,
      bucketRegion: async () => 'us-east-1',
      incompleteUploads: (s, b, p) => new IncompleteUploadsService(suite.pool).list(s, b, p),
    });
  const run = async (request: Omit<SummaryRequest, 'sessionId'>, keyLimit?: number, sessionId = 'admin') => {
    const sink = new Recorder();
    const s = service(sink, keyLimit);
    return { summary: await sink.finished(s.start({ sessionId, ...request })), sink, service: s };
  };

  beforeAll(async () => {
    admin = suite.world.s3For(ACCOUNT);
    await admin.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'media/x.mov',
        Body: Buffer.alloc(300 * KiB),
        StorageClass: 'STANDARD_IA',
      }),
    );
    await admin.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'media/old.tar',
        Body: Buffer.alloc(10),
        StorageClass: 'GLACIER',
      }),
    );
    // A key with a control character: XML cannot carry it unless the listing URL-encodes keys.
    await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'odd/bell\u0007.txt', Body: 'ding' }));
    await leaveUpload(admin, BUCKET, 'media/unfinished.bin', [5 * 1024 * KiB, 1234]);
    for (const body of ['v1', 'v22', 'v333'])
      await admin.send(new PutObjectCommand({ Bucket: VERSIONED, Key: 'doc.txt', Body: body }));
    await admin.send(new PutObjectCommand({ Bucket: VERSIONED, Key: 'gone.txt', Body: '12345' }));
    await admin.send(new DeleteObjectCommand({ Bucket: VERSIONED, Key: 'gone.txt' }));
  });

  it('counts objects and bytes per sub-prefix as a listing of the test counts them', async () => {
    const { summary } = await run({ bucket: BUCKET, prefix: '', versions: false });
    expect(summary.status).toBe('done');
    const expected = await oracle(admin, BUCKET, '');
    expect(
      Object.fromEntries(summary.children.map((c) => [c.prefix, { objects: c.objects, bytes: c.bytes }])),
    ).toEqual(expected);
    expect(summary.current).toEqual({ objects: 6, bytes: 100 + 200 + 5 + 300 * KiB + 10 + 4 });
    expect(summary.children[0]?.prefix).toBe('media/');
    expect(summary.children.find((c) => c.prefix === 'media/')?.byClass).toEqual({
      STANDARD_IA: 300 * KiB,
      GLACIER: 10,
    });
    expect(summary.oddKeys).toBe(1);
    expect(summary.keysSeen).toBe(6);
    expect(summary.finishedAt).toBeDefined();
  });

  it('counts per storage class and age band, with bytes a transition would move', async () => {
    const { summary } = await run({ bucket: BUCKET, prefix: '', versions: false });
    const cell = (cls: string) => summary.cells.find((c) => c.storageClass === cls);
    // moto stamps objects with the time they were written: all of them are under 30 days old.
    expect(summary.cells.every((c) => c.age === 'under-30d')).toBe(true);
    expect(cell('STANDARD_IA')).toMatchObject({ objects: 1, bytes: 300 * KiB, transitionBytes: 300 * KiB });
    expect(cell('STANDARD')).toMatchObject({ objects: 4, bytes: 309, transitionBytes: 0 });
  });

  it('keeps incomplete multipart uploads apart, with their parts’ bytes', async () => {
    const { summary } = await run({ bucket: BUCKET, prefix: 'media/', versions: false });
    expect(summary.uploads).toMatchObject({ uploads: 1, parts: 2, bytes: 5 * 1024 * KiB + 1234 });
    expect(summary.current.objects).toBe(2);
    const logs = await run({ bucket: BUCKET, prefix: 'logs/', versions: false });
    expect(logs.summary.uploads).toMatchObject({ uploads: 0, bytes: 0 });
    expect(logs.summary.children.map((c) => [c.prefix, c.objects])).toEqual([
      ['logs/2024/', 1],
      ['', 1],
    ]);
  });

  it('with versions on, counts noncurrent versions and delete markers apart', async () => {
    const { summary } = await run({ bucket: VERSIONED, prefix: '', versions: true });
    expect(summary.current).toEqual({ objects: 1, bytes: 4 });
    expect(summary.noncurrent).toMatchObject({ objects: 3, bytes: 2 + 3 + 5 });
    expect(summary.deleteMarkers).toBe(1);
    const plain = await run({ bucket: VERSIONED, prefix: '', versions: false });
    expect(plain.summary.noncurrent).toBeUndefined();
    expect(plain.summary.current).toEqual({ objects: 1, bytes: 4 });
  });

  it('summarises a selection: the chosen objects and folders only', async () => {
    const { summary } = await run({
      bucket: BUCKET,
      prefix: '',
      versions: false,
      selection: { keys: ['top.txt'], prefixes: ['logs/'] },
    });
    expect(summary.selection).toEqual({ keys: 1, prefixes: 1 });
    expect(summary.current).toEqual({ objects: 3, bytes: 305 });
    expect(summary.uploads?.uploads).toBe(0);
  });

  it('pages through thousands of keys and stops at the user’s key limit, marked so', async () => {
    const all = await run({ bucket: MANY, prefix: '', versions: false });
    expect(all.summary.current.objects).toBe(2500);
    const limited = await run({ bucket: MANY, prefix: '', versions: false }, 1000);
    expect(limited.summary.status).toBe('limit');
    expect(limited.summary.keyLimit).toBe(1000);
    expect(limited.summary.keysSeen).toBe(1000);
  });

  it('a cancelled count says so and keeps what it had', async () => {
    const sink = new Recorder();
    const s = service(sink);
    const id = s.start({ sessionId: 'admin', bucket: MANY, prefix: '', versions: false });
    s.cancel(id);
    const summary = await sink.finished(id);
    expect(summary.status).toBe('cancelled');
    expect(summary.current.objects).toBeLessThan(2500);
    expect(s.list('admin').map((x) => x.summaryId)).toContain(id);
    s.forget('admin');
    expect(s.list('admin')).toEqual([]);
  });

  it('a listing denied halfway keeps the pages it read, marked partial with the denial', async () => {
    const sink = new Recorder();
    let calls = 0;
    const pool = suite.pool;
    const s = new StorageSummaryService({
      // The role loses its permission after the first page: the next page is refused by moto.
      pool: Object.assign(Object.create(pool), {
        withBucket: async <T>(id: string, b: string, fn: (c: S3Client) => Promise<T>) => {
          calls++;
          if (calls === 2) await suite.world.moto.setNoAuthActions(0);
          return pool.withBucket(id, b, fn);
        },
        regionOf: (id: string, b: string) => pool.regionOf(id, b),
      }),
      sink,
      keyLimit: () => 10_000_000,
      bucketRegion: async () => 'us-east-1',
      incompleteUploads: async () => ({ bucket: MANY, uploads: [], truncated: false, partsSkipped: false }),
    });
    try {
      const summary = await sink.finished(
        s.start({ sessionId: 'reader', bucket: MANY, prefix: '', versions: false }),
      );
      expect(summary.status).toBe('partial');
      expect(summary.error?.code).toBe('access-denied');
      expect(summary.error?.details?.action).toBe('s3:ListBucket');
      // What the explainer reads to say which account must change what.
      expect(summary.error?.access).toMatchObject({ action: 's3:ListBucket' });
      expect(summary.current.objects).toBe(1000);
    } finally {
      await suite.world.moto.setNoAuthActions(Number.MAX_SAFE_INTEGER);
    }
  });
});
