import { type ReactNode, useState } from 'react';
import type { ObjectEntry } from '../../../shared/models/s3';
import { formatCount } from '../../components/format';
import { call } from '../../lib/api';
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
 * its session, possibly another account). A compare-and-sync plan opens the same dialog with
 * its own copies (SyncPanel).
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
  const count = selection ? selection.keys.length + selection.prefixes.length : 0;
  return {
    available: target !== undefined,
    open: (entries) => {
      if (entries.length > 0) setSelection(payloadOf(entries));
    },
    dialog:
      selection && target ? (
        <BatchCopyDialog
          title={`Copy ${count === 1 ? '1 item' : `${formatCount(count)} items`} with S3 Batch Operations`}
          source={source}
          target={target}
          landsAt={`${target.prefix}${here.prefix}…`}
          prepare={(choices) =>
            call('batchPrepareSelection', {
              from: {
                sessionId: here.sessionId,
                bucket: here.bucket,
                prefix: here.prefix,
                keys: [...selection.keys],
                prefixes: [...selection.prefixes],
              },
              to: { sessionId: target.sessionId, bucket: target.bucket, prefix: target.prefix },
              ...choices,
            })
          }
          onClose={() => setSelection(undefined)}
          onCreated={() => setSelection(undefined)}
        />
      ) : null,
  };
}
