/**
 * "Show deleted" per pane: whether it is on, and the deleted objects (and folders only old
 * versions hold) of the folder on screen, read from the version history on demand.
 */
import { create } from 'zustand';
import type { AppError } from '../../../shared/models/errors';
import type { DeletedListing } from '../../../shared/models/objects';
import { call, toAppError } from '../../lib/api';
import type { PaneId } from '../../stores/workspace-store';

export interface DeletedAt {
  readonly sessionId: string;
  readonly bucket: string;
  readonly prefix: string;
}

export type DeletedState =
  | { readonly status: 'loading'; readonly at: DeletedAt }
  | { readonly status: 'ready'; readonly at: DeletedAt; readonly listing: DeletedListing }
  | { readonly status: 'error'; readonly at: DeletedAt; readonly error: AppError };

interface DeletedStore {
  readonly shown: Readonly<Partial<Record<PaneId, boolean>>>;
  readonly listings: Readonly<Partial<Record<PaneId, DeletedState>>>;
  readonly setShown: (paneId: PaneId, shown: boolean) => void;
  /** Reads the folder's deleted objects (again). */
  readonly load: (paneId: PaneId, at: DeletedAt) => void;
}

const sameAt = (a: DeletedAt | undefined, b: DeletedAt): boolean =>
  a !== undefined && a.sessionId === b.sessionId && a.bucket === b.bucket && a.prefix === b.prefix;

export const useDeletedStore = create<DeletedStore>()((set, get) => ({
  shown: {},
  listings: {},
  setShown: (paneId, shown) => set((s) => ({ shown: { ...s.shown, [paneId]: shown } })),
  load: (paneId, at) => {
    set((s) => ({ listings: { ...s.listings, [paneId]: { status: 'loading', at } } }));
    // A reply for a folder the pane has left is dropped.
    const current = (): boolean => sameAt(get().listings[paneId]?.at, at);
    call('listDeletedObjects', at)
      .then((listing) => {
        if (current())
          set((s) => ({ listings: { ...s.listings, [paneId]: { status: 'ready', at, listing } } }));
      })
      .catch((err: unknown) => {
        if (current()) {
          set((s) => ({
            listings: { ...s.listings, [paneId]: { status: 'error', at, error: toAppError(err) } },
          }));
        }
      });
  },
}));

export { sameAt };
