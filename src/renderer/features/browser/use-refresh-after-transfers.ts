import { useEffect } from 'react';
import { useBatchStore } from '../../stores/batch-store';
import { useBrowserStore } from '../../stores/browser-store';
import { useTransfersStore } from '../../stores/transfers-store';
import type { PaneId } from '../../stores/workspace-store';
import { newlyLanded } from './landed-keys';

/** A folder upload finishes file by file; one listing after the burst is enough. */
const SETTLE_MS = 400;

/**
 * Lists the pane's folder again when an upload or copy lands in it (or in a folder below,
 * which may be new), so the user sees the result without pressing Refresh.
 */
export function useRefreshAfterTransfers(paneId: PaneId): void {
  useEffect(() => {
    let timer: number | undefined;
    const off = useTransfersStore.subscribe((state, previous) => {
      if (state.snapshot === previous.snapshot) return;
      const location = useBrowserStore.getState().panes[paneId]?.location;
      if (location?.bucket === undefined) return;
      const hit = newlyLanded(state.snapshot.items, previous.snapshot.items).some(
        (landed) => landed.bucket === location.bucket && landed.key.startsWith(location.prefix),
      );
      if (!hit) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(
        () => useBrowserStore.getState().refresh(paneId, { keepRows: true }),
        SETTLE_MS,
      );
    });
    // An S3 Batch Operations job copies server-side: list again once one into this folder ends.
    const offBatch = useBatchStore.subscribe((state, previous) => {
      if (state.jobs === previous.jobs) return;
      const location = useBrowserStore.getState().panes[paneId]?.location;
      if (location?.bucket === undefined) return;
      const ended = state.jobs.some(
        (job) =>
          job.status === 'Complete' &&
          previous.jobs.find((p) => p.jobId === job.jobId)?.status !== 'Complete' &&
          job.target.bucket === location.bucket &&
          (job.target.keyPrefix.startsWith(location.prefix) ||
            location.prefix.startsWith(job.target.keyPrefix)),
      );
      if (ended) useBrowserStore.getState().refresh(paneId, { keepRows: true });
    });
    return () => {
      off();
      offBatch();
      window.clearTimeout(timer);
    };
  }, [paneId]);
}
