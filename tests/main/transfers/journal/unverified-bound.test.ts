// The journal keeps downloads saved but not verified only up to a bound (the latest 1,000, in the
// queue's order), so a queue never cleared does not grow it without end; unfinished items are
// always kept. Through the real QueueEntries, QueueJournal and JournalFile, read back by readJournal.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { JournalFile } from '../../../../src/main/transfers/journal/journal-file';
import { QueueJournal, UNVERIFIED_KEPT } from '../../../../src/main/transfers/journal/queue-journal';
import { readJournal, type TaskRecord } from '../../../../src/main/transfers/journal/records';
import { QueueEntries } from '../../../../src/main/transfers/queue-entries';
import type { TransferTask } from '../../../../src/main/transfers/transfer-task';
import type { Verification } from '../../../../src/shared/models/transfer';
import { systemClock } from '../../../../src/shared/transfers/clock';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unverified-bound-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A finished (or not) download as the queue holds it; only what the journal reads of it is real. */
const task = (n: number, verification?: Verification): TransferTask => {
  const record: TaskRecord = {
    kind: 'download',
    id: crypto.randomUUID(),
    bucket: 'lake',
    key: `raw/${n}.bin`,
    size: 10,
    targetDir: '/home/me/Downloads',
    relative: `raw/${n}.bin`,
    current: `raw/${n}.bin`,
    folder: false,
  };
  return {
    source: `s3://lake/raw/${n}.bin`,
    retries: { current: () => undefined, used: () => 0 },
    target: () => `/home/me/Downloads/raw/${n}.bin`,
    bytesTotal: () => 10,
    bytesDone: () => 10,
    findExisting: async () => undefined,
    keepBoth: async () => {},
    run: async () => {},
    discard: async () => {},
    checkpoint: () => record,
    restartReason: () => undefined,
    verification: () => verification,
  };
};

it('keeps every unfinished item and only the latest unverified downloads; verified ones leave', async () => {
  const entries = new QueueEntries();
  const session = { source: { kind: 'profile' as const, profile: 'me' }, name: 'me', label: 'me' };
  const unverified = UNVERIFIED_KEPT + 3;
  entries.add(
    'download',
    ['me'],
    [
      { task: task(-1) },
      ...Array.from({ length: unverified }, (_, n) => ({
        task: task(n, { state: 'not-verified', reason: 'etag-not-md5' }),
      })),
      { task: task(-2, { state: 'verified', by: 'md5' }) },
    ],
    [session],
  );
  const [waiting, ...rest] = entries.all;
  for (const entry of rest) entries.setStatus(entry, 'done');
  const journal = new QueueJournal(entries, new JournalFile(dir), systemClock);
  journal.changed();
  await journal.close();

  const doc = readJournal(await readFile(join(dir, 'transfer-journal.json'), 'utf8'));
  if (!doc.ok) throw new Error(doc.reason);
  expect(doc.rejected).toBe(0);
  expect(doc.items[0]).toMatchObject({ id: waiting?.id, resumeAs: 'queued' });
  expect(doc.items[0]?.unverified).toBeUndefined();
  const kept = doc.items.slice(1);
  expect(kept).toHaveLength(UNVERIFIED_KEPT);
  expect(UNVERIFIED_KEPT).toBe(1_000);
  // The three oldest are left out, the verified one is not kept, the order is the queue's.
  expect(kept.map((r) => r.id)).toEqual(rest.slice(3, 3 + UNVERIFIED_KEPT).map((e) => e.id));
  expect(new Set(kept.map((r) => r.unverified))).toEqual(new Set(['etag-not-md5']));
});
