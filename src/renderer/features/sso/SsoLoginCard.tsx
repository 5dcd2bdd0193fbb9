import type { SsoLogin, SsoStatus } from '../../../shared/models/sso';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ExpiryCountdown } from '../../components/ExpiryCountdown';
import { useSsoStore } from '../../stores/sso-store';
import { PendingSignIn } from './PendingSignIn';
import { SsoAccountTree } from './SsoAccountTree';

const statusText: Readonly<Record<SsoStatus, string>> = {
  'signed-out': 'Signed out',
  'signing-in': 'Signing in…',
  'signed-in': 'Signed in',
  expired: 'Sign-in ended',
};

/** `corp` for an sso-session; the start URL's host for a legacy profile's sign-in. */
export function loginName(login: SsoLogin): string {
  if (login.kind === 'sso-session') return login.id;
  try {
    return new URL(login.startUrl).host;
  } catch {
    return login.startUrl;
  }
}

/** One IAM Identity Center sign-in: its state, the way in or out, and what it grants. */
export function SsoLoginCard({ login }: { readonly login: SsoLogin }) {
  const signIn = useSsoStore((s) => s.signIn);
  const signOut = useSsoStore((s) => s.signOut);
  const error = useSsoStore((s) => s.errors[login.id]);
  const dismiss = useSsoStore((s) => s.dismissError);
  const directory = useSsoStore((s) => s.snapshot.directories.find((d) => d.loginId === login.id));
  const name = loginName(login);

  return (
    <section className={`sso-login sso-login--${login.status}`} aria-label={`IAM Identity Center ${name}`}>
      <div className="sso-login__head">
        <span className="sso-login__name" title={login.id}>
          {name}
        </span>
        <span className={`badge sso-login__status sso-login__status--${login.status}`}>
          {statusText[login.status]}
        </span>
        {login.status === 'signed-in' ? (
          <ExpiryCountdown
            expiresAt={login.expiresAt}
            subject={`Sign-in ${name}${login.refreshable ? ' (renews itself)' : ''}`}
          />
        ) : null}
      </div>
      <p className="sso-login__meta muted" title={login.startUrl}>
        <span className="mono">{login.startUrl}</span> · {login.region}
        {login.kind === 'legacy' ? ' · legacy profile (device code)' : ''}
      </p>
      {login.status === 'signed-out' || login.status === 'expired' ? (
        <button
          type="button"
          className="button button--primary sso-login__action"
          onClick={() => void signIn(login.id)}
        >
          {login.status === 'expired' ? 'Sign in again' : 'Sign in'}
        </button>
      ) : null}
      {login.pending ? <PendingSignIn login={login} pending={login.pending} /> : null}
      {login.error ? <ErrorNotice error={login.error} compact /> : null}
      {error ? <ErrorNotice error={error} compact onDismiss={() => dismiss(login.id)} /> : null}
      {login.status === 'signed-in' ? (
        <>
          <SsoAccountTree login={login} directory={directory} />
          <button
            type="button"
            className="button sso-login__action"
            title="Sign out here and for the AWS CLI (they share the sign-in). Open sessions keep their credentials until they expire."
            onClick={() => void signOut(login.id)}
          >
            Sign out
          </button>
        </>
      ) : null}
    </section>
  );
}
