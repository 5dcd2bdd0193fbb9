/**
 * Remembers, across restarts, whether the window was split and which profiles the panes
 * showed — names only. Sessions themselves are not restored: they need credentials and
 * maybe an MFA code, so the empty state offers a one-click reopen instead.
 */
import { useSessionsStore } from '../stores/sessions-store';
import { useWorkspaceStore } from '../stores/workspace-store';

const STORAGE_KEY = 'crossbucket.layout.v1';

export interface RememberedLayout {
  readonly split: boolean;
  /** The profile shown in the left pane, then the right; `undefined` for an empty pane. */
  readonly profiles: readonly (string | undefined)[];
}

const empty: RememberedLayout = { split: false, profiles: [] };

const isName = (v: unknown): v is string | undefined =>
  v === undefined || v === null || typeof v === 'string';

export function readLayout(): RememberedLayout {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return empty;
    const { split, profiles } = raw as { split?: unknown; profiles?: unknown };
    if (typeof split !== 'boolean' || !Array.isArray(profiles) || !profiles.every(isName)) return empty;
    return { split, profiles: profiles.map((p: string | null | undefined) => p ?? undefined) };
  } catch {
    // Unreadable storage (quota, corrupt JSON) just means nothing to offer.
    return empty;
  }
}

/** Profile names only: ad-hoc role sources (`adhoc:…`) carry account IDs and are left out. */
function currentLayout(): RememberedLayout {
  const { panes, split } = useWorkspaceStore.getState();
  const sessions = useSessionsStore.getState().sessions;
  const profiles = panes.map((p) => {
    const source = p.sessionId ? sessions[p.sessionId]?.source : undefined;
    return source && !source.startsWith('adhoc:') ? source : undefined;
  });
  return { split, profiles };
}

/**
 * Restores the split at start, then writes the layout whenever panes or sessions change.
 * Profiles are only written while some pane shows one, so closing everything (or quitting
 * from the empty state) keeps the last useful set to reopen.
 */
export function startLayoutMemory(): () => void {
  const remembered = readLayout();
  if (remembered.split !== useWorkspaceStore.getState().split) useWorkspaceStore.getState().toggleSplit();
  let last = JSON.stringify(remembered);
  const save = (): void => {
    const next = currentLayout();
    const kept = next.profiles.some(Boolean) ? next : { ...next, profiles: readLayout().profiles };
    const text = JSON.stringify(kept);
    if (text === last) return;
    last = text;
    try {
      localStorage.setItem(STORAGE_KEY, text);
    } catch {
      // Storage full or disabled: the layout is a convenience, not worth an error.
    }
  };
  const offWorkspace = useWorkspaceStore.subscribe(save);
  const offSessions = useSessionsStore.subscribe(save);
  return () => {
    offWorkspace();
    offSessions();
  };
}
