import {
  type DragEvent,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ObjectEntry } from '../../../shared/models/s3';
import { type SelectMode, useBrowserStore } from '../../stores/browser-store';
import type { PaneId } from '../../stores/workspace-store';
import { SELECTION_MIME, setDragSource } from '../operations/drag';
import { payloadOf, selectedEntries } from '../operations/selection';
import { nameOf } from './address';
import { ObjectListHead } from './ObjectListHead';
import { ObjectRow } from './ObjectRow';
import { PaintedRow } from './row-painter';
import type { SortOrder } from './rows';
import { useListDropTarget } from './use-list-drop-target';

/** Fixed, so the visible window is plain arithmetic: a million rows cost the same as a hundred. */
export const ROW_HEIGHT = 28;
const HEAD_HEIGHT = 26;
const TYPEAHEAD_RESET_MS = 800;

interface Props {
  readonly paneId: PaneId;
  readonly sessionId: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly rows: readonly ObjectEntry[];
  readonly selection: ReadonlySet<string>;
  readonly cursor?: string;
  /** Changes when a key was revealed (opened by address): the list scrolls to the cursor once. */
  readonly revealed: number;
  readonly sort: SortOrder;
  readonly onOpenFolder: (entry: ObjectEntry) => void;
  readonly onDelete: (entries: readonly ObjectEntry[]) => void;
  readonly onContextMenu: (x: number, y: number) => void;
  readonly onDropFiles: (files: FileList, targetPrefix: string) => void;
  readonly onDropSelection: (data: string, targetPrefix: string) => void;
  /**
   * When set, a row drag goes out to the OS (desktop, file manager) instead of to the other
   * pane: the page's own drag is cancelled and main starts the OS drag once the files exist.
   */
  readonly onDragOut?: (entries: readonly ObjectEntry[]) => void;
  /** Shown in place of rows: loading, empty or error. */
  readonly placeholder?: ReactNode;
}

