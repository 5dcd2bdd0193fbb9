import type { AccessService } from '../access/access-service';
import type { EventSink } from '../events/event-sink';
import type { Handlers } from '../ipc/dispatcher';
import type { S3ClientPool } from '../s3/client-pool';
import type { IncompleteUploadsService } from '../s3/incomplete-uploads';
import type { SettingsStore } from '../settings/settings-store';
import { InventoryService } from './inventory/inventory-service';
import { lifecycleProposal } from './lifecycle-proposal';
import { StorageSummaryService } from './summary-service';

type SummaryRequests =
  | 'startStorageSummary'
  | 'cancelStorageSummary'
  | 'listStorageSummaries'
  | 'storageLifecycleRule'
  | 'inventoryStatus'
  | 'summariseFromInventory'
  | 'configureInventory';

export interface SummaryHandlerDeps {
  readonly pool: S3ClientPool;
  readonly sink: EventSink;
  readonly settings: SettingsStore;
  readonly access: AccessService;
  readonly uploads: IncompleteUploadsService;
  readonly bucketRegion: (sessionId: string, bucket: string) => Promise<string>;
}

/** The storage summary's requests, and the service a closed session's summaries are forgotten from. */
export function storageSummaryHandlers(deps: SummaryHandlerDeps): {
  handlers: Pick<Handlers, SummaryRequests>;
  summaries: StorageSummaryService;
} {
  const { pool, access } = deps;
  const summaries = new StorageSummaryService({
    pool,
    sink: deps.sink,
    keyLimit: () => deps.settings.get().summaryKeyLimit,
    bucketRegion: deps.bucketRegion,
    incompleteUploads: (sessionId, bucket, prefix) => deps.uploads.list(sessionId, bucket, prefix),
  });
  const inventory = new InventoryService({
    pool,
    bucketOwner: (sessionId, bucket) => access.bucketOwner(sessionId, bucket),
    bucketRegion: deps.bucketRegion,
  });
  return {
    summaries,
    handlers: {
      startStorageSummary: async (request) => ({ summaryId: summaries.start(request) }),
      cancelStorageSummary: async ({ summaryId }) => {
        summaries.cancel(summaryId);
        return null;
      },
      listStorageSummaries: async ({ sessionId }) => summaries.list(sessionId),
      storageLifecycleRule: async ({ sessionId, bucket, prefix, kind }) => {
        const owner = await access.bucketOwner(sessionId, bucket);
        return pool.withBucket(sessionId, bucket, (client) =>
          lifecycleProposal(client, bucket, prefix, kind, owner),
        );
      },
      inventoryStatus: ({ sessionId, bucket }) => inventory.status(sessionId, bucket),
      summariseFromInventory: async ({ sessionId, bucket, prefix, configurationId }) => {
        const summary = await inventory.summarise(sessionId, bucket, prefix, configurationId);
        summaries.record(summary);
        return summary;
      },
      configureInventory: ({ sessionId, bucket, destinationBucket, destinationPrefix }) =>
        inventory.configure(sessionId, bucket, destinationBucket, destinationPrefix),
    },
  };
}
