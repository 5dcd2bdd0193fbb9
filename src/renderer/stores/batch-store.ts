/**
 * The S3 Batch Operations jobs main follows, mirrored for the transfers panel: listed once at
 * start, then pushed by `batchJobsChanged`. Main keeps them (across restarts too).
 */
import { create } from 'zustand';
import type { BatchJobView } from '../../shared/models/batch';
import type { AppError } from '../../shared/models/errors';
import { call, onEvent } from '../lib/api';
import { keepingError } from './keep-error';

interface BatchStore {
  readonly jobs: readonly BatchJobView[];
  readonly error?: AppError;
  readonly start: () => () => void;
  readonly update: (jobId: string, action: 'confirm' | 'cancel') => Promise<void>;
  readonly forget: (jobId: string) => Promise<void>;
  readonly dismissError: () => void;
}

export const useBatchStore = create<BatchStore>()((set) => {
  const attempt = keepingError(set);
  return {
    jobs: [],
    start: () => {
      const off = onEvent('batchJobsChanged', (jobs) => set({ jobs }));
      void attempt(async () => set({ jobs: await call('batchListJobs', {}) }));
      return off;
    },
    update: (jobId, action) => attempt(() => call('batchUpdateJob', { jobId, action })),
    forget: (jobId) => attempt(() => call('batchForgetJob', { jobId })),
    dismissError: () => set({ error: undefined }),
  };
});
