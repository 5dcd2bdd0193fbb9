// The main-process services a sync test drives, wired as create-services.ts wires them: the
// client pool over the given sessions, compares, a transfer queue with its own engine, and syncs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncReportsIn } from '../../../src/main/compare/sync-reports';
import { SyncService } from '../../../src/main/compare/sync-service';
import { S3ClientPool } from '../../../src/main/s3/client-pool';
import { PathGrants } from '../../../src/main/security/path-grants';
import { localEngine } from '../../../src/main/transfers/engine-link/fork-engine';
import { TransferQueue } from '../../../src/main/transfers/transfer-queue';
import { type FakeSessions, RecordingSink } from '../transfers/transfer-fixtures';
import { compareService } from './compare-fixtures';

/** `copyPartMiB`: server-side copies above it go part by part (UploadPartCopy). */
export function syncServices(
  sessions: FakeSessions,
  accountOf: (sessionId: string) => string | undefined,
  copyPartMiB?: number,
) {
  const pool = new S3ClientPool(sessions);
  const sink = new RecordingSink();
  const grants = new PathGrants();
  const compares = compareService({ pool, sessions, grants, sink, accountOf });
  const queue = new TransferQueue({
    clients: pool,
    engine: localEngine(),
    sessions,
    sink,
    settings: () => ({ parallelFiles: 2, partSizeMiB: 5, partConcurrency: 2, copyPartMiB }),
  });
  const syncs = new SyncService({
    compares,
    reports: syncReportsIn(mkdtempSync(join(tmpdir(), 'sync-reports-'))),
    transfers: queue,
    pool,
    accountOf,
    grants,
    thresholds: () => ({ batchThresholdObjects: 100_000, batchThresholdGiB: 1024 }),
  });
  return { pool, sink, grants, compares, queue, syncs };
}
