import { parseS3Address } from '../../../shared/s3-address/parse';
import { bookmarkNamed } from '../../stores/bookmarks-store';
import { useBrowserStore } from '../../stores/browser-store';
import type { PaneId } from '../../stores/workspace-store';
import { openBookmark } from '../bookmarks/open-bookmark';
import { ROOT } from './address';
import { openAddress } from './open-address';

/**
 * Opens what was typed in an address field: a bookmark's name opens that bookmark (its own
 * session, in the focused pane); anything else is read as an S3 address. Returns why it
 * cannot be opened, if it cannot.
 */
export async function goToAddress(
  paneId: PaneId,
  sessionId: string,
  text: string,
): Promise<string | undefined> {
  const bookmark = bookmarkNamed(text);
  if (bookmark) {
    await openBookmark(bookmark);
    return undefined;
  }
  const parsed = parseS3Address(text);
  if (parsed.type === 'invalid') return parsed.message;
  if (parsed.type === 'root') useBrowserStore.getState().navigate(paneId, ROOT);
  else await openAddress(paneId, sessionId, parsed.address);
  return undefined;
}
