import { create } from 'zustand';
import type { StorageSummary } from '../../shared/models/storage-summary';
import { call, onEvent } from '../lib/api';

interface StorageSummaryStore {
  /** By summary ID: main's summaries of the sessions this window has asked about. */
  readonly summaries: Readonly<Record<string, StorageSummary>>;
  /** Fills the store with a session's summaries (they stay in main with the session). */
  readonly load: (sessionId: string) => Promise<void>;
}

export const useStorageSummaryStore = create<StorageSummaryStore>()((set) => ({
  summaries: {},
  load: async (sessionId) => {
    const list = await call('listStorageSummaries', { sessionId });
    set((s) => ({ summaries: { ...s.summaries, ...Object.fromEntries(list.map((x) => [x.summaryId, x])) } }));
  },
}));

/** Follows main's `storageSummaryChanged`; returns the unsubscribe. */
export function followStorageSummaries(): () => void {
  return onEvent('storageSummaryChanged', (summary) =>
    useStorageSummaryStore.setState((s) => ({ summaries: { ...s.summaries, [summary.summaryId]: summary } })),
  );
}

/** The newest summary of exactly this folder (not of a selection in it), if any. */
export function latestSummary(
  summaries: Readonly<Record<string, StorageSummary>>,
  scope: {
    readonly sessionId: string;
    readonly bucket: string;
    readonly prefix: string;
    readonly selection?: boolean;
  },
): StorageSummary | undefined {
  let newest: StorageSummary | undefined;
  for (const s of Object.values(summaries)) {
    if (s.sessionId !== scope.sessionId || s.bucket !== scope.bucket || s.prefix !== scope.prefix) continue;
    if (Boolean(s.selection) !== Boolean(scope.selection)) continue;
    if (!newest || s.startedAt > newest.startedAt) newest = s;
  }
  return newest;
}
