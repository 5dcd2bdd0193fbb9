import type { EventHub } from '../events/event-sink';
import type { Handlers } from '../ipc/dispatcher';
import type { Platform } from '../platform/platform';
import type { S3ClientPool } from '../s3/client-pool';
import type { PathGrants } from '../security/path-grants';
import type { SessionStore } from '../sessions/session-store';
import type { SettingsStore } from '../settings/settings-store';
import type { TransferQueue } from '../transfers/transfer-queue';
import { CompareService } from './compare-service';
import { deepCheck } from './deep-check';
import { reportCsv, reportJson, writeReport } from './report-file';
import { spillFolder } from './row-spill';
import { syncReportsIn } from './sync-reports';
import { SyncService } from './sync-service';

type CompareRequests =
  | 'startCompare'
  | 'cancelCompare'
  | 'deepCheck'
  | 'compareRows'
  | 'planSync'
  | 'runSync'
  | 'syncReport'
  | 'listSyncReports'
  | 'saveSyncReport';

export interface CompareRoom {
  /** Plans are handed to Batch Operations from here (the composition root joins the two rooms). */
  readonly syncs: SyncService;
  readonly handlers: Pick<Handlers, CompareRequests>;
  dispose(): Promise<void>;
}

/**
 * The compare-and-sync room of the composition root: compares (their rows in the data folder),
 * syncs (their reports too, following again the queue items the last run left), and their
 * requests. Built after the transfer queue has read its journal.
 */
export async function createCompareRoom(deps: {
  readonly platform: Platform;
  readonly pool: S3ClientPool;
  readonly sessions: SessionStore;
  readonly grants: PathGrants;
  readonly hub: EventHub;
  readonly settings: SettingsStore;
  readonly transfers: TransferQueue;
  /** The account behind a session, when known: a bucket it lists is that account's. */
  readonly accountOf: (sessionId: string) => string | undefined;
}): Promise<CompareRoom> {
  const { platform, pool, sessions, grants, hub, transfers, accountOf } = deps;
  const compares = new CompareService({
    pool,
    sessions,
    grants,
    sink: hub,
    accountOf,
    spillFolder: spillFolder(platform.dataDir),
  });
  const syncs = new SyncService({
    compares,
    transfers,
    pool,
    accountOf,
    grants,
    thresholds: () => deps.settings.get(),
    reports: syncReportsIn(platform.dataDir),
    onQueueChange: (listener) => hub.add({ emit: (event) => event === 'transfersChanged' && listener() }),
  });
  // After the queue read its journal: rows whose transfers resumed follow them again.
  await syncs.restore();

  return {
    syncs,
    handlers: {
      startCompare: (request) => compares.start(request),
      cancelCompare: async ({ compareId }) => {
        await compares.cancel(compareId);
        return null;
      },
      deepCheck: async ({ compareId, keys }) => {
        const record = compares.get(compareId);
        const rows = await record.actionable.find(new Set(keys));
        const results = [];
        for (const row of rows) {
          const result = await deepCheck(transfers, { ...record.request, owners: record.owners }, row);
          if (result.status !== 'failed')
            compares.settle(compareId, row, {
              ...row,
              status: result.status,
              reasons: result.status === 'different' ? ['deep-check'] : [],
            });
          results.push(result);
        }
        return results;
      },
      compareRows: ({ compareId, statuses, text, offset, limit }) =>
        compares.page(compareId, { statuses: new Set(statuses), text, offset, limit }),
      planSync: ({ compareId, deleteExtra, overwriteUndecided, storageClass, metadata, tags }) =>
        syncs.plan(compareId, {
          deleteExtra,
          overwriteUndecided,
          ...(storageClass && { storageClass }),
          ...(metadata && { metadata }),
          ...(tags && { tags }),
        }),
      runSync: ({ planId, confirmAccount }) => syncs.run(planId, confirmAccount),
      syncReport: async ({ planId }) => syncs.report(planId),
      listSyncReports: async () => syncs.listReports(),
      saveSyncReport: async ({ planId, format }) => {
        const report = syncs.report(planId);
        const path = await platform.pickSaveFile({
          title: 'Save the sync report',
          defaultName: `crossbucket-sync-report.${format}`,
        });
        if (path === null) return { saved: false };
        await writeReport(path, format === 'csv' ? reportCsv(report) : reportJson(report));
        return { saved: true };
      },
    },
    dispose: async () => {
      await syncs.dispose();
      await compares.dispose();
    },
  };
}
