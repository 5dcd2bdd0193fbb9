import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { archiveClasses } from '../../../shared/models/objects';
import type { ObjectEntry } from '../../../shared/models/s3';
import { ContextMenu, type MenuItem } from '../../components/ContextMenu';
import { ErrorNotice } from '../../components/ErrorNotice';
import { type PaneBrowserState, useBrowserStore, usePaneBrowser } from '../../stores/browser-store';
import { type PaneId, useWorkspaceStore } from '../../stores/workspace-store';
import { AccessScopeContext } from '../access/access-scope';
import { useCheckAccess } from '../access/use-check-access';
import { useBatchHandOff } from '../batch/use-batch-hand-off';
import { CompareDialog } from '../compare/CompareDialog';
import { useCompareSides } from '../compare/use-compare-sides';
import { DetailsPanel } from '../details/DetailsPanel';
import { editLabels, editsFor, useObjectEdits } from '../edit/use-object-edits';
import { IncompleteUploadsDialog } from '../incomplete-uploads/IncompleteUploadsDialog';
import { readDraggedSelection } from '../operations/drag';
import { selectedEntries } from '../operations/selection';
import { useOperations } from '../operations/use-operations';
import { StorageSummaryDialog, type SummaryScope } from '../storage-summary/StorageSummaryDialog';
import { ShowDeletedToggle } from '../versions/ShowDeletedToggle';
import { useWithDeleted } from '../versions/use-deleted-rows';
import { focusAddress } from './AddressBar';
import { formatAddress } from './address';
import { Breadcrumbs } from './Breadcrumbs';
import { BucketList } from './BucketList';
import { ListControls } from './ListControls';
import { ObjectList } from './ObjectList';
import { visibleRows } from './rows';
import { Toolbar } from './Toolbar';
import { usePaneCommands } from './use-pane-commands';
import { useRefreshAfterTransfers } from './use-refresh-after-transfers';
import './browser.css';

interface Props {
  readonly paneId: PaneId;
  readonly sessionId: string;
}

/** One pane's browser: the session's buckets, or a folder of a bucket. */
export function BrowserPane({ paneId, sessionId }: Props) {
  const attach = useBrowserStore((s) => s.attach);
  const detach = useBrowserStore((s) => s.detach);
  const state = usePaneBrowser(paneId);
  const refresh = useBrowserStore((s) => s.refresh);
  const goBack = useBrowserStore((s) => s.goBack);
  const goForward = useBrowserStore((s) => s.goForward);
  const goUp = useBrowserStore((s) => s.goUp);
  // Navigation works in the bucket list too; actions on objects are BucketView's.
  usePaneCommands(paneId, {
    refresh: () => refresh(paneId),
    'go-back': () => goBack(paneId),
    'go-forward': () => goForward(paneId),
    'go-up': () => goUp(paneId),
  });
  useRefreshAfterTransfers(paneId);

  useEffect(() => {
    attach(paneId, sessionId);
  }, [attach, paneId, sessionId]);
  // Leaving the pane stops its listing, so main does not page through a bucket nobody sees.
  useEffect(() => () => detach(paneId), [detach, paneId]);

  if (!state || state.sessionId !== sessionId) return null;
  return (
    // An AccessDenied anywhere in the pane is explained with this session and folder.
    <AccessScopeContext.Provider value={{ sessionId, prefix: state.location.prefix }}>
      <div className="browser-pane">
        {state.location.bucket === undefined ? (
          <BucketList paneId={paneId} sessionId={sessionId} />
        ) : (
          <BucketView paneId={paneId} sessionId={sessionId} bucket={state.location.bucket} state={state} />
        )}
      </div>
    </AccessScopeContext.Provider>
  );
}

interface ViewProps {
  readonly paneId: PaneId;
  readonly sessionId: string;
  readonly bucket: string;
  readonly state: PaneBrowserState;
}

