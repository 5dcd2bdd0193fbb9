import { type MouseEvent, useEffect, useRef, useState } from 'react';
import { formatBookmarkLink } from '../../../shared/links/crossbucket-link';
import { type Bookmark, bookmarkSessionLabel } from '../../../shared/models/bookmark';
import { acceleratorFor, displayAccelerator } from '../../../shared/shortcuts';
import { ContextMenu, type MenuItem } from '../../components/ContextMenu';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call } from '../../lib/api';
import { copiedMessage, writeClipboard } from '../../lib/clipboard';
import { keyPlatform, onCommand } from '../../lib/commands';
import { useBookmarksStore } from '../../stores/bookmarks-store';
import { useBrowserStore } from '../../stores/browser-store';
import { useSessionsStore } from '../../stores/sessions-store';
import { useWorkspaceStore } from '../../stores/workspace-store';
import { BookmarkDialog } from './BookmarkDialog';
import { openBookmark } from './open-bookmark';
import './bookmarks.css';

const addKeys = displayAccelerator(acceleratorFor('add-bookmark', keyPlatform), keyPlatform);

const where = (b: Pick<Bookmark, 'bucket' | 'prefix' | 'key'>): string =>
  `s3://${b.bucket}/${b.key ?? b.prefix}`;

/** What the focused pane shows, as a bookmark would keep it; undefined outside a bucket. */
function focusedLocation() {
  const { focusedPaneId, panes } = useWorkspaceStore.getState();
  const sessionId = panes.find((p) => p.id === focusedPaneId)?.sessionId;
  const browser = useBrowserStore.getState().panes[focusedPaneId];
  const bucket = browser?.location.bucket;
  if (!sessionId || !browser || bucket === undefined || browser.sessionId !== sessionId) return undefined;
  const [only, ...more] = [...browser.selection];
  const key = only !== undefined && more.length === 0 && !only.endsWith('/') ? only : undefined;
  const label = useSessionsStore.getState().sessions[sessionId]?.label ?? '';
  return { sessionId, bucket, prefix: browser.location.prefix, key, label };
}

const defaultName = (l: { bucket: string; prefix: string; key?: string }): string =>
  (l.key ?? `${l.bucket}/${l.prefix}`).replace(/\/$/, '').split('/').slice(-2).join('/');

type Editing =
  | { readonly mode: 'add'; readonly location: NonNullable<ReturnType<typeof focusedLocation>> }
  | { readonly mode: 'rename'; readonly bookmark: Bookmark };

