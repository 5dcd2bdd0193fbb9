import { type ReactNode, useMemo, useState } from 'react';
import type { ObjectEntry } from '../../../shared/models/s3';
import { useBrowserStore } from '../../stores/browser-store';
import type { PaneId } from '../../stores/workspace-store';
import { MAX_SELECTION, payloadOf, type SelectionPayload } from '../operations/selection';
import { UndeleteDialog } from '../versions/UndeleteDialog';
import { MetadataDialog } from './MetadataDialog';
import { RestoreDialog } from './RestoreDialog';
import { StorageClassDialog } from './StorageClassDialog';
import { TagsDialog } from './TagsDialog';

export type EditKind = 'metadata' | 'tags' | 'storage-class' | 'restore' | 'undelete';

export const editLabels: Readonly<Record<EditKind, string>> = {
  metadata: 'Edit metadata…',
  tags: 'Edit tags…',
  'storage-class': 'Change storage class…',
  restore: 'Restore from archive…',
  undelete: 'Undelete…',
};

/** Which edits a selection offers: menus and buttons show only these. */
export function editsFor(entries: readonly ObjectEntry[]): readonly EditKind[] {
  const live = entries.some((e) => !e.deleted);
  const deleted = entries.some((e) => e.deleted && e.kind === 'object');
  return [
    ...(live ? (['metadata', 'tags', 'storage-class', 'restore'] as const) : []),
    ...(deleted ? (['undelete'] as const) : []),
  ];
}

export interface ObjectEdits {
  readonly open: (kind: EditKind, entries: readonly ObjectEntry[]) => void;
  /** Goes up after every applied change, so open views read the objects again. */
  readonly revision: number;
  /** For changes made elsewhere (a version restored): the same refresh. */
  readonly changed: () => void;
}

interface Context {
  readonly paneId: PaneId;
  readonly sessionId: string;
  readonly bucket: string;
}

/**
 * Deleted rows have no current version to edit, so edits take the live objects and folders
 * of a selection; undelete takes its deleted objects.
 */
const chosenFor = (kind: EditKind, entries: readonly ObjectEntry[]): ObjectEntry[] =>
  kind === 'undelete'
    ? entries.filter((e) => e.deleted && e.kind === 'object')
    : entries.filter((e) => !e.deleted);

/** The edit dialogs of one pane: which is open, on what, and the refresh after a change. */
export function useObjectEdits({ paneId, sessionId, bucket }: Context): {
  edits: ObjectEdits;
  dialog: ReactNode;
} {
  const [open, setOpen] = useState<{ kind: EditKind; selection: SelectionPayload }>();
  const [revision, setRevision] = useState(0);
  const refresh = useBrowserStore((s) => s.refresh);

  const edits = useMemo<ObjectEdits>(() => {
    const changed = (): void => {
      setRevision((r) => r + 1);
      refresh(paneId, { keepRows: true });
    };
    return {
      open: (kind, entries) => {
        const chosen = chosenFor(kind, entries);
        if (chosen.length === 0 || chosen.length > MAX_SELECTION) return;
        setOpen({ kind, selection: payloadOf(chosen) });
      },
      revision,
      changed,
    };
  }, [paneId, refresh, revision]);

  let dialog: ReactNode = null;
  if (open) {
    const props = {
      sessionId,
      bucket,
      selection: open.selection,
      onApplied: edits.changed,
      onClose: () => setOpen(undefined),
    };
    if (open.kind === 'metadata') dialog = <MetadataDialog {...props} />;
    else if (open.kind === 'tags') dialog = <TagsDialog {...props} />;
    else if (open.kind === 'storage-class') dialog = <StorageClassDialog {...props} />;
    else if (open.kind === 'restore') dialog = <RestoreDialog {...props} />;
    else dialog = <UndeleteDialog {...props} keys={open.selection.keys} />;
  }
  return { edits, dialog };
}
