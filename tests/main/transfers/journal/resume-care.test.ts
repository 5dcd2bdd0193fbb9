// A cross-account copy that a quit cut off keeps its care: the queue quits while the copy's
// CreateMultipartUpload is held (the journal knows only that it was sent), a new queue reads the
// journal and makes the upload again — with the same expected owners on every request, the same
// ACL, storage class, metadata and tags — because they come from the journaled record, not from
// whoever queued the copy.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectTaggingCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JournalFile } from '../../../../src/main/transfers/journal/journal-file';
import type { JournalContents } from '../../../../src/main/transfers/journal/records';
import { TransferQueue } from '../../../../src/main/transfers/transfer-queue';
import type { CopyCare } from '../../../../src/shared/engine/records';
import type { TransferStatus } from '../../../../src/shared/models/transfer';
import type { ProxyRequest } from '../../../support/fault-proxy';
import { type FaultWorld, type Lane, MiB, openUploads, startFaultWorld } from '../fault-scenarios';
import { ALPHA, BETA, profileReopener, RecordingSink, waitFor } from '../transfer-fixtures';

const finished = new Set<TransferStatus>(['done', 'skipped', 'failed', 'cancelled']);
const care: CopyCare = {
  acl: 'bucket-owner-full-control',
  metadata: 'keep',
  tags: 'keep',
  storageClass: 'STANDARD_IA',
};

let faults: FaultWorld;
let lane: Lane;
let scratch: string;

const reopener = profileReopener();

const startQueue = (dataDir: string) =>
  new TransferQueue({
    clients: lane.pool,
    engine: lane.engine,
    sessions: lane.sessions,
    sink: new RecordingSink(),
    settings: () => ({ parallelFiles: 1, partSizeMiB: 5, partConcurrency: 2 }),
    journal: { file: new JournalFile(dataDir), sessions: reopener },
  });

const createUpload = (r: ProxyRequest): boolean => r.method === 'POST' && r.query.has('uploads');
const inBucket = (bucket: string) => (r: ProxyRequest) => r.path.startsWith(`/${bucket}/`);

beforeAll(async () => {
  faults = await startFaultWorld();
  lane = await faults.openLane(2121);
  await faults.alphaAdmin.send(
    new PutObjectCommand({
      Bucket: 'alpha-data',
      Key: 'care/big.bin',
      Body: Buffer.alloc(12 * MiB, 5),
      ContentType: 'application/x-ledger',
      Metadata: { origin: 'ledger' },
      Tagging: 'team=data',
    }),
  );
  scratch = await mkdtemp(join(tmpdir(), 'resume-care-'));
}, 120_000);
afterAll(async () => {
  await lane?.close();
  await faults?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('makes the upload again after a restart with the care and owners the journal kept', async () => {
  const dataDir = join(scratch, 'data');
  lane.proxy.script([{ label: 'create held', match: createUpload, fault: { kind: 'stall', seconds: 600 } }]);
  const first = startQueue(dataDir);
  await first.enqueuePairs({
    from: { sessionId: 'alice', bucket: 'alpha-data' },
    to: { sessionId: 'bob', bucket: 'beta-data' },
    pairs: [{ source: 'care/big.bin', targetKey: 'cared/big.bin', size: 12 * MiB, overwrite: false }],
    care: { sourceOwner: ALPHA, targetOwner: BETA, write: care },
  });
  const journalPath = join(dataDir, 'transfer-journal.json');
  await waitFor(() => lane.proxy.count(createUpload) === 1, 'the held CreateMultipartUpload');
  await first.dispose();
  const kept = JSON.parse(await readFile(journalPath, 'utf8')) as JournalContents;
  expect(kept.items[0]?.task).toMatchObject({
    kind: 'copy',
    from: { bucket: 'alpha-data', owner: ALPHA },
    to: { bucket: 'beta-data', owner: BETA },
    care,
    multipart: { since: expect.any(String) },
  });

  lane.proxy.script([]);
  lane.proxy.resetStats();
  const second = startQueue(dataDir);
  await second.restore();
  second.sessionReady('bob', 'bob');
  second.sessionReady('alice', 'alice');
  await waitFor(
    () => second.snapshot().items.every((i) => finished.has(i.status)),
    'the copy to finish',
    120_000,
    () => second.snapshot().items.map((i) => [i.status, i.error?.message]),
  );
  expect(second.snapshot().items.map((i) => i.status)).toEqual(['done']);
  await second.dispose();

  const created = (r: ProxyRequest) => createUpload(r) && inBucket('beta-data')(r);
  expect(lane.proxy.count(created)).toBe(1);
  expect(
    lane.proxy.count(
      (r) =>
        created(r) &&
        r.headers['x-amz-acl'] === 'bucket-owner-full-control' &&
        r.headers['x-amz-storage-class'] === 'STANDARD_IA' &&
        r.headers['x-amz-tagging'] === 'team=data' &&
        r.headers['x-amz-meta-origin'] === 'ledger',
    ),
  ).toBe(1);
  for (const [bucket, owner] of [
    ['beta-data', BETA],
    ['alpha-data', ALPHA],
  ] as const) {
    expect(lane.proxy.count(inBucket(bucket))).toBeGreaterThan(0);
    expect(
      lane.proxy.count((r) => inBucket(bucket)(r) && r.headers['x-amz-expected-bucket-owner'] !== owner),
    ).toBe(0);
  }
  const head = await faults.betaAdmin.send(
    new HeadObjectCommand({ Bucket: 'beta-data', Key: 'cared/big.bin' }),
  );
  expect(head).toMatchObject({
    ContentType: 'application/x-ledger',
    Metadata: { origin: 'ledger' },
    StorageClass: 'STANDARD_IA',
  });
  const tags = await faults.betaAdmin.send(
    new GetObjectTaggingCommand({ Bucket: 'beta-data', Key: 'cared/big.bin' }),
  );
  expect(tags.TagSet).toEqual([{ Key: 'team', Value: 'data' }]);
  // The upload the held Create may have made was found and aborted, not left behind.
  expect(await openUploads(faults.betaAdmin, 'beta-data', 'cared/')).toBe(0);
}, 180_000);
