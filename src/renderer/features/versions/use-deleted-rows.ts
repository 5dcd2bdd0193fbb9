import { useEffect, useMemo } from 'react';
import type { ObjectEntry } from '../../../shared/models/s3';
import type { ListingState } from '../../stores/browser-store';
import type { PaneId } from '../../stores/workspace-store';
import { sameAt, useDeletedStore } from './deleted-store';

const none: readonly ObjectEntry[] = [];

/**
 * The pane's entries with its deleted objects mixed in while "Show deleted" is on: deleted
 * objects, and folders the live listing lacks (only old versions hold them). Off, the
 * listing's own array is returned untouched, so nothing is copied for the common case.
 */
export function useWithDeleted(
  paneId: PaneId,
  at: { sessionId: string; bucket: string; prefix: string },
  listing: ListingState,
  /** The pane's server-side "starts with" search, which deleted rows follow too. */
  startsWith: string,
): readonly ObjectEntry[] {
  const { entries, revision, listingId } = listing;
  const { sessionId, bucket, prefix } = at;
  const shown = useDeletedStore((s) => s.shown[paneId] === true);
  const state = useDeletedStore((s) => s.listings[paneId]);
  const load = useDeletedStore((s) => s.load);

  // Read again whenever the folder is listed again: a visit, a refresh, the refresh after an edit.
  useEffect(() => {
    if (shown && listingId !== undefined) load(paneId, { sessionId, bucket, prefix });
  }, [shown, load, paneId, sessionId, bucket, prefix, listingId]);

  const deleted =
    shown && state?.status === 'ready' && sameAt(state.at, { sessionId, bucket, prefix })
      ? state.listing.entries
      : none;
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision stands for the listing array's contents
  return useMemo(() => {
    if (deleted.length === 0) return entries;
    const listed = new Set(entries.filter((e) => e.kind === 'folder').map((e) => e.key));
    const from = prefix + startsWith;
    const extra = deleted.filter(
      (e) => e.key.startsWith(from) && (e.kind === 'object' || !listed.has(e.key)),
    );
    return extra.length === 0 ? entries : [...entries, ...extra];
  }, [entries, deleted, revision, prefix, startsWith]);
}