export function ObjectList(props: Props) {
  const { paneId, sessionId, bucket, prefix, rows, selection, cursor, sort } = props;
  const select = useBrowserStore((s) => s.select);
  const selectAll = useBrowserStore((s) => s.selectAll);
  const setCursor = useBrowserStore((s) => s.setCursor);
  const goUp = useBrowserStore((s) => s.goUp);
  const scrollRef = useRef<HTMLDivElement>(null);
  const typeahead = useRef({ text: '', at: 0 });
  const drop = useListDropTarget(props);

  // The viewport height sets how many pooled rows there are; it is state because it changes
  // the rendered pool. The scroll position is not: a scroll repaints the pooled rows directly
  // (paintRows below), with no React render per frame.
  const [viewportHeight, setViewportHeight] = useState(0);
  const paintRef = useRef<() => void>(() => {});
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const resized = (): void => setViewportHeight(element.clientHeight);
    // Rows sit in a layer that does not scroll (below), so they must move in the same frame
    // as the scroll: painting in the scroll event does that without rendering anything.
    const onScroll = (): void => paintRef.current();
    resized();
    element.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(resized);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      resize.disconnect();
    };
  }, []);

  const cursorIndex = useMemo(
    () => (cursor === undefined ? -1 : rows.findIndex((r) => r.key === cursor)),
    [rows, cursor],
  );
  const rowId = (index: number): string => `${paneId}-row-${index}`;

  // The revealed row may be listed a page or two after the reveal; scroll once it is there.
  const scrolledFor = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrollToRow reads the ref'd element only
  useLayoutEffect(() => {
    if (props.revealed === scrolledFor.current || cursorIndex === -1) return;
    scrolledFor.current = props.revealed;
    scrollToRow(cursorIndex);
  }, [props.revealed, cursorIndex]);

  const moveTo = (index: number, mode: SelectMode | 'cursor'): void => {
    const target = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!target) return;
    if (mode === 'cursor') setCursor(paneId, target.key);
    else select(paneId, target.key, mode, rows);
    scrollToRow(rows.indexOf(target));
  };

  /** Scrolls the least that shows the row in full below the sticky header. */
  const scrollToRow = (index: number): void => {
    const element = scrollRef.current;
    if (!element) return;
    const top = index * ROW_HEIGHT;
    const bodyHeight = element.clientHeight - HEAD_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + bodyHeight)
      element.scrollTop = top + ROW_HEIGHT - bodyHeight;
  };

  const open = (entry: ObjectEntry): void => {
    if (entry.kind === 'folder') props.onOpenFolder(entry);
    else select(paneId, entry.key, 'replace', rows);
  };

  const pageSize = Math.max(
    1,
    Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1,
  );

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>): void => {
    // Keys typed on a header button (Enter, Space) belong to that button.
    if (event.target !== event.currentTarget) return;
    // Alt+arrows are Back, Forward and Up (menu commands), not moves within the list.
    if (event.altKey) return;
    const mod = event.ctrlKey || event.metaKey;
    const mode: SelectMode | 'cursor' = event.shiftKey ? 'range' : mod ? 'cursor' : 'replace';
    const at = cursorIndex;
    const current = rows[at];
    const handled = (): void => {
      event.preventDefault();
      event.stopPropagation();
    };
    switch (event.key) {
      case 'ArrowDown':
        handled();
        moveTo(at + 1, mode);
        return;
      case 'ArrowUp':
        handled();
        moveTo(at === -1 ? 0 : at - 1, mode);
        return;
      case 'PageDown':
        handled();
        moveTo(at + pageSize, mode);
        return;
      case 'PageUp':
        handled();
        moveTo(at - pageSize, mode);
        return;
      case 'Home':
        handled();
        moveTo(0, mode);
        return;
      case 'End':
        handled();
        moveTo(rows.length - 1, mode);
        return;
      case 'Enter':
        if (current) {
          handled();
          open(current);
        }
        return;
      case ' ':
        if (current) {
          handled();
          select(paneId, current.key, 'toggle', rows);
        }
        return;
      case 'Backspace':
        handled();
        goUp(paneId);
        return;
      case 'Delete': {
        const chosen = selectedEntries(rows, selection);
        if (chosen.length > 0) {
          handled();
          props.onDelete(chosen);
        }
        return;
      }
      case 'ContextMenu':
        handled();
        openMenuAtCursor();
        return;
    }
    if (event.key === 'F10' && event.shiftKey) {
      handled();
      openMenuAtCursor();
      return;
    }
    if (mod && event.key.toLowerCase() === 'a') {
      handled();
      selectAll(paneId, rows);
      return;
    }
    if (event.key.length === 1 && !mod && !event.altKey) {
      handled();
      typeAhead(event.key);
    }
  };

  /** Jumps to the first name starting with what was typed in quick succession. */
  const typeAhead = (char: string): void => {
    const now = Date.now();
    const state = typeahead.current;
    state.text = now - state.at > TYPEAHEAD_RESET_MS ? char : state.text + char;
    state.at = now;
    const needle = state.text.toLowerCase();
    const index = rows.findIndex((r) => nameOf(r, prefix).toLowerCase().startsWith(needle));
    if (index !== -1) moveTo(index, 'replace');
  };

  const openMenuAtCursor = (): void => {
    const element = cursorIndex === -1 ? undefined : document.getElementById(rowId(cursorIndex));
    const rect = element?.getBoundingClientRect() ?? scrollRef.current?.getBoundingClientRect();
    if (rect) props.onContextMenu(rect.left + 24, rect.top + ROW_HEIGHT);
  };

  const onRowClick = (event: MouseEvent, entry: ObjectEntry): void => {
    const mode: SelectMode = event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'replace';
    select(paneId, entry.key, mode, rows);
  };

  const onRowContextMenu = (event: MouseEvent, entry: ObjectEntry): void => {
    event.preventDefault();
    // Right-clicking outside the selection acts on that row alone, as file managers do.
    if (!selection.has(entry.key)) select(paneId, entry.key, 'replace', rows);
    props.onContextMenu(event.clientX, event.clientY);
  };

  const onRowDragStart = (event: DragEvent, entry: ObjectEntry): void => {
    const chosen = selection.has(entry.key) ? selectedEntries(rows, selection) : [entry];
    if (!selection.has(entry.key)) select(paneId, entry.key, 'replace', rows);
    if (props.onDragOut) {
      event.preventDefault();
      props.onDragOut(chosen);
      return;
    }
    const { keys, prefixes } = payloadOf(chosen);
    event.dataTransfer.setData(SELECTION_MIME, JSON.stringify({ paneId, sessionId, bucket, keys, prefixes }));
    event.dataTransfer.effectAllowed = 'copy';
    setDragSource(paneId);
  };

  // One pooled row per visible row (one more for the row cut at each edge). Row k of the pool
  // always shows the k-th visible row, so rows are never created, removed or moved while
  // scrolling; only what they show changes. Screen readers get each row's place from aria-rowindex.
  const pool = props.placeholder
    ? 0
    : Math.min(rows.length, Math.ceil(Math.max(0, viewportHeight - HEAD_HEIGHT) / ROW_HEIGHT) + 1);
  const pooled = useRef<(PaintedRow | undefined)[]>([]);
  const now = Date.now();
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const paintRows = (): void => {
    const top = scrollRef.current?.scrollTop ?? 0;
    const first = Math.floor(top / ROW_HEIGHT);
    // Rows keep their place in the layer; the layer moves by the part of a row scrolled past.
    // One transform per frame: moving every row instead made style recalc most of the frame.
    const shift = `translateY(${first * ROW_HEIGHT - top}px)`;
    if (bodyRef.current && bodyRef.current.style.transform !== shift) bodyRef.current.style.transform = shift;
    for (let k = 0; k < pool; k++) {
      const index = first + k;
      const entry = rows[index];
      pooled.current[k]?.paint(
        entry && {
          entry,
          index,
          id: rowId(index),
          prefix,
          selected: selection.has(entry.key),
          isCursor: index === cursorIndex,
          dropHighlight: entry.kind === 'folder' && drop.dropTarget === entry.key,
          now,
          top: k * ROW_HEIGHT,
        },
      );
    }
  };
  paintRef.current = paintRows;
  // After every render (new rows, selection, cursor, drop target), before the browser paints.
  useLayoutEffect(paintRows);
  const rowRef = (k: number) => (row: HTMLTableRowElement | null) => {
    pooled.current[k] = row ? PaintedRow.of(row, ROW_HEIGHT) : undefined;
  };
  const entryOf = (row: HTMLElement): ObjectEntry | undefined => {
    const index = row.getAttribute('data-index');
    return index === null || row.hidden ? undefined : rows[Number(index)];
  };
  const listDropHighlight = drop.dropTarget !== undefined && drop.dropTarget === prefix;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for OS files; keyboard users have Upload
    <div
      className={listDropHighlight ? 'object-grid-wrap object-grid-wrap--drop' : 'object-grid-wrap'}
      onDragOver={drop.onDragOver}
      onDragEnter={drop.onDragOver}
      onDragLeave={drop.onDragLeave}
      onDrop={drop.onDrop}
    >
      <div className="object-grid__scroll" ref={scrollRef}>
        <table
          className="object-grid"
          // The table's height is what scrolls (header plus every row); the rows themselves are
          // drawn in the viewport-sized body layer, never in a box millions of pixels tall.
          style={props.placeholder ? undefined : { height: HEAD_HEIGHT + rows.length * ROW_HEIGHT }}
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the WAI-ARIA grid pattern, keys handled below
          role="grid"
          aria-label="Objects"
          aria-rowcount={rows.length + 1}
          aria-multiselectable="true"
          aria-activedescendant={cursorIndex === -1 ? undefined : rowId(cursorIndex)}
          tabIndex={0}
          onKeyDown={onKeyDown}
        >
          <ObjectListHead paneId={paneId} sort={sort} />
          <tbody
            ref={bodyRef}
            className="object-grid__body"
            style={{ height: props.placeholder ? 0 : Math.max(0, viewportHeight - HEAD_HEIGHT) }}
          >
            {Array.from({ length: pool }, (_, k) => (
              <ObjectRow
                // biome-ignore lint/suspicious/noArrayIndexKey: a pooled row is its place in the pool
                key={k}
                rowRef={rowRef(k)}
                entryOf={entryOf}
                onClick={onRowClick}
                onDoubleClick={open}
                onContextMenu={onRowContextMenu}
                onDragStart={onRowDragStart}
                onDragEnd={() => setDragSource(undefined)}
              />
            ))}
          </tbody>
        </table>
        {props.placeholder}
      </div>
    </div>
  );
}
