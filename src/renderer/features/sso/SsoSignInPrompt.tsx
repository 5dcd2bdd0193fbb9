import { useState } from 'react';
import type { SsoLogin } from '../../../shared/models/sso';
import { Dialog } from '../../components/Dialog';
import { useSessionsStore } from '../../stores/sessions-store';
import { useSsoStore } from '../../stores/sso-store';
import { useTransfersStore } from '../../stores/transfers-store';
import { PendingSignIn } from './PendingSignIn';
import { loginName } from './SsoLoginCard';

/**
 * Asks to sign in again, in the app, when a sign-in ends while sessions depend on it. Their
 * transfers wait (parked) and go on by themselves once signed in. "Later" puts the question
 * away until that sign-in changes again; the sidebar and the session header still offer it.
 */
export function SsoSignInPrompt() {
  const logins = useSsoStore((s) => s.snapshot.logins);
  const sessions = useSessionsStore((s) => s.sessions);
  const items = useTransfersStore((s) => s.snapshot.items);
  const signIn = useSsoStore((s) => s.signIn);
  const [later, setLater] = useState<ReadonlySet<string>>(new Set());

  const dependants = (login: SsoLogin) => Object.values(sessions).filter((s) => s.ssoLogin === login.id);
  const asking = logins.find(
    (l) =>
      (l.status === 'expired' || (l.status === 'signing-in' && l.pending)) &&
      !later.has(`${l.id}@${l.expiresAt ?? ''}`) &&
      dependants(l).length > 0,
  );
  if (!asking) return null;
  const name = loginName(asking);
  const sessionIds = new Set(dependants(asking).map((s) => s.sessionId));
  const parked = items.filter(
    (i) => i.status === 'waiting-credentials' && sessionIds.has(i.sessionId),
  ).length;
  const close = () => setLater((set) => new Set([...set, `${asking.id}@${asking.expiresAt ?? ''}`]));

  return (
    <Dialog
      title="Sign in to IAM Identity Center again"
      onClose={close}
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            Later
          </button>
          {asking.status === 'expired' ? (
            <button
              type="button"
              className="button button--primary"
              data-autofocus
              onClick={() => void signIn(asking.id)}
            >
              Sign in
            </button>
          ) : null}
        </>
      }
    >
      <p>
        Your sign-in <strong>{name}</strong> has ended.{' '}
        {sessionIds.size === 1 ? 'One session uses' : `${sessionIds.size} sessions use`} it and can no longer
        renew its credentials
        {parked > 0
          ? `; ${parked === 1 ? 'one transfer waits' : `${parked} transfers wait`} and will go on after you sign in`
          : ''}
        .
      </p>
      {asking.pending ? <PendingSignIn login={asking} pending={asking.pending} /> : null}
    </Dialog>
  );
}
