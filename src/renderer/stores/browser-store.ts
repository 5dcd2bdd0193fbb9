/**
 * What each pane browses: its location and history, the session's buckets, the streamed
 * listing of the current folder, sort, filter, search and selection.
 */
import { create } from 'zustand';
import type { AppError } from '../../shared/models/errors';
import type { BucketSummary, ListingPage, ObjectEntry } from '../../shared/models/s3';
import { type Location, parentOf, ROOT, sameLocation } from '../features/browser/address';
import type { SortOrder } from '../features/browser/rows';
import { call, onEvent, toAppError } from '../lib/api';
import type { PaneId } from './workspace-store';

export interface BucketsState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly items: readonly BucketSummary[];
  readonly error?: AppError;
}

export interface ListingState {
  readonly listingId?: string;
  /**
   * Append-only and shared between revisions: copying a million-entry array on every page
   * would be quadratic. `revision` changes whenever entries were added.
   */
  readonly entries: readonly ObjectEntry[];
  readonly keysLoaded: number;
  readonly loading: boolean;
  readonly done: boolean;
  readonly error?: AppError;
  readonly revision: number;
}

export interface PaneBrowserState {
  readonly sessionId?: string;
  readonly location: Location;
  readonly back: readonly Location[];
  readonly forward: readonly Location[];
  readonly buckets: BucketsState;
  readonly listing: ListingState;
  /** Server-side "starts with" search under the current prefix; '' lists everything. */
  readonly startsWith: string;
  /** Filter-as-you-type over the loaded rows. */
  readonly filter: string;
  readonly sort: SortOrder;
  readonly selection: ReadonlySet<string>;
  /** Where a shift-click range starts. */
  readonly anchor?: string;
  /** The keyboard cursor (a key); the focused row. */
  readonly cursor?: string;
  /** A key to select (and show the details of) as soon as the listing brings it. */
  readonly reveal?: string;
  /** Counts revealed keys, so the list scrolls to each one once. */
  readonly revealed: number;
}

export type SelectMode = 'replace' | 'toggle' | 'range';

interface BrowserStore {
  readonly panes: Readonly<Partial<Record<PaneId, PaneBrowserState>>>;
  /** The last location per session, so switching a pane back to a session returns there. */
  readonly remembered: Readonly<Record<string, Location>>;
  readonly attach: (paneId: PaneId, sessionId: string | undefined) => void;
  readonly detach: (paneId: PaneId) => void;
  /** `reveal` selects that key (an object of the folder) once it is listed. */
  readonly navigate: (paneId: PaneId, location: Location, options?: { readonly reveal?: string }) => void;
  readonly goBack: (paneId: PaneId) => void;
  readonly goForward: (paneId: PaneId) => void;
  readonly goUp: (paneId: PaneId) => void;
  /**
   * Lists again. `keepRows` leaves the current rows on screen until the new listing's first
   * page replaces them, so a refresh nobody asked for does not blank the list or lose scroll.
   */
  readonly refresh: (paneId: PaneId, options?: { readonly keepRows?: boolean }) => void;
  readonly search: (paneId: PaneId, startsWith: string) => void;
  readonly setFilter: (paneId: PaneId, filter: string) => void;
  readonly setSort: (paneId: PaneId, sort: SortOrder) => void;
  readonly select: (paneId: PaneId, key: string, mode: SelectMode, rows: readonly ObjectEntry[]) => void;
  readonly selectAll: (paneId: PaneId, rows: readonly ObjectEntry[]) => void;
  readonly clearSelection: (paneId: PaneId) => void;
  readonly setCursor: (paneId: PaneId, key: string | undefined) => void;
}

const emptyListing: ListingState = { entries: [], keysLoaded: 0, loading: false, done: false, revision: 0 };
const emptySelection: ReadonlySet<string> = new Set();

const freshPane = (sessionId: string | undefined, location: Location): PaneBrowserState => ({
  sessionId,
  location,
  back: [],
  forward: [],
  buckets: { status: 'idle', items: [] },
  listing: emptyListing,
  startsWith: '',
  filter: '',
  sort: { column: 'name', descending: false },
  selection: emptySelection,
  revealed: 0,
});

/** The mutable side of a live listing; the store only sees snapshots of it. */
interface LiveListing {
  readonly paneId: PaneId;
  readonly entries: ObjectEntry[];
  keysLoaded: number;
  done: boolean;
  error?: AppError;
  flushTimer?: number;
}

const live = new Map<string, LiveListing>();
/**
 * Pages that arrived before `listObjects` returned their id (events and replies travel
 * separately, and over the harness bridge may overtake each other). Bounded.
 */
