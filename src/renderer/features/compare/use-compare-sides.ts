import type { SessionState } from '../../../shared/models/session';
import { usePaneBrowser } from '../../stores/browser-store';
import { useSession } from '../../stores/sessions-store';
import { type PaneId, useWorkspaceStore } from '../../stores/workspace-store';
import type { CompareSide } from './CompareDialog';

const ownerOf = (session: SessionState | undefined): string =>
  session
    ? `${session.label}${session.identity ? ` · account ${session.identity.account}` : ''}`
    : 'unknown session';

/**
 * The two sides to compare: the left pane's folder and the right pane's when the workspace is
 * split (whichever pane opened the compare), else this pane's alone. `own`: this pane's folder,
 * the S3 side when a local folder is picked.
 */
export function useCompareSides(
  paneId: PaneId,
  here: { readonly sessionId: string; readonly bucket: string; readonly prefix: string },
): { readonly here: CompareSide; readonly other?: CompareSide; readonly own: CompareSide } {
  const otherId: PaneId = paneId === 'left' ? 'right' : 'left';
  const split = useWorkspaceStore((s) => s.split);
  const otherPane = useWorkspaceStore((s) => s.panes.find((p) => p.id === otherId));
  const otherBrowser = usePaneBrowser(otherId);
  const hereSession = useSession(here.sessionId);
  const otherSession = useSession(otherPane?.sessionId);
  const otherBucket = otherBrowser?.location.bucket;
  const side: CompareSide = { location: { kind: 's3', ...here }, owner: ownerOf(hereSession) };
  if (!split || !otherPane?.sessionId || otherBucket === undefined || !otherBrowser)
    return { here: side, own: side };
  const other: CompareSide = {
    location: {
      kind: 's3',
      sessionId: otherPane.sessionId,
      bucket: otherBucket,
      prefix: otherBrowser.location.prefix,
    },
    owner: ownerOf(otherSession),
  };
  // The left pane is the left side, whichever pane opened the compare.
  return paneId === 'left' ? { here: side, other, own: side } : { here: other, other: side, own: side };
}
