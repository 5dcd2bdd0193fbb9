/**
 * Opening a bookmark or a crossbucket:// link: the session first (in the focused pane, with
 * the MFA prompt if its chain needs one), then the location in that pane.
 */
import type { LinkAction, ParsedLink } from '../../../shared/links/crossbucket-link';
import type { Bookmark, BookmarkSession } from '../../../shared/models/bookmark';
import type { S3Address } from '../../../shared/s3-address/parse';
import { call, onEvent } from '../../lib/api';
import { bookmarkNamed, followBookmarks, useBookmarksStore } from '../../stores/bookmarks-store';
import { useBrowserStore } from '../../stores/browser-store';
import { useWorkspaceStore } from '../../stores/workspace-store';
import { openAddress } from '../browser/open-address';
import { openProfileInFocusedPane, openRememberedAdhocInFocusedPane } from '../session/open-in-pane';

function openSession(session: BookmarkSession): Promise<string | undefined> {
  switch (session.kind) {
    case 'profile':
      return openProfileInFocusedPane(session.profile);
    case 'adhoc':
      return openRememberedAdhocInFocusedPane(session.role);
  }
}

async function openAt(session: BookmarkSession, address: S3Address): Promise<void> {
  const paneId = useWorkspaceStore.getState().focusedPaneId;
  const sessionId = await openSession(session);
  // A failed open explains itself in the pane; there is no location to show.
  if (!sessionId) return;
  // The pane's browser may not have mounted yet: attach it now so the location lands in it.
  useBrowserStore.getState().attach(paneId, sessionId);
  await openAddress(paneId, sessionId, address);
}

export function openBookmark(bookmark: Bookmark): Promise<void> {
  const { bucket, prefix, key } = bookmark;
  return openAt(
    bookmark.session,
    key ? { bucket, key, kind: 'object' } : { bucket, key: prefix, kind: 'folder' },
  );
}

async function follow(action: LinkAction): Promise<void> {
  if (action.kind === 'location') {
    await openAt({ kind: 'profile', profile: action.profile }, action.address);
    return;
  }
  const bookmark = bookmarkNamed(action.name);
  if (bookmark) {
    await openBookmark(bookmark);
    return;
  }
  useBookmarksStore.getState().setNotice({
    kind: 'error',
    title: 'Could not open the link',
    error: { code: 'not-found', message: `There is no bookmark named “${action.name}”.` },
  });
}

/** Opens links one after another, so MFA prompts come one at a time. */
async function followAll(links: readonly ParsedLink[]): Promise<void> {
  for (const link of links) {
    if (link.ok) await follow(link.action);
    else {
      useBookmarksStore.getState().setNotice({
        kind: 'error',
        title: 'Could not open the link',
        error: { code: 'validation', message: link.message },
      });
    }
  }
}

let attached: () => void = () => undefined;
/** Links are followed one after another, starting once the window has attached (lib/attach.ts). */
let chain: Promise<void> = new Promise((resolve) => {
  attached = resolve;
});

const enqueue = (take: () => Promise<readonly ParsedLink[]>): void => {
  chain = chain.then(() => take().then(followAll, () => undefined));
};

/**
 * Follows the links the attach snapshot handed over (one may have started the app), then the
 * ones that arrive later: those only after the first, and never before the bookmarks are known.
 */
export function followLinks(links: readonly ParsedLink[]): void {
  enqueue(async () => links);
  attached();
}

/** Follows main's bookmark changes and the links that arrive from now on; returns the unsubscribe. */
export function startBookmarksAndLinks(): () => void {
  const offBookmarks = followBookmarks();
  const offLinks = onEvent('linkReceived', () => enqueue(() => call('takeLinks', {})));
  return () => {
    offBookmarks();
    offLinks();
  };
}
