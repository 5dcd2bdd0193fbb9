import type { Handlers } from '../ipc/dispatcher';
import type { LinkInbox } from '../links/link-inbox';
import type { Platform } from '../platform/platform';
import type { BookmarkStore } from './bookmark-store';
import type { SessionSources } from './session-sources';

type BookmarkRequests =
  | 'listBookmarks'
  | 'addBookmark'
  | 'renameBookmark'
  | 'moveBookmark'
  | 'deleteBookmark'
  | 'exportBookmarks'
  | 'importBookmarks'
  | 'takeLinks';

export interface BookmarkHandlerDeps {
  readonly store: BookmarkStore;
  readonly sources: SessionSources;
  readonly links: LinkInbox;
  readonly platform: Platform;
  /** Throws for a session that is not open. */
  readonly assertOpen: (sessionId: string) => void;
}

/** The bookmark and link requests; export and import paths come from main's own dialogs only. */
export function bookmarkHandlers({
  store,
  sources,
  links,
  platform,
  assertOpen,
}: BookmarkHandlerDeps): Pick<Handlers, BookmarkRequests> {
  return {
    listBookmarks: () => store.snapshot(),
    addBookmark: async ({ sessionId, name, bucket, prefix, key }) => {
      assertOpen(sessionId);
      return store.add({ name, session: sources.of(sessionId), bucket, prefix, ...(key ? { key } : {}) });
    },
    renameBookmark: ({ id, name }) => store.rename(id, name),
    moveBookmark: ({ id, toIndex }) => store.move(id, toIndex),
    deleteBookmark: ({ id }) => store.remove(id),
    exportBookmarks: async () =>
      store.exportTo(
        await platform.pickSaveFile({ title: 'Export bookmarks', defaultName: 'crossbucket-bookmarks.json' }),
      ),
    importBookmarks: async () => store.importFrom(await platform.pickOpenFile({ title: 'Import bookmarks' })),
    takeLinks: async () => links.take(),
  };
}
