import { ExpiryCountdown } from '../../components/ExpiryCountdown';
import { useSsoLogin, useSsoStore } from '../../stores/sso-store';

/**
 * The IAM Identity Center sign-in's own countdown, next to a session's credentials: when it
 * runs out the credentials still last until their own expiry, but cannot be renewed, so the
 * way to sign in again is right here.
 */
export function SsoTokenExpiry({ loginId }: { readonly loginId: string }) {
  const login = useSsoLogin(loginId);
  const signIn = useSsoStore((s) => s.signIn);
  if (!login) return null;
  if (login.status === 'signed-in') {
    return (
      <ExpiryCountdown
        expiresAt={login.expiresAt}
        prefix="SSO"
        subject={`IAM Identity Center sign-in ${login.id}${login.refreshable ? ' (renews itself)' : ''}`}
      />
    );
  }
  return (
    <button
      type="button"
      className="button"
      disabled={login.status === 'signing-in'}
      title={`The IAM Identity Center sign-in ${login.id} has ended; the session cannot renew without it.`}
      onClick={() => void signIn(login.id)}
    >
      {login.status === 'signing-in' ? 'Signing in…' : 'Sign in to SSO'}
    </button>
  );
}