const early = new Map<string, ListingPage[]>();
const EARLY_LIMIT = 16;
/** Re-render at most this often while pages stream in; each render re-derives the rows. */
const FLUSH_MS = 150;
/** Guards against a slow listObjects reply landing after the user moved on. */
const requestSeq = new Map<PaneId, number>();

let subscribed = false;

export const useBrowserStore = create<BrowserStore>()((set, get) => {
  const pane = (paneId: PaneId): PaneBrowserState | undefined => get().panes[paneId];

  const patch = (paneId: PaneId, change: Partial<PaneBrowserState>): void =>
    set((s) => {
      const current = s.panes[paneId];
      return current ? { panes: { ...s.panes, [paneId]: { ...current, ...change } } } : s;
    });

  const stopListing = (paneId: PaneId): void => {
    requestSeq.set(paneId, (requestSeq.get(paneId) ?? 0) + 1);
    const id = pane(paneId)?.listing.listingId;
    if (id === undefined) return;
    const running = live.get(id);
    live.delete(id);
    if (running?.flushTimer !== undefined) window.clearTimeout(running.flushTimer);
    if (running && !running.done) call('cancelListing', { listingId: id }).catch(() => undefined);
  };

  const flush = (listingId: string): void => {
    const running = live.get(listingId);
    if (!running) return;
    running.flushTimer = undefined;
    const current = pane(running.paneId);
    if (current?.listing.listingId !== listingId) return;
    patch(running.paneId, {
      listing: {
        listingId,
        entries: running.entries,
        keysLoaded: running.keysLoaded,
        loading: !running.done,
        done: running.done,
        error: running.error,
        revision: current.listing.revision + 1,
      },
    });
    if (running.done) live.delete(listingId);
  };

  const applyPage = (page: ListingPage): void => {
    const running = live.get(page.listingId);
    if (!running) {
      early.set(page.listingId, [...(early.get(page.listingId) ?? []), page]);
      while (early.size > EARLY_LIMIT) early.delete(early.keys().next().value as string);
      return;
    }
    for (const entry of page.entries) running.entries.push(entry);
    revealIfListed(running.paneId, page);
    running.keysLoaded = page.keysLoaded;
    running.done = page.done;
    running.error = page.error;
    if (page.done) {
      if (running.flushTimer !== undefined) window.clearTimeout(running.flushTimer);
      flush(page.listingId);
    } else if (running.flushTimer === undefined) {
      running.flushTimer = window.setTimeout(() => flush(page.listingId), FLUSH_MS);
    }
  };

  /** Selects the pane's pending `reveal` key when this page lists it; a finished listing gives up. */
  const revealIfListed = (paneId: PaneId, page: ListingPage): void => {
    const current = pane(paneId);
    const key = current?.reveal;
    if (!current || key === undefined || current.listing.listingId !== page.listingId) return;
    if (page.entries.some((e) => e.key === key)) {
      patch(paneId, {
        selection: new Set([key]),
        anchor: key,
        cursor: key,
        reveal: undefined,
        revealed: current.revealed + 1,
      });
    } else if (page.done) {
      patch(paneId, { reveal: undefined });
    }
  };

  const ensureSubscribed = (): void => {
    if (subscribed) return;
    subscribed = true;
    onEvent('listingPage', applyPage);
  };

  const startListing = async (paneId: PaneId, keepRows = false): Promise<void> => {
    stopListing(paneId);
    const current = pane(paneId);
    const bucket = current?.location.bucket;
    if (!current?.sessionId || bucket === undefined) return;
    const seq = requestSeq.get(paneId);
    const kept = keepRows ? current.listing : emptyListing;
    patch(paneId, { listing: { ...kept, loading: true } });
    try {
      const { listingId } = await call('listObjects', {
        sessionId: current.sessionId,
        bucket,
        prefix: current.location.prefix,
        ...(current.startsWith ? { startsWith: current.startsWith } : {}),
      });
      if (requestSeq.get(paneId) !== seq) {
        call('cancelListing', { listingId }).catch(() => undefined);
        return;
      }
      live.set(listingId, { paneId, entries: [], keysLoaded: 0, done: false });
      patch(paneId, { listing: { ...kept, listingId, loading: true, error: undefined } });
      const pending = early.get(listingId) ?? [];
      early.delete(listingId);
      for (const page of pending) applyPage(page);
    } catch (err) {
      if (requestSeq.get(paneId) !== seq) return;
      patch(paneId, { listing: { ...emptyListing, done: true, error: toAppError(err) } });
    }
  };

  const loadBuckets = async (paneId: PaneId): Promise<void> => {
    const sessionId = pane(paneId)?.sessionId;
    if (!sessionId) return;
    patch(paneId, { buckets: { status: 'loading', items: pane(paneId)?.buckets.items ?? [] } });
    try {
      const items = await call('listBuckets', { sessionId });
      if (pane(paneId)?.sessionId === sessionId) patch(paneId, { buckets: { status: 'ready', items } });
    } catch (err) {
      if (pane(paneId)?.sessionId === sessionId) {
        patch(paneId, { buckets: { status: 'error', items: [], error: toAppError(err) } });
      }
    }
  };

  /** Shows a location without touching history. */
  const show = (paneId: PaneId, location: Location, reveal?: string): void => {
    stopListing(paneId);
    const current = pane(paneId);
    if (!current) return;
    patch(paneId, {
      location,
      listing: emptyListing,
      startsWith: '',
      filter: '',
      selection: emptySelection,
      anchor: undefined,
      cursor: undefined,
      reveal,
    });
    if (current.sessionId) {
      set((s) => ({ remembered: { ...s.remembered, [current.sessionId as string]: location } }));
    }
    if (location.bucket === undefined) {
      if (current.buckets.status !== 'ready') void loadBuckets(paneId);
    } else {
      void startListing(paneId);
    }
  };

  return {
    panes: {},
    remembered: {},

    attach: (paneId, sessionId) => {
      ensureSubscribed();
      const current = pane(paneId);
      if (current && current.sessionId === sessionId) return;
      stopListing(paneId);
      const location = (sessionId && get().remembered[sessionId]) || ROOT;
      set((s) => ({ panes: { ...s.panes, [paneId]: freshPane(sessionId, ROOT) } }));
      if (!sessionId) return;
      // The bucket list is fetched even when a folder is restored, for the Back-to-buckets view.
      void loadBuckets(paneId);
      if (location.bucket !== undefined) show(paneId, location);
    },

    detach: (paneId) => {
      stopListing(paneId);
      set((s) => {
        const { [paneId]: _gone, ...rest } = s.panes;
        return { panes: rest };
      });
    },

    navigate: (paneId, location, options) => {
      const current = pane(paneId);
      if (!current) return;
      if (!sameLocation(current.location, location)) {
        patch(paneId, { back: [...current.back, current.location], forward: [] });
      }
      show(paneId, location, options?.reveal);
    },

    goBack: (paneId) => {
      const current = pane(paneId);
      const target = current?.back.at(-1);
      if (!current || !target) return;
      patch(paneId, { back: current.back.slice(0, -1), forward: [current.location, ...current.forward] });
      show(paneId, target);
    },

    goForward: (paneId) => {
      const current = pane(paneId);
      const target = current?.forward[0];
      if (!current || !target) return;
      patch(paneId, { back: [...current.back, current.location], forward: current.forward.slice(1) });
      show(paneId, target);
    },

    goUp: (paneId) => {
      const current = pane(paneId);
      if (!current || current.location.bucket === undefined) return;
      get().navigate(paneId, parentOf(current.location));
    },

    refresh: (paneId, options) => {
      const current = pane(paneId);
      if (!current) return;
      if (current.location.bucket === undefined) void loadBuckets(paneId);
      else void startListing(paneId, options?.keepRows);
    },

    search: (paneId, startsWith) => {
      if (!pane(paneId)) return;
      patch(paneId, { startsWith, selection: emptySelection, anchor: undefined, cursor: undefined });
      void startListing(paneId);
    },

    setFilter: (paneId, filter) => patch(paneId, { filter }),
    setSort: (paneId, sort) => patch(paneId, { sort }),

    select: (paneId, key, mode, rows) => {
      const current = pane(paneId);
      if (!current) return;
      if (mode === 'replace') {
        patch(paneId, { selection: new Set([key]), anchor: key, cursor: key });
        return;
      }
      if (mode === 'toggle') {
        const next = new Set(current.selection);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        patch(paneId, { selection: next, anchor: key, cursor: key });
        return;
      }
      const anchor = current.anchor ?? key;
      const from = rows.findIndex((r) => r.key === anchor);
      const to = rows.findIndex((r) => r.key === key);
      if (from === -1 || to === -1) {
        patch(paneId, { selection: new Set([key]), anchor: key, cursor: key });
        return;
      }
      const [lo, hi] = from < to ? [from, to] : [to, from];
      patch(paneId, { selection: new Set(rows.slice(lo, hi + 1).map((r) => r.key)), cursor: key });
    },

    selectAll: (paneId, rows) => patch(paneId, { selection: new Set(rows.map((r) => r.key)) }),
    clearSelection: (paneId) => patch(paneId, { selection: emptySelection, anchor: undefined }),
    setCursor: (paneId, cursor) => patch(paneId, { cursor }),
  };
});

export const usePaneBrowser = (paneId: PaneId): PaneBrowserState | undefined =>
  useBrowserStore((s) => s.panes[paneId]);
