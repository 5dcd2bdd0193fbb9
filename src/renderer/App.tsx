import { useEffect, useState } from 'react';
import type { MenuCommand } from '../shared/ipc/contract';
import { acceleratorFor, displayAccelerator } from '../shared/shortcuts';
import { ErrorNotice } from './components/ErrorNotice';
import { startBookmarksAndLinks } from './features/bookmarks/open-bookmark';
import { MfaDialog } from './features/mfa/MfaDialog';
import { ProfileSidebar } from './features/profiles/ProfileSidebar';
import { PROFILE_FILTER_ID } from './features/profiles/ProfilesSection';
import { SessionHeader } from './features/session/SessionHeader';
import { Workspace } from './features/session/Workspace';
import { SettingsDialog } from './features/settings/SettingsDialog';
import { ShortcutsDialog } from './features/shortcuts/ShortcutsDialog';
import { SsoSignInPrompt } from './features/sso/SsoSignInPrompt';
import { SwitchRoleDialog } from './features/switch-role/SwitchRoleDialog';
import { TransfersPanel } from './features/transfers/TransfersPanel';
import { api } from './lib/api';
import { attachToMain } from './lib/attach';
import { keyPlatform, onCommand, startCommands } from './lib/commands';
import { startLayoutMemory } from './lib/layout-memory';
import { startReloadMemory } from './lib/reload-memory';
import { startTransferNotifier } from './lib/transfer-notifier';
import { useShortcuts } from './lib/use-shortcuts';
import { useBatchStore } from './stores/batch-store';
import { startMfa } from './stores/mfa-store';
import { startProfiles } from './stores/profiles-store';
import { startSessions, useSession, useSessionsStore } from './stores/sessions-store';
import { useSettingsStore } from './stores/settings-store';
import { startSso } from './stores/sso-store';
import { useTransfersStore } from './stores/transfers-store';
import { useFocusedPane, useWorkspaceStore } from './stores/workspace-store';
import './styles/layout.css';

type OpenDialog = 'switch-role' | 'settings' | 'shortcuts' | undefined;

const keysOf = (command: MenuCommand): string =>
  displayAccelerator(acceleratorFor(command, keyPlatform), keyPlatform);

/**
 * Subscribes each domain store to main's events, then fills them all from one snapshot of
 * main's state (at start and after a reload alike), so nothing emitted meanwhile is missed.
 */
function useStartup(): void {
  useEffect(() => {
    if (!api.available) return;
    const offProfiles = startProfiles();
    const offSessions = startSessions((id) => useWorkspaceStore.getState().forgetSession(id));
    const offMfa = startMfa();
    const offTransfers = useTransfersStore.getState().start();
    const offCommands = startCommands();
    const offLayout = startLayoutMemory();
    const offReload = startReloadMemory();
    const offNotifier = startTransferNotifier();
    const offBookmarks = startBookmarksAndLinks();
    const offSso = startSso();
    const offBatch = useBatchStore.getState().start();
    void attachToMain();
    return () => {
      offBookmarks();
      offSso();
      offBatch();
      offProfiles();
      offSessions();
      offMfa();
      offTransfers();
      offCommands();
      offLayout();
      offReload();
      offNotifier();
    };
  }, []);
}

/** The settings' theme pins `color-scheme`; "system" leaves it to the OS. */
function useTheme(): void {
  const theme = useSettingsStore((s) => s.settings.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}

export function App() {
  useStartup();
  useTheme();
  const [dialog, setDialog] = useState<OpenDialog>();
  const focusedPane = useFocusedPane();
  const session = useSession(focusedPane.sessionId);
  const split = useWorkspaceStore((s) => s.split);
  const toggleSplit = useWorkspaceStore((s) => s.toggleSplit);

  /** The commands the shell owns; the focused browser pane subscribes to its own. */
  useEffect(() => {
    const renewFocused = (): void => {
      const workspace = useWorkspaceStore.getState();
      const sessionId = workspace.panes.find((p) => p.id === workspace.focusedPaneId)?.sessionId;
      if (sessionId) void useSessionsStore.getState().renew(sessionId);
    };
    const offs = [
      onCommand('toggle-split', () => useWorkspaceStore.getState().toggleSplit()),
      onCommand('toggle-transfers', () => {
        const transfers = useTransfersStore.getState();
        transfers.setExpanded(!transfers.expanded);
      }),
      onCommand('switch-role', () => setDialog('switch-role')),
      onCommand('renew-session', renewFocused),
      onCommand('open-settings', () => setDialog('settings')),
      onCommand('show-shortcuts', () => setDialog('shortcuts')),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, []);

  // Not a menu command: the filter box is part of the window, not of a pane.
  useShortcuts({
    'mod+k': () => {
      const filter = document.getElementById(PROFILE_FILTER_ID);
      if (filter instanceof HTMLInputElement) {
        filter.focus();
        filter.select();
      }
    },
  });

  if (!api.available) {
    return (
      <main className="app-missing">
        <ErrorNotice
          error={{
            code: 'internal',
            message: 'Crossbucket cannot reach its main process.',
            hints: ['The preload script did not load. Restart the app.'],
          }}
        />
      </main>
    );
  }

  return (
    <div className="app">
      <header className="titlebar">
        <h1 className="titlebar__name">Crossbucket</h1>
        {session ? (
          // Keyed: a Console refusal or copy note belongs to the session it was about.
          <SessionHeader key={session.sessionId} session={session} />
        ) : (
          <span className="titlebar__spacer muted">No session</span>
        )}
        <div className="titlebar__tools">
          <button
            type="button"
            className={split ? 'button button--pressed' : 'button'}
            aria-pressed={split}
            title={`Two panes side by side (${keysOf('toggle-split')})`}
            onClick={toggleSplit}
          >
            Split
          </button>
          <button
            type="button"
            className="button"
            title={`Settings (${keysOf('open-settings')})`}
            onClick={() => setDialog('settings')}
          >
            Settings
          </button>
          <button
            type="button"
            className="button"
            aria-label="Keyboard shortcuts"
            title={`Keyboard shortcuts (${keysOf('show-shortcuts')})`}
            onClick={() => setDialog('shortcuts')}
          >
            ?
          </button>
        </div>
      </header>
      <ProfileSidebar onSwitchRole={() => setDialog('switch-role')} />
      <main className="main">
        <Workspace />
      </main>
      <footer className="bottom">
        <TransfersPanel />
      </footer>
      {dialog === 'switch-role' ? <SwitchRoleDialog onClose={() => setDialog(undefined)} /> : null}
      {dialog === 'settings' ? <SettingsDialog onClose={() => setDialog(undefined)} /> : null}
      {dialog === 'shortcuts' ? <ShortcutsDialog onClose={() => setDialog(undefined)} /> : null}
      <MfaDialog />
      <SsoSignInPrompt />
    </div>
  );
}
