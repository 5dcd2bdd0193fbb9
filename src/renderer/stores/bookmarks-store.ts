import { create } from 'zustand';
import type { Bookmark, BookmarksSnapshot } from '../../shared/models/bookmark';
import type { AppError } from '../../shared/models/errors';
import { onEvent, toAppError } from '../lib/api';

/** The outcome of the last bookmark action or opened link, shown in the sidebar section. */
export type BookmarkNotice =
  | { readonly kind: 'info'; readonly text: string }
  | { readonly kind: 'error'; readonly title: string; readonly error: AppError };

interface BookmarksStore {
  readonly snapshot?: BookmarksSnapshot;
  readonly notice?: BookmarkNotice;
  readonly setNotice: (notice: BookmarkNotice | undefined) => void;
  /** Runs a request whose failure belongs in the section's notice, not in a dialog. */
  readonly attempt: (title: string, run: () => Promise<unknown>) => Promise<void>;
}

export const useBookmarksStore = create<BookmarksStore>()((set) => ({
  setNotice: (notice) => set({ notice }),
  attempt: async (title, run) => {
    try {
      await run();
    } catch (err) {
      set({ notice: { kind: 'error', title, error: toAppError(err) } });
    }
  },
}));

/** Finds a bookmark the way links and the address bar name it: by name, ignoring case and outer spaces. */
export function bookmarkNamed(name: string): Bookmark | undefined {
  const wanted = name.trim().toLowerCase();
  if (wanted === '') return undefined;
  return useBookmarksStore.getState().snapshot?.bookmarks.find((b) => b.name.toLowerCase() === wanted);
}

/** Follows main's changes to the bookmarks; returns the unsubscribe. The attach snapshot fills the store. */
export function followBookmarks(): () => void {
  return onEvent('bookmarksChanged', (snapshot) => useBookmarksStore.setState({ snapshot }));
}
