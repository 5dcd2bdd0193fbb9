import { type ReactNode, useState } from 'react';
import type { ObjectEntry } from '../../../shared/models/s3';
import { usePaneBrowser } from '../../stores/browser-store';
import { useSession } from '../../stores/sessions-store';
import { type PaneId, useWorkspaceStore } from '../../stores/workspace-store';
import { payloadOf, type SelectionPayload } from '../operations/selection';
import { BatchCopyDialog, type BatchSide } from './BatchCopyDialog';

export interface BatchHandOff {
  /** The other pane shows a bucket: a copy there can go to S3 Batch Operations. */
  readonly available: boolean;
  readonly open: (entries: readonly ObjectEntry[]) => void;
  readonly dialog: ReactNode;
}

/**
 * "Copy with S3 Batch Operations…" for a selection: to the folder the other pane shows (in
 * its session, possibly another account). A compare-and-sync plan reaches the same main-side
 * hand-off with its own items.
 */
export function useBatchHandOff(
  paneId: PaneId,
  here: { readonly sessionId: string; readonly bucket: string; readonly prefix: string },
): BatchHandOff {
  const [selection, setSelection] = useState<SelectionPayload>();
  const split = useWorkspaceStore((s) => s.split);
  const other = useWorkspaceStore((s) => s.panes.find((p) => p.id !== paneId));
  const otherState = usePaneBrowser(other?.id ?? paneId);
  const otherSession = useSession(other?.sessionId);
  const hereSession = useSession(here.sessionId);
  const target: BatchSide | undefined =
    split &&
    other?.sessionId &&
    otherState?.sessionId === other.sessionId &&
    otherState.location.bucket !== undefined
      ? {
          sessionId: other.sessionId,
          bucket: otherState.location.bucket,
          prefix: otherState.location.prefix,
          label: otherSession?.label ?? other.sessionId,
        }
      : undefined;
  const source: BatchSide = { ...here, label: hereSession?.label ?? here.sessionId };
  return {
    available: target !== undefined,
    open: (entries) => {
      if (entries.length > 0) setSelection(payloadOf(entries));
    },
    dialog:
      selection && target ? (
        <BatchCopyDialog
          source={source}
          target={target}
          selection={selection}
          onClose={() => setSelection(undefined)}
          onCreated={() => setSelection(undefined)}
        />
      ) : null,
  };
}
