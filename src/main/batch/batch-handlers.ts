import type { EventPayloads } from '../../shared/ipc/contract';
import type { EventHub } from '../events/event-sink';
import type { Handlers } from '../ipc/dispatcher';
import type { S3ClientPool } from '../s3/client-pool';
import type { SessionStore } from '../sessions/session-store';
import { BatchService } from './batch-service';
import { JobRecordsFile } from './job-records';
import { JobTracker } from './job-tracker';
import { S3ControlClients } from './s3-control';

type BatchRequests =
  | 'batchPrepareSelection'
  | 'batchCreateJob'
  | 'batchListJobs'
  | 'batchUpdateJob'
  | 'batchForgetJob';

export interface BatchRoom {
  readonly service: BatchService;
  readonly handlers: Pick<Handlers, BatchRequests>;
  dispose(): void;
}

/**
 * The Batch Operations room of the composition root: the tracker (loaded from the data
 * folder, following again whatever jobs the last run left), the service, and their requests.
 */
export async function createBatchRoom(deps: {
  readonly dataDir: string;
  readonly pool: S3ClientPool;
  readonly sessions: SessionStore;
  readonly hub: EventHub;
  readonly pollMs?: number;
}): Promise<BatchRoom> {
  const { pool, sessions, hub } = deps;
  const controls = new S3ControlClients(sessions);
  const tracker = new JobTracker({
    file: new JobRecordsFile(deps.dataDir),
    sessions: () => sessions.list(),
    control: (sessionId, region) => controls.get(sessionId, region),
    s3: (sessionId, bucket) => pool.forBucket(sessionId, bucket),
    sink: hub,
    ...(deps.pollMs ? { pollMs: deps.pollMs } : {}),
  });
  await tracker.load();
  // A session of a job's account opening (or renewing) lets its job be followed at once.
  const stop = hub.add({
    emit: (event, payload) => {
      if (event !== 'sessionChanged') return;
      const state = payload as EventPayloads['sessionChanged'];
      if (state.status === 'active') void tracker.poll();
    },
  });
  const service = new BatchService({
    pool,
    sessions,
    tracker,
    control: (id, region) => controls.get(id, region),
  });
  return {
    service,
    handlers: {
      batchPrepareSelection: ({ from, to, ...choices }) => service.prepareSelection(from, to, choices),
      batchCreateJob: ({ proposalId, confirmationRequired }) =>
        service.createJob(proposalId, confirmationRequired),
      batchListJobs: async () => tracker.list(),
      batchUpdateJob: ({ jobId, action }) => tracker.update(jobId, action),
      batchForgetJob: async ({ jobId }) => {
        await tracker.forget(jobId);
        return null;
      },
    },
    dispose: () => {
      stop();
      tracker.dispose();
      controls.dispose();
    },
  };
}