function BucketView({ paneId, sessionId, bucket, state }: ViewProps) {
  const { location, listing, sort, filter, selection } = state;
  const prefix = location.prefix;
  const navigate = useBrowserStore((s) => s.navigate);
  const select = useBrowserStore((s) => s.select);
  const { ops, dialog, notice, dismissNotice } = useOperations({ paneId, sessionId, bucket, prefix });
  const { edits, dialog: editDialog } = useObjectEdits({ paneId, sessionId, bucket });
  const [menu, setMenu] = useState<{ x: number; y: number }>();
  const checkAccess = useCheckAccess(sessionId, bucket, prefix);
  const here = useMemo(() => ({ sessionId, bucket, prefix }), [sessionId, bucket, prefix]);
  const batch = useBatchHandOff(paneId, here);
  // The listing itself unless "Show deleted" is on, then with the folder's deleted objects.
  const entries = useWithDeleted(paneId, here, listing, state.startsWith);
  const split = useWorkspaceStore((s) => s.split);
  const [incompleteUploads, setIncompleteUploads] = useState(false);
  const [storageScope, setStorageScope] = useState<SummaryScope>();
  const [comparing, setComparing] = useState(false);
  const compareSides = useCompareSides(paneId, here);

  // `entries` is append-only and keeps its identity; `revision` says it grew.
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision stands for the array's contents
  const rows = useMemo(
    () => visibleRows(entries, prefix, sort, filter),
    [entries, listing.revision, prefix, sort, filter],
  );
  const chosen = useMemo(() => selectedEntries(rows, selection), [rows, selection]);
  // Deleted rows (Show deleted) have no current version: the ordinary actions take the live
  // ones, undelete and the details panel see them all.
  const selected = useMemo(() => chosen.filter((e) => !e.deleted), [chosen]);
  const single = selected.length === 1 ? selected[0] : undefined;
  const inspected = chosen.length === 1 ? chosen[0] : undefined;

  // The same operations the toolbar buttons run, on the same selection.
  usePaneCommands(paneId, {
    'upload-files': () => ops.upload('files'),
    'upload-folder': () => ops.upload('folder'),
    download: () => ops.download(selected),
    'new-folder': ops.newFolder,
    delete: () => ops.remove(selected),
    rename: () => single && ops.rename(single),
    'copy-presigned-url': () => single?.kind === 'object' && ops.presign(single),
    'focus-address': () => focusAddress(paneId),
  });

  const openFolder = (entry: ObjectEntry): void => navigate(paneId, { bucket, prefix: entry.key });
  const calculate = (): void =>
    setStorageScope({
      prefix,
      ...(selected.length > 0
        ? {
            selection: {
              keys: selected.filter((e) => e.kind === 'object').map((e) => e.key),
              prefixes: selected.filter((e) => e.kind === 'folder').map((e) => e.key),
            },
          }
        : {}),
    });

  const menuItems = (): MenuItem[] => {
    const items: MenuItem[] = [];
    if (single) {
      items.push({
        label: 'Open',
        onSelect: () =>
          single.kind === 'folder' ? openFolder(single) : select(paneId, single.key, 'replace', rows),
      });
    }
    items.push({ label: 'Download', onSelect: () => ops.download(selected) });
    items.push({
      label: 'Copy presigned URL',
      disabled: single?.kind !== 'object',
      onSelect: () => single && ops.presign(single),
    });
    items.push({ label: 'Rename', disabled: !single, onSelect: () => single && ops.rename(single) });
    items.push({ label: 'Copy to…', onSelect: () => ops.copyTo(selected) });
    items.push({
      label: 'Copy with S3 Batch Operations…',
      disabled: !batch.available || selected.length === 0,
      onSelect: () => batch.open(selected),
    });
    items.push({ label: 'Copy key', disabled: !single, onSelect: () => single && ops.copyKey(single) });
    const archived = selected.some(
      (e) => e.kind === 'folder' || archiveClasses.includes(e.storageClass ?? ''),
    );
    for (const kind of editsFor(chosen)) {
      if (kind === 'restore' && !archived) continue;
      items.push({ label: editLabels[kind], onSelect: () => edits.open(kind, chosen) });
    }
    items.push({ label: 'Copy S3 URI', onSelect: () => ops.copyS3Uri(selected) });
    items.push({ label: 'Copy address as…', onSelect: () => ops.copyForms(selected) });
    items.push({
      label: 'Show in AWS Console',
      disabled: !single,
      onSelect: () => single && ops.openInConsole(single),
    });
    items.push({ label: 'Calculate size…', onSelect: calculate });
    items.push({ label: 'Delete', danger: true, onSelect: () => ops.remove(selected) });
    items.push({
      label: 'Check access…',
      onSelect: () => checkAccess.open(single?.kind === 'object' ? single.key : undefined),
    });
    return items;
  };

  let placeholder: ReactNode;
  if (listing.error && listing.entries.length === 0) {
    placeholder = (
      <div className="browser-state">
        <ErrorNotice error={listing.error} title={`Could not list ${formatAddress(location)}`} />
      </div>
    );
  } else if (listing.entries.length === 0 && !listing.done) {
    placeholder = <p className="browser-state muted">Loading…</p>;
  } else if (listing.entries.length === 0) {
    placeholder = (
      <div className="browser-state">
        {state.startsWith ? (
          <p>
            No keys start with <code className="object-name">{`${prefix}${state.startsWith}`}</code>.
          </p>
        ) : (
          <>
            <p>This folder is empty.</p>
            <p className="muted">Drop files here, or use Upload.</p>
          </>
        )}
      </div>
    );
  } else if (rows.length === 0) {
    placeholder = (
      <p className="browser-state muted">
        No loaded name contains “<span className="object-name">{filter}</span>”.
      </p>
    );
  }

  return (
    <>
      <Toolbar
        paneId={paneId}
        sessionId={sessionId}
        location={location}
        canBack={state.back.length > 0}
        canForward={state.forward.length > 0}
        selected={selected}
        ops={ops}
        onCheckAccess={() => checkAccess.open(single?.kind === 'object' ? single.key : undefined)}
        onIncompleteUploads={() => setIncompleteUploads(true)}
        onStorageSummary={calculate}
        onCompare={() => setComparing(true)}
      />
      <Breadcrumbs location={location} onGo={(target) => navigate(paneId, target)} />
      <ListControls
        paneId={paneId}
        listing={listing}
        filter={filter}
        startsWith={state.startsWith}
        shown={rows.length}
      >
        <ShowDeletedToggle paneId={paneId} at={here} />
      </ListControls>
      {notice ? (
        <div className="browser-notice">
          {notice.kind === 'error' ? (
            <ErrorNotice error={notice.error} title={notice.title} compact onDismiss={dismissNotice} />
          ) : (
            <p className="browser-notice__info" role="status">
              {notice.text}
              <button
                type="button"
                className="icon-button"
                aria-label="Dismiss message"
                onClick={dismissNotice}
              >
                ×
              </button>
            </p>
          )}
        </div>
      ) : null}
      {listing.error && listing.entries.length > 0 ? (
        <div className="browser-notice">
          <ErrorNotice error={listing.error} title="The listing stopped early" compact />
        </div>
      ) : null}
      <div className="browser-main">
        <ObjectList
          paneId={paneId}
          sessionId={sessionId}
          bucket={bucket}
          prefix={prefix}
          rows={rows}
          selection={selection}
          cursor={state.cursor}
          revealed={state.revealed}
          sort={sort}
          onOpenFolder={openFolder}
          onDelete={(entries) => ops.remove(entries.filter((e) => !e.deleted))}
          onContextMenu={(x, y) => setMenu({ x, y })}
          onDropFiles={ops.uploadDropped}
          // One pane: rows drag out to the OS. Two panes: rows drag to the other pane.
          onDragOut={split ? undefined : ops.dragOut}
          onDropSelection={(data, target) => {
            const dragged = readDraggedSelection(data);
            if (dragged) ops.copyFromPane(dragged, target);
          }}
          placeholder={placeholder}
        />
        {inspected?.kind === 'object' ? (
          <DetailsPanel
            key={inspected.key}
            edits={edits}
            sessionId={sessionId}
            bucket={bucket}
            objectKey={inspected.key}
            ops={ops}
            entry={inspected}
          />
        ) : null}
      </div>
      {menu && chosen.length > 0 ? (
        <ContextMenu
          label="Object actions"
          x={menu.x}
          y={menu.y}
          items={menuItems()}
          onClose={() => setMenu(undefined)}
        />
      ) : null}
      {dialog}
      {batch.dialog}
      {checkAccess.dialog}
      {editDialog}
      {comparing ? (
        <CompareDialog
          here={compareSides.here}
          {...(compareSides.other && { other: compareSides.other })}
          own={compareSides.own}
          onClose={() => setComparing(false)}
        />
      ) : null}
      {incompleteUploads ? (
        <IncompleteUploadsDialog
          sessionId={sessionId}
          bucket={bucket}
          onClose={() => setIncompleteUploads(false)}
        />
      ) : null}
      {storageScope ? (
        <StorageSummaryDialog
          paneId={paneId}
          sessionId={sessionId}
          bucket={bucket}
          initial={storageScope}
          onClose={() => setStorageScope(undefined)}
        />
      ) : null}
    </>
  );
}