/** The sidebar's bookmarks: open, add (Ctrl+D), rename, reorder, delete, copy link, import, export. */
export function BookmarksSection() {
  const snapshot = useBookmarksStore((s) => s.snapshot);
  const notice = useBookmarksStore((s) => s.notice);
  const setNotice = useBookmarksStore((s) => s.setNotice);
  const attempt = useBookmarksStore((s) => s.attempt);
  const [editing, setEditing] = useState<Editing>();
  const [menu, setMenu] = useState<{ x: number; y: number; bookmark?: Bookmark }>();
  const actionsRef = useRef<HTMLButtonElement>(null);
  const bookmarks = snapshot?.bookmarks ?? [];

  const startAdd = (): void => {
    const location = focusedLocation();
    if (location) setEditing({ mode: 'add', location });
    else
      setNotice({
        kind: 'info',
        text: `Open a bucket or folder first: ${addKeys} bookmarks where the focused pane is.`,
      });
  };
  const startAddRef = useRef(startAdd);
  startAddRef.current = startAdd;
  useEffect(() => onCommand('add-bookmark', () => startAddRef.current()), []);

  const exportAll = (): void =>
    void attempt('Could not export the bookmarks', async () => {
      const result = await call('exportBookmarks', {});
      if (result.path)
        setNotice({ kind: 'info', text: `Exported ${result.count} bookmarks to ${result.path}.` });
    });
  const importFile = (): void =>
    void attempt('Could not import bookmarks', async () => {
      const result = await call('importBookmarks', {});
      if (!result.path) return;
      const skipped = result.skipped.length
        ? ` Skipped ${result.skipped.length}: ${result.skipped.join('; ')}.`
        : '';
      setNotice({ kind: 'info', text: `Imported ${result.added} bookmarks from ${result.path}.${skipped}` });
    });

  const itemsFor = (bookmark: Bookmark): MenuItem[] => {
    const index = bookmarks.indexOf(bookmark);
    const move = (toIndex: number) => () =>
      void attempt('Could not move the bookmark', () => call('moveBookmark', { id: bookmark.id, toIndex }));
    return [
      { label: 'Open', onSelect: () => void openBookmark(bookmark) },
      { label: 'Rename…', onSelect: () => setEditing({ mode: 'rename', bookmark }) },
      { label: 'Move up', disabled: index <= 0, onSelect: move(index - 1) },
      { label: 'Move down', disabled: index >= bookmarks.length - 1, onSelect: move(index + 1) },
      {
        label: 'Copy link',
        onSelect: () => {
          const link = formatBookmarkLink(bookmark.name);
          writeClipboard(link).then(
            (receipt) => setNotice({ kind: 'info', text: copiedMessage(link, receipt) }),
            () => setNotice({ kind: 'info', text: `Copy this link by hand: ${link}` }),
          );
        },
      },
      {
        label: 'Delete',
        danger: true,
        onSelect: () =>
          void attempt('Could not delete the bookmark', async () => {
            await call('deleteBookmark', { id: bookmark.id });
            setNotice({ kind: 'info', text: `Deleted bookmark “${bookmark.name}”.` });
          }),
      },
    ];
  };

  const openMenu = (event: MouseEvent, bookmark: Bookmark): void => {
    event.preventDefault();
    setMenu({ x: event.clientX, y: event.clientY, bookmark });
  };

  return (
    <section className="bookmarks" aria-label="Bookmarks">
      <div className="sidebar__heading">
        <h2 className="sidebar__title">Bookmarks</h2>
        <button
          ref={actionsRef}
          type="button"
          className="icon-button"
          aria-label="Bookmark actions"
          aria-haspopup="menu"
          onClick={() => {
            const rect = actionsRef.current?.getBoundingClientRect();
            if (rect) setMenu({ x: rect.left, y: rect.bottom + 2 });
          }}
        >
          ⋯
        </button>
      </div>
      {snapshot?.error ? (
        <ErrorNotice error={snapshot.error} title="Some bookmarks could not be read" compact />
      ) : null}
      {notice?.kind === 'error' ? (
        <ErrorNotice
          error={notice.error}
          title={notice.title}
          compact
          onDismiss={() => setNotice(undefined)}
        />
      ) : null}
      {notice?.kind === 'info' ? (
        <p className="bookmarks__notice" role="status">
          {notice.text}
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss message"
            onClick={() => setNotice(undefined)}
          >
            ×
          </button>
        </p>
      ) : null}
      {/* A notice already says what to do; the hint would say it twice. */}
      {snapshot && bookmarks.length === 0 && !notice ? (
        <p className="sidebar__empty muted">No bookmarks yet: {addKeys} bookmarks the folder you are in.</p>
      ) : null}
      <ul className="bookmark-list" aria-label="Saved locations">
        {bookmarks.map((bookmark) => (
          <li key={bookmark.id} className="bookmark-row" onContextMenu={(e) => openMenu(e, bookmark)}>
            <button
              type="button"
              className="bookmark-row__open"
              title={`${where(bookmark)} as ${bookmarkSessionLabel(bookmark.session)}`}
              onClick={() => void openBookmark(bookmark)}
            >
              <span className="bookmark-row__line">
                <span className="bookmark-row__name">{bookmark.name}</span>
                <span className="badge">{bookmarkSessionLabel(bookmark.session)}</span>
              </span>
              <span className="bookmark-row__meta mono">{where(bookmark)}</span>
            </button>
            <button
              type="button"
              className="icon-button bookmark-row__more"
              aria-label={`Actions for ${bookmark.name}`}
              aria-haspopup="menu"
              onClick={(e) => {
                const rect = e.currentTarget.getBoundingClientRect();
                setMenu({ x: rect.left, y: rect.bottom + 2, bookmark });
              }}
            >
              ⋯
            </button>
          </li>
        ))}
      </ul>
      {menu ? (
        <ContextMenu
          label={menu.bookmark ? `Bookmark ${menu.bookmark.name}` : 'Bookmark actions'}
          x={menu.x}
          y={menu.y}
          onClose={() => setMenu(undefined)}
          items={
            menu.bookmark
              ? itemsFor(menu.bookmark)
              : [
                  { label: `Bookmark this location (${addKeys})`, onSelect: startAdd },
                  { label: 'Import…', onSelect: importFile },
                  { label: 'Export…', disabled: bookmarks.length === 0, onSelect: exportAll },
                ]
          }
        />
      ) : null}
      {editing?.mode === 'add' ? (
        <BookmarkDialog
          title="Add bookmark"
          submitLabel="Add bookmark"
          initialName={defaultName(editing.location)}
          subject={`${where(editing.location)} as ${editing.location.label}`}
          onClose={() => setEditing(undefined)}
          onSubmit={(name) => {
            const { sessionId, bucket, prefix, key } = editing.location;
            return call('addBookmark', { name, sessionId, bucket, prefix, ...(key ? { key } : {}) });
          }}
        />
      ) : null}
      {editing?.mode === 'rename' ? (
        <BookmarkDialog
          title="Rename bookmark"
          submitLabel="Rename"
          initialName={editing.bookmark.name}
          subject={`${where(editing.bookmark)} as ${bookmarkSessionLabel(editing.bookmark.session)}`}
          onClose={() => setEditing(undefined)}
          onSubmit={(name) => call('renameBookmark', { id: editing.bookmark.id, name })}
        />
      ) : null}
    </section>
  );
}
