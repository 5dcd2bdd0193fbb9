import { useEffect, useState } from 'react';
import { ErrorNotice } from './components/ErrorNotice';
import { MfaDialog } from './features/mfa/MfaDialog';
import { PROFILE_FILTER_ID, ProfileSidebar } from './features/profiles/ProfileSidebar';
import { SessionHeader } from './features/session/SessionHeader';
import { Workspace } from './features/session/Workspace';
import { SettingsDialog } from './features/settings/SettingsDialog';
import { SwitchRoleDialog } from './features/switch-role/SwitchRoleDialog';
import { TransfersPanel } from './features/transfers/TransfersPanel';
import { api } from './lib/api';
import { modKeyName, useShortcuts } from './lib/use-shortcuts';
import { startProfiles } from './stores/profiles-store';
import { startSessions, useSession, useSessionsStore } from './stores/sessions-store';
import { useSettingsStore } from './stores/settings-store';
import { useFocusedPane, useWorkspaceStore } from './stores/workspace-store';
import './styles/layout.css';

type OpenDialog = 'switch-role' | 'settings' | undefined;

/** Loads each domain store once and keeps them following main's events. */
function useStartup(): void {
  useEffect(() => {
    if (!api.available) return;
    void useSettingsStore.getState().load();
    const offProfiles = startProfiles();
    const offSessions = startSessions((id) => useWorkspaceStore.getState().forgetSession(id));
    return () => {
      offProfiles();
      offSessions();
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

  useShortcuts({
    'mod+shift+r': () => {
      if (session) void useSessionsStore.getState().renew(session.sessionId);
    },
    'mod+k': () => {
      const filter = document.getElementById(PROFILE_FILTER_ID);
      if (filter instanceof HTMLInputElement) {
        filter.focus();
        filter.select();
      }
    },
    'mod+\\': toggleSplit,
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
          <SessionHeader session={session} />
        ) : (
          <span className="titlebar__spacer muted">No session</span>
        )}
        <div className="titlebar__tools">
          <button
            type="button"
            className={split ? 'button button--pressed' : 'button'}
            aria-pressed={split}
            title={`Two panes side by side (${modKeyName}+\\)`}
            onClick={toggleSplit}
          >
            Split
          </button>
          <button type="button" className="button" onClick={() => setDialog('settings')}>
            Settings
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
      <MfaDialog />
    </div>
  );
}
