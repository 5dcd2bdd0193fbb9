import type { S3Address } from '../../../shared/s3-address/parse';
import { folderOf } from '../../../shared/s3-address/parse';
import { call } from '../../lib/api';
import { useBrowserStore } from '../../stores/browser-store';
import type { PaneId } from '../../stores/workspace-store';

/**
 * Opens an address in a pane: a folder opens as the folder; an object opens its folder with
 * the object selected (so its details show). A key typed without a trailing `/` is asked of
 * main, which knows whether such an object exists.
 */
export async function openAddress(paneId: PaneId, sessionId: string, address: S3Address): Promise<void> {
  const { navigate } = useBrowserStore.getState();
  const { bucket, key } = address;
  if (key === '' || key.endsWith('/')) {
    navigate(paneId, { bucket, prefix: key });
    return;
  }
  let kind = address.kind;
  if (kind === undefined) {
    // When main cannot tell (no s3:ListBucket), the object is the likelier meaning of a key
    // without a slash; the folder's listing then explains what is refused.
    kind = await call('resolveKey', { sessionId, bucket, key }).then(
      (r) => r.kind,
      () => 'object' as const,
    );
  }
  if (kind === 'folder') navigate(paneId, { bucket, prefix: `${key}/` });
  else navigate(paneId, { bucket, prefix: folderOf(key) }, { reveal: key });
}
