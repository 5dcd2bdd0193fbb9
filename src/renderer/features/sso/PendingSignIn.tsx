import { useId } from 'react';
import type { SsoLogin, SsoPendingSignIn } from '../../../shared/models/sso';
import { useSsoStore } from '../../stores/sso-store';

interface Props {
  readonly login: SsoLogin;
  readonly pending: SsoPendingSignIn;
}

/**
 * What the user has to do in the browser: approve the page (browser flow), or check the code
 * and approve (device code). The page can be opened again, or on another device by its address.
 */
export function PendingSignIn({ login, pending }: Props) {
  const reopen = useSsoStore((s) => s.reopenSignIn);
  const cancel = useSsoStore((s) => s.cancelSignIn);
  const until = new Date(pending.expiresAt).toLocaleTimeString();
  const codeLabel = useId();
  return (
    <div className="sso-pending" role="status" aria-label={`Signing in to ${login.id}`}>
      {pending.userCode ? (
        <>
          <p className="sso-pending__text" id={codeLabel}>
            Confirm this code on the page that opened in your browser:
          </p>
          <output className="sso-pending__code mono" aria-labelledby={codeLabel}>
            {pending.userCode}
          </output>
        </>
      ) : (
        <p className="sso-pending__text">Finish signing in on the page that opened in your browser.</p>
      )}
      <p className="sso-pending__url muted">
        Not there? Open <span className="mono sso-pending__link">{pending.url}</span> (valid until {until}).
      </p>
      <div className="sso-pending__actions">
        <button type="button" className="button" onClick={() => void reopen(login.id)}>
          Open the page again
        </button>
        <button type="button" className="button" onClick={() => void cancel(login.id)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
