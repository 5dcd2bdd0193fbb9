import { type DragEvent, useState } from 'react';
import type { ObjectEntry } from '../../../shared/models/s3';
import type { PaneId } from '../../stores/workspace-store';
import { getDragSource, readDraggedSelection, SELECTION_MIME } from '../operations/drag';

interface DropTargetOptions {
  readonly paneId: PaneId;
  readonly prefix: string;
  readonly rows: readonly ObjectEntry[];
  readonly onDropFiles: (files: FileList, targetPrefix: string) => void;
  readonly onDropSelection: (data: string, targetPrefix: string) => void;
}

const hasType = (event: DragEvent, type: string): boolean =>
  Array.from(event.dataTransfer.types).includes(type);

/**
 * The object list as a drop target for OS files and the other pane's rows: a drop on a folder
 * row goes into that folder, anywhere else into the current folder. `dropTarget` is the prefix
 * a drop would go into now, for the highlight.
 */
export function useListDropTarget({ paneId, prefix, rows, onDropFiles, onDropSelection }: DropTargetOptions) {
  const [dropTarget, setDropTarget] = useState<string>();

  /** The prefix a drop at this point goes into: a folder row's, or the current folder's. */
  const dropPrefixAt = (target: EventTarget): string => {
    const row = (target as Element).closest?.('[data-index]');
    const entry = row ? rows[Number(row.getAttribute('data-index'))] : undefined;
    return entry?.kind === 'folder' ? entry.key : prefix;
  };

  const acceptsDrag = (event: DragEvent): boolean =>
    hasType(event, 'Files') || (hasType(event, SELECTION_MIME) && getDragSource() !== paneId);

  const onDragOver = (event: DragEvent): void => {
    if (!acceptsDrag(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    const target = dropPrefixAt(event.target);
    if (target !== dropTarget) setDropTarget(target);
  };

  const onDragLeave = (event: DragEvent): void => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropTarget(undefined);
  };

  const onDrop = (event: DragEvent): void => {
    if (!acceptsDrag(event)) return;
    event.preventDefault();
    setDropTarget(undefined);
    const target = dropPrefixAt(event.target);
    if (hasType(event, SELECTION_MIME)) {
      const data = event.dataTransfer.getData(SELECTION_MIME);
      if (readDraggedSelection(data)) onDropSelection(data, target);
      return;
    }
    if (event.dataTransfer.files.length > 0) onDropFiles(event.dataTransfer.files, target);
  };

  return { dropTarget, onDragOver, onDragLeave, onDrop };
}
