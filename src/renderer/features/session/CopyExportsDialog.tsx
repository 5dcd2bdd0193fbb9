import { useState } from 'react';
import type { CopyReceipt } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/models/errors';
import type { SessionState } from '../../../shared/models/session';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call, toAppError } from '../../lib/api';
import { useHasSystemClipboard } from '../../stores/app-store';

interface Props {
  readonly session: SessionState;
  /** With where main put the lines, or undefined when the user backed out. */
  readonly onDone: (copied: CopyReceipt | undefined) => void;
}

/**
 * Explicit consent before main puts live credentials on the clipboard: anything that can
 * read the clipboard can then act as this role. The secret goes main → clipboard directly.
 */
export function CopyExportsDialog({ session, onDone }: Props) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppError>();
  const clipboard = useHasSystemClipboard();

  const confirm = async (): Promise<void> => {
    setPending(true);
    setError(undefined);
    try {
      onDone(await call('copySessionExports', { sessionId: session.sessionId, confirmed: true }));
    } catch (err) {
      setError(toAppError(err));
      setPending(false);
    }
  };

  const expiry = session.expiresAt ? new Date(session.expiresAt).toLocaleString() : undefined;
  return (
    <Dialog
      title="Copy credentials as environment exports?"
      onClose={() => onDone(undefined)}
      footer={
        <>
          <button type="button" className="button" data-autofocus onClick={() => onDone(undefined)}>
            Cancel
          </button>
          <button type="button" className="button button--primary" disabled={pending} onClick={confirm}>
            {pending ? 'Copying…' : clipboard ? 'Copy to clipboard' : 'Copy'}
          </button>
        </>
      }
    >
      <p>
        This puts <code>export AWS_ACCESS_KEY_ID=…</code>, <code>AWS_SECRET_ACCESS_KEY</code> and{' '}
        <code>AWS_SESSION_TOKEN</code> for <strong>{session.label}</strong>{' '}
        {clipboard
          ? 'on the clipboard.'
          : 'out of this page: the browser shell cannot reach your clipboard, so it says where they went.'}
      </p>
      <p className="muted">
        Any program that reads the clipboard can act as{' '}
        <span className="mono">{session.identity?.arn ?? session.label}</span>
        {expiry ? ` until ${expiry}` : ''}. Paste it only into a terminal you trust.
      </p>
      {error ? <ErrorNotice error={error} /> : null}
    </Dialog>
  );
}
