import { useRef, useState } from 'react';
import type { ObjectEntry } from '../../../shared/models/s3';
import { ContextMenu } from '../../components/ContextMenu';
import { useBrowserStore } from '../../stores/browser-store';
import type { PaneId } from '../../stores/workspace-store';
import type { Operations } from '../operations/use-operations';
import { AddressBar } from './AddressBar';
import type { Location } from './address';

interface Props {
  readonly paneId: PaneId;
  readonly location: Location;
  readonly canBack: boolean;
  readonly canForward: boolean;
  readonly selected: readonly ObjectEntry[];
  readonly ops: Operations;
  /** Opens the bucket's incomplete multipart uploads. */
  readonly onIncompleteUploads?: () => void;
}

/** Navigation, the address bar and the actions on the folder or the selection. */
export function Toolbar({
  paneId,
  location,
  canBack,
  canForward,
  selected,
  ops,
  onIncompleteUploads,
}: Props) {
  const goBack = useBrowserStore((s) => s.goBack);
  const goForward = useBrowserStore((s) => s.goForward);
  const goUp = useBrowserStore((s) => s.goUp);
  const refresh = useBrowserStore((s) => s.refresh);
  const navigate = useBrowserStore((s) => s.navigate);
  const uploadRef = useRef<HTMLButtonElement>(null);
  const [uploadMenu, setUploadMenu] = useState<{ x: number; y: number }>();
  const single = selected.length === 1 ? selected[0] : undefined;
  const singleObject = single?.kind === 'object' ? single : undefined;

  const openUploadMenu = (): void => {
    const rect = uploadRef.current?.getBoundingClientRect();
    if (rect) setUploadMenu({ x: rect.left, y: rect.bottom + 2 });
  };

  return (
    <div className="browser-toolbar">
      <div className="browser-toolbar__nav">
        <button
          type="button"
          className="icon-button"
          aria-label="Back"
          title="Back"
          disabled={!canBack}
          onClick={() => goBack(paneId)}
        >
          ←
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Forward"
          title="Forward"
          disabled={!canForward}
          onClick={() => goForward(paneId)}
        >
          →
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Up one folder"
          title="Up (Backspace)"
          onClick={() => goUp(paneId)}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Refresh"
          title="Refresh"
          onClick={() => refresh(paneId)}
        >
          ⟳
        </button>
      </div>
      <AddressBar paneId={paneId} location={location} onGo={(target) => navigate(paneId, target)} />
      <div className="browser-toolbar__actions" role="toolbar" aria-label="Folder and selection actions">
        <button type="button" className="button" onClick={ops.newFolder}>
          New folder
        </button>
        <button
          ref={uploadRef}
          type="button"
          className="button"
          aria-haspopup="menu"
          aria-expanded={uploadMenu !== undefined}
          onClick={openUploadMenu}
        >
          Upload ▾
        </button>
        <button
          type="button"
          className="button"
          disabled={selected.length === 0}
          onClick={() => ops.download(selected)}
        >
          Download
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={selected.length === 0}
          onClick={() => ops.remove(selected)}
        >
          Delete
        </button>
        <button
          type="button"
          className="button"
          disabled={!single}
          onClick={() => single && ops.rename(single)}
        >
          Rename
        </button>
        <button
          type="button"
          className="button"
          disabled={selected.length === 0}
          onClick={() => ops.copyTo(selected)}
        >
          Copy to…
        </button>
        <button
          type="button"
          className="button"
          disabled={!singleObject}
          onClick={() => singleObject && ops.presign(singleObject)}
        >
          Presigned URL
        </button>
        {onIncompleteUploads ? (
          <button type="button" className="button" onClick={onIncompleteUploads}>
            Incomplete uploads…
          </button>
        ) : null}
      </div>
      {uploadMenu ? (
        <ContextMenu
          label="Upload"
          x={uploadMenu.x}
          y={uploadMenu.y}
          onClose={() => setUploadMenu(undefined)}
          items={[
            { label: 'Files…', onSelect: () => ops.upload('files') },
            { label: 'Folder…', onSelect: () => ops.upload('folder') },
          ]}
        />
      ) : null}
    </div>
  );
}
