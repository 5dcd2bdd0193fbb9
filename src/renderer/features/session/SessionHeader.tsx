import { useEffect, useState } from 'react';
import type { CopyReceipt } from '../../../shared/ipc/contract';
import type { SessionState } from '../../../shared/models/session';
import { acceleratorFor, displayAccelerator } from '../../../shared/shortcuts';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ExpiryCountdown } from '../../components/ExpiryCountdown';
import { SessionChip } from '../../components/SessionChip';
import { keyPlatform } from '../../lib/commands';
import { useSessionActivity, useSessionsStore } from '../../stores/sessions-store';
import { OpenConsoleButton } from '../console/OpenConsoleButton';
import { SsoTokenExpiry } from '../sso/SsoTokenExpiry';
import { CopyExportsDialog } from './CopyExportsDialog';
import './session-header.css';
import { copiedMessage } from '../../lib/clipboard';

interface Props {
  readonly session: SessionState;
}

const renewKeys = displayAccelerator(acceleratorFor('renew-session', keyPlatform), keyPlatform);

const statusText: Readonly<Record<SessionState['status'], string>> = {
  assuming: 'Assuming role…',
  active: 'Active',
  expiring: 'Expiring soon',
  expired: 'Expired',
  error: 'Failed',
};

/** The focused pane's session: who you are, for how long, and what you can do about it. */
export function SessionHeader({ session }: Props) {
  const activity = useSessionActivity(session.sessionId);
  const renew = useSessionsStore((s) => s.renew);
  const close = useSessionsStore((s) => s.close);
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState<CopyReceipt>();

  useEffect(() => {
    if (!copied) return;
    // Long enough to read where the lines went when that is not the clipboard.
    const timer = window.setTimeout(() => setCopied(undefined), copied.onClipboard ? 2500 : 10_000);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const renewing = activity?.pending === 'renewing' || session.status === 'assuming';
  const usable = session.status === 'active' || session.status === 'expiring';
  const error = activity?.error ?? session.error;

  return (
    <section className="session-header" aria-label="Focused session">
      <div className="session-header__row">
        <SessionChip session={session} />
        <span className="session-header__identity">
          {session.identity ? (
            <>
              <span className="mono" title={session.identity.arn}>
                {session.identity.arn}
              </span>
              <span className="muted"> · account </span>
              <span className="mono">{session.identity.account}</span>
            </>
          ) : (
            <span className="muted">{statusText[session.status]}</span>
          )}
          <span className="muted"> · {session.region}</span>
        </span>
        <ExpiryCountdown expiresAt={session.expiresAt} />
        {session.ssoLogin ? <SsoTokenExpiry loginId={session.ssoLogin} /> : null}
        <button
          type="button"
          className="button"
          disabled={renewing}
          onClick={() => void renew(session.sessionId)}
          title={`Renew the credentials (${renewKeys})${session.needsMfa ? ' — asks for an MFA code' : ''}`}
        >
          {renewing ? 'Renewing…' : 'Renew'}
        </button>
        <OpenConsoleButton sessionId={session.sessionId} disabled={!usable} />
        <button
          type="button"
          className="button"
          disabled={!usable}
          onClick={() => setConfirming(true)}
          title="Copy AWS_* export lines for a terminal"
        >
          {copied?.onClipboard ? 'Copied' : 'Copy env exports'}
        </button>
        {copied && !copied.onClipboard ? (
          <span className="session-header__copied muted" role="status">
            {copiedMessage('the env exports', copied, { secret: true })}
          </span>
        ) : null}
        <button
          type="button"
          className="icon-button"
          aria-label={`Close session ${session.label}`}
          title="Close session"
          disabled={activity?.pending === 'closing'}
          onClick={() => void close(session.sessionId)}
        >
          ×
        </button>
      </div>
      {error ? <ErrorNotice error={error} title={`Session ${session.label}`} /> : null}
      {confirming ? (
        <CopyExportsDialog
          session={session}
          onDone={(receipt) => {
            setConfirming(false);
            setCopied(receipt);
          }}
        />
      ) : null}
    </section>
  );
}
