import { type RefObject, useRef, useState } from 'react';
import type { ObjectEntry } from '../../../shared/models/s3';
import { ContextMenu, type MenuItem } from '../../components/ContextMenu';
import { useBrowserStore } from '../../stores/browser-store';
import type { PaneId } from '../../stores/workspace-store';
import type { Operations } from '../operations/use-operations';
import { AddressBar } from './AddressBar';
import type { Location } from './address';
import { goToAddress } from './go-to-address';
import { type ToolbarAction, toolbarActions } from './toolbar-fit';
import { useToolbarFit } from './use-toolbar-fit';

interface ActionSpec {
  readonly label: string;
  readonly disabled: boolean;
  readonly danger?: boolean;
  readonly run: () => void;
}

interface Props {
  readonly paneId: PaneId;
  readonly sessionId: string;
  readonly location: Location;
  readonly canBack: boolean;
  readonly canForward: boolean;
  readonly selected: readonly ObjectEntry[];
  readonly ops: Operations;
  /** Read-only probes of the folder (or the selected object) with this session. */
  readonly onCheckAccess?: () => void;
  /** Opens the bucket's incomplete multipart uploads. */
  readonly onIncompleteUploads?: () => void;
  /** Size, count, age and cost of the folder (or the selection). */
  readonly onStorageSummary?: () => void;
  /** Compares this folder with the other pane's, or with a local folder. */
  readonly onCompare?: () => void;
}

/**
 * Navigation, the address bar and the actions on the folder or the selection. In a narrow
 * pane the actions take a row of their own, and those that do not fit there go into "More ▾".
 */
export function Toolbar({
  paneId,
  sessionId,
  location,
  canBack,
  canForward,
  selected,
  ops,
  onCheckAccess,
  onIncompleteUploads,
  onStorageSummary,
  onCompare,
}: Props) {
  const goBack = useBrowserStore((s) => s.goBack);
  const goForward = useBrowserStore((s) => s.goForward);
  const goUp = useBrowserStore((s) => s.goUp);
  const refresh = useBrowserStore((s) => s.refresh);
  const rootRef = useRef<HTMLDivElement>(null);
  const navRef = useRef<HTMLDivElement>(null);
  const uploadRef = useRef<HTMLButtonElement>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  const [menu, setMenu] = useState<{ kind: 'upload' | 'more'; x: number; y: number }>();
  const fit = useToolbarFit(rootRef, navRef);
  const single = selected.length === 1 ? selected[0] : undefined;
  const singleObject = single?.kind === 'object' ? single : undefined;

  const actions: Record<Exclude<ToolbarAction, 'upload'>, ActionSpec> = {
    'new-folder': { label: 'New folder', disabled: false, run: ops.newFolder },
    download: { label: 'Download', disabled: selected.length === 0, run: () => ops.download(selected) },
    delete: {
      label: 'Delete',
      disabled: selected.length === 0,
      danger: true,
      run: () => ops.remove(selected),
    },
    rename: { label: 'Rename', disabled: !single, run: () => single && ops.rename(single) },
    'copy-to': { label: 'Copy to…', disabled: selected.length === 0, run: () => ops.copyTo(selected) },
    presign: {
      label: 'Presigned URL',
      disabled: !singleObject,
      run: () => singleObject && ops.presign(singleObject),
    },
    'check-access': {
      label: 'Check access',
      disabled: !onCheckAccess,
      run: () => onCheckAccess?.(),
    },
    'storage-summary': {
      label: 'Size & cost…',
      disabled: !onStorageSummary,
      run: () => onStorageSummary?.(),
    },
    'incomplete-uploads': {
      label: 'Incomplete uploads…',
      disabled: !onIncompleteUploads,
      run: () => onIncompleteUploads?.(),
    },
    compare: { label: 'Compare…', disabled: !onCompare, run: () => onCompare?.() },
  };
  const uploadItems: readonly MenuItem[] = [
    { label: 'Files…', onSelect: () => ops.upload('files') },
    { label: 'Folder…', onSelect: () => ops.upload('folder') },
  ];
  const hidden = toolbarActions.filter((id) => !fit.shown.has(id));

  const openMenu = (kind: 'upload' | 'more', anchor: RefObject<HTMLButtonElement | null>): void => {
    const rect = anchor.current?.getBoundingClientRect();
    if (rect) setMenu({ kind, x: rect.left, y: rect.bottom + 2 });
  };

  return (
    <div
      ref={rootRef}
      className={fit.stacked ? 'browser-toolbar browser-toolbar--stacked' : 'browser-toolbar'}
    >
      <div ref={navRef} className="browser-toolbar__nav">
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
      <AddressBar paneId={paneId} location={location} onGo={(text) => goToAddress(paneId, sessionId, text)} />
      <div className="browser-toolbar__actions" role="toolbar" aria-label="Folder and selection actions">
        {toolbarActions.map((id) =>
          !fit.shown.has(id) ? null : id === 'upload' ? (
            <button
              key={id}
              ref={uploadRef}
              data-action={id}
              type="button"
              className="button"
              aria-haspopup="menu"
              aria-expanded={menu?.kind === 'upload'}
              onClick={() => openMenu('upload', uploadRef)}
            >
              Upload ▾
            </button>
          ) : (
            <button
              key={id}
              data-action={id}
              type="button"
              className={actions[id].danger ? 'button button--danger' : 'button'}
              disabled={actions[id].disabled}
              onClick={actions[id].run}
            >
              {actions[id].label}
            </button>
          ),
        )}
        {hidden.length > 0 ? (
          <button
            ref={moreRef}
            data-more
            type="button"
            className="button"
            aria-haspopup="menu"
            aria-expanded={menu?.kind === 'more'}
            title={`More actions: ${hidden.map((id) => (id === 'upload' ? 'Upload' : actions[id].label)).join(', ')}`}
            onClick={() => openMenu('more', moreRef)}
          >
            More ▾
          </button>
        ) : null}
      </div>
      {menu ? (
        <ContextMenu
          label={menu.kind === 'upload' ? 'Upload' : 'More actions'}
          x={menu.x}
          y={menu.y}
          onClose={() => setMenu(undefined)}
          items={
            menu.kind === 'upload'
              ? uploadItems
              : hidden.flatMap((id) =>
                  id === 'upload'
                    ? uploadItems.map((item) => ({ ...item, label: `Upload ${item.label.toLowerCase()}` }))
                    : [
                        {
                          label: actions[id].label,
                          onSelect: actions[id].run,
                          disabled: actions[id].disabled,
                          danger: actions[id].danger,
                        },
                      ],
                )
          }
        />
      ) : null}
    </div>
  );
}
