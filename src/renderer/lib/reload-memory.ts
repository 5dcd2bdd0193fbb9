/**
 * What a reload must not lose that only the window holds: the session each pane showed, the
 * pane with the focus, and the folder each session was at. Main keeps the sessions; this keeps
 * the view of them, in sessionStorage, which a reload (Ctrl+R, a renderer crash) keeps and a
 * new start does not: session IDs of an earlier run would mean nothing to a new main process.
 * Nothing in it is secret (session IDs, bucket names, prefixes).
 */
import type { Location } from '../features/browser/address';
import { useBrowserStore } from '../stores/browser-store';
import { type PaneId, useWorkspaceStore } from '../stores/workspace-store';

const STORAGE_KEY = 'crossbucket.reload.v1';

export interface ReloadMemory {
  /** The session of the left pane, then the right; `undefined` for an empty pane. */
  readonly panes: readonly (string | undefined)[];
  readonly focused: PaneId;
  /** The folder each session was at, by session ID. */
  readonly locations: Readonly<Record<string, Location>>;
}

const isLocation = (v: unknown): v is Location => {
  if (typeof v !== 'object' || v === null) return false;
  const { bucket, prefix } = v as { bucket?: unknown; prefix?: unknown };
  return (bucket === undefined || typeof bucket === 'string') && typeof prefix === 'string';
};

function read(): ReloadMemory | undefined {
  try {
    const raw: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { panes, focused, locations } = raw as { panes?: unknown; focused?: unknown; locations?: unknown };
    if (!Array.isArray(panes) || !panes.every((p) => p === null || typeof p === 'string')) return undefined;
    if (focused !== 'left' && focused !== 'right') return undefined;
    if (typeof locations !== 'object' || locations === null) return undefined;
    if (!Object.values(locations).every(isLocation)) return undefined;
    return {
      panes: panes.map((p: string | null) => p ?? undefined),
      focused,
      locations: locations as Record<string, Location>,
    };
  } catch {
    return undefined;
  }
}

let atStart: ReloadMemory | undefined;
let restored = false;

/** What the window showed before this page loaded, if it was reloaded. */
export const reloadMemory = (): ReloadMemory | undefined => atStart;

/** Called once the attach snapshot has put the sessions back: from then on, changes are kept. */
export function reloadMemoryRestored(): void {
  restored = true;
  save();
}

function save(): void {
  if (!restored) return;
  const { panes, focusedPaneId } = useWorkspaceStore.getState();
  const live = new Set(panes.map((p) => p.sessionId).filter(Boolean));
  const remembered = useBrowserStore.getState().remembered;
  const memory: ReloadMemory = {
    panes: panes.map((p) => p.sessionId),
    focused: focusedPaneId,
    locations: Object.fromEntries(Object.entries(remembered).filter(([id]) => live.has(id))),
  };
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(memory));
  } catch {
    // Storage full or disabled: a reload then starts from the bucket lists.
  }
}

/**
 * Reads what the last page kept (before anything can overwrite it), then keeps the view up
 * to date; returns the unsubscribe.
 */
export function startReloadMemory(): () => void {
  atStart = read();
  restored = false;
  const offWorkspace = useWorkspaceStore.subscribe(save);
  const offBrowser = useBrowserStore.subscribe((s, before) => {
    if (s.remembered !== before.remembered) save();
  });
  return () => {
    offWorkspace();
    offBrowser();
  };
}
