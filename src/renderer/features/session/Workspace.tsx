import { useState } from 'react';
import iconUrl from '../../../../build/icon.svg';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ExpiryCountdown } from '../../components/ExpiryCountdown';
import { SessionChip } from '../../components/SessionChip';
import { readLayout } from '../../lib/layout-memory';
import { useSessionColor } from '../../lib/use-session-color';
import { useProfilesStore } from '../../stores/profiles-store';
import { useSession } from '../../stores/sessions-store';
import { useSsoStore } from '../../stores/sso-store';
import { type Pane, useWorkspace, useWorkspaceStore } from '../../stores/workspace-store';
import { BrowserPane } from '../browser/BrowserPane';
import { SsoTokenExpiry } from '../sso/SsoTokenExpiry';
import { reopenProfiles } from './open-in-pane';
import './workspace.css';

interface PaneProps {
  readonly pane: Pane;
  readonly focused: boolean;
  readonly split: boolean;
}

/**
 * The profiles the window showed last time, if none is open now and each still exists and
 * works: read once per mount, since the list only matters until the first session opens.
 */
function useReopenOffer(): readonly (string | undefined)[] | undefined {
  const anyOpen = useWorkspaceStore((s) => s.panes.some((p) => p.sessionId || p.opening));
  const profiles = useProfilesStore((s) => s.snapshot?.profiles);
  const [remembered] = useState(readLayout);
  if (anyOpen || !profiles) return undefined;
  const usable = new Set(profiles.filter((p) => !p.error).map((p) => p.name));
  const offer = remembered.profiles
    .slice(0, remembered.split ? 2 : 1)
    .map((name) => (name && usable.has(name) ? name : undefined));
  return offer.some(Boolean) ? offer : undefined;
}

function ReopenOffer({ profiles }: { readonly profiles: readonly (string | undefined)[] }) {
  const names = [...new Set(profiles.filter((p): p is string => Boolean(p)))];
  return (
    <button type="button" className="button button--primary" onClick={() => void reopenProfiles(profiles)}>
      Reopen {names.join(', ')}
    </button>
  );
}

function PaneView({ pane, focused, split }: PaneProps) {
  const session = useSession(pane.sessionId);
  const focusPane = useWorkspaceStore((s) => s.focusPane);
  const setPaneSession = useWorkspaceStore((s) => s.setPaneSession);
  const name = pane.id === 'left' ? 'Left pane' : 'Right pane';
  const reopen = useReopenOffer();
  const hasSso = useSsoStore((s) => s.snapshot.logins.length > 0);
  const color = useSessionColor(session);

  return (
    // Focus follows any pointer or keyboard interaction inside the pane, so the sidebar
    // and the title area always act on the pane the user last worked in.
    <section
      className={focused ? 'pane pane--focused' : 'pane'}
      aria-label={name}
      data-pane-id={pane.id}
      // The top edge carries the session's colour: the title bar names only the focused
      // session, so each pane says on its own whose data it shows.
      style={color ? { borderTopColor: color } : undefined}
      onPointerDownCapture={() => focusPane(pane.id)}
      onFocusCapture={() => focusPane(pane.id)}
    >
      {session ? (
        <div className="pane__bar">
          <SessionChip session={session} />
          {session.identity ? (
            <span className="pane__account" title={session.identity.arn}>
              account <span className="mono">{session.identity.account}</span>
            </span>
          ) : null}
          <span className="pane__region muted">{session.region}</span>
          <ExpiryCountdown expiresAt={session.expiresAt} />
          {session.ssoLogin ? <SsoTokenExpiry loginId={session.ssoLogin} /> : null}
          {split && focused ? <span className="pane__focus-tag">Focused</span> : null}
        </div>
      ) : split ? (
        <div className="pane__bar">
          <span className="muted">No session</span>
          {focused ? <span className="pane__focus-tag">Focused</span> : null}
        </div>
      ) : null}
      {pane.opening ? (
        <p className="pane__notice" role="status">
          Opening {pane.opening}…
        </p>
      ) : null}
      {pane.openError ? (
        <div className="pane__notice">
          <ErrorNotice
            error={pane.openError}
            title="Could not open the session"
            onDismiss={() => setPaneSession(pane.id, pane.sessionId)}
          />
        </div>
      ) : null}
      <div className="pane__body">
        {pane.sessionId && session ? (
          <BrowserPane paneId={pane.id} sessionId={pane.sessionId} />
        ) : (
          <div className="pane__empty">
            <img className="pane__empty-logo" src={iconUrl} alt="" />
            <p className="pane__empty-title">Pick a profile on the left</p>
            <p className="muted">
              {hasSso ? 'or a role under IAM Identity Center, ' : 'or '}use Switch role… to assume a role by
              account ID and name.
            </p>
            {reopen && pane.id === 'left' ? <ReopenOffer profiles={reopen} /> : null}
          </div>
        )}
      </div>
    </section>
  );
}

/** One pane, or two side by side (Ctrl+\), each browsing with its own session. */
export function Workspace() {
  const { panes, focusedPaneId, split } = useWorkspace();
  return (
    <div className={split ? 'workspace workspace--split' : 'workspace'}>
      {panes.map((pane) => (
        <PaneView key={pane.id} pane={pane} focused={pane.id === focusedPaneId} split={split} />
      ))}
    </div>
  );
}
