/**
 * A window is a view of main's state. At start and after every reload it asks main for all of
 * it at once (`attach`) and fills each store from that one snapshot; events keep the stores
 * current from then on. Sessions main still holds come back into the panes that showed them;
 * an open MFA prompt, transfer conflict or Identity Center sign-in (its device code included)
 * is shown again; the bookmarks are there before any waiting crossbucket:// link is followed,
 * since a link may name one. A reload loses nothing.
 */
import type { AppSnapshot } from '../../shared/ipc/contract';
import type { SessionState } from '../../shared/models/session';
import { followLinks } from '../features/bookmarks/open-bookmark';
import { useAppStore } from '../stores/app-store';
import { useBookmarksStore } from '../stores/bookmarks-store';
import { useBrowserStore } from '../stores/browser-store';
import { useMfaStore } from '../stores/mfa-store';
import { useProfilesStore } from '../stores/profiles-store';
import { useSessionsStore } from '../stores/sessions-store';
import { useSettingsStore } from '../stores/settings-store';
import { useSsoStore } from '../stores/sso-store';
import { useTransfersStore } from '../stores/transfers-store';
import { type PaneId, useWorkspaceStore } from '../stores/workspace-store';
import { call, toAppError } from './api';
import { readLayout } from './layout-memory';
import { reloadMemory, reloadMemoryRestored } from './reload-memory';

export async function attachToMain(): Promise<void> {
  let snapshot: AppSnapshot;
  try {
    snapshot = await call('attach', {});
  } catch (err) {
    const error = toAppError(err);
    useProfilesStore.setState({ loading: false, error });
    useSessionsStore.setState({ loadError: error });
    useSettingsStore.setState({ error });
    useTransfersStore.setState({ error });
    useSsoStore.setState({ loadError: error });
    useBookmarksStore.setState({ notice: { kind: 'error', title: 'Could not read the bookmarks', error } });
    reloadMemoryRestored();
    followLinks([]);
    return;
  }
  useAppStore.setState({ info: snapshot.app });
  useProfilesStore.setState({ snapshot: snapshot.profiles, loading: false, error: undefined });
  useSessionsStore.setState({
    sessions: Object.fromEntries(snapshot.sessions.map((s) => [s.sessionId, s])),
    loadError: undefined,
  });
  useSettingsStore.setState({ settings: snapshot.settings, loaded: true, error: undefined });
  useMfaStore.setState({ prompts: snapshot.mfaPrompts });
  useTransfersStore.getState().receive(snapshot.transfers);
  useSsoStore.setState({ snapshot: snapshot.sso, loadError: undefined });
  useBookmarksStore.setState({ snapshot: snapshot.bookmarks });
  showOpenSessions(snapshot.sessions);
  reloadMemoryRestored();
  followLinks(snapshot.links);
}

/**
 * Puts sessions main holds back on screen. After a reload each pane gets the session it showed
 * (ad-hoc and Identity Center ones too), at the folder it was in, and the focus goes back
 * where it was; on a fresh start each remembered pane gets its profile's session. A session
 * still opening (its MFA prompt was open at the reload) takes an empty pane, as it would have
 * once the prompt was answered.
 */
function showOpenSessions(sessions: readonly SessionState[]): void {
  const live = sessions.filter((s) => s.status !== 'error');
  const paneIds: readonly PaneId[] = ['left', 'right'];
  const shown = new Set<string>();
  const reloaded = reloadMemory();
  const liveIds = new Set(live.map((s) => s.sessionId));
  if (reloaded?.panes.some((id) => id !== undefined && liveIds.has(id))) {
    const locations = Object.entries(reloaded.locations).filter(([id]) => liveIds.has(id));
    // Before the panes mount, so each one opens at its folder rather than the bucket list.
    useBrowserStore.setState((s) => ({ remembered: { ...s.remembered, ...Object.fromEntries(locations) } }));
    reloaded.panes.forEach((sessionId, index) => {
      const paneId = paneIds[index];
      if (!sessionId || !paneId || !liveIds.has(sessionId)) return;
      useWorkspaceStore.getState().setPaneSession(paneId, sessionId);
      shown.add(sessionId);
    });
    const workspace = useWorkspaceStore.getState();
    workspace.focusPane(workspace.split ? reloaded.focused : 'left');
  } else {
    // A fresh start (or a page kept from an earlier run): main's sessions are found by profile.
    const layout = readLayout();
    layout.profiles.slice(0, layout.split ? 2 : 1).forEach((profile, index) => {
      const session = live.find((s) => s.source === profile);
      const paneId = paneIds[index];
      if (!session || !paneId || useWorkspaceStore.getState().panes[index]?.sessionId) return;
      useWorkspaceStore.getState().setPaneSession(paneId, session.sessionId);
      shown.add(session.sessionId);
    });
  }
  for (const session of live.filter((s) => s.status === 'assuming' && !shown.has(s.sessionId))) {
    const { panes, focusedPaneId, split } = useWorkspaceStore.getState();
    const visible = split ? panes : panes.slice(0, 1);
    const empty = [...visible].sort((a) => (a.id === focusedPaneId ? -1 : 1)).find((p) => !p.sessionId);
    if (!empty) break;
    useWorkspaceStore.getState().setPaneSession(empty.id, session.sessionId);
  }
}
