import { useEffect, useState } from 'react';
import type { RequestResult } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/models/errors';
import type { SsoRoleRef } from '../../../shared/models/sso';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call, toAppError } from '../../lib/api';
import { copiedMessage } from '../../lib/clipboard';

interface Props {
  readonly role: SsoRoleRef;
  readonly label: string;
  /** Legacy profiles carry the start URL themselves: there is no [sso-session] to add. */
  readonly legacy: boolean;
  readonly onClose: () => void;
}

/**
 * The `[profile …]` text for an Identity Center role, copied on open: pasted into
 * ~/.aws/config it gives the CLI the same role. The `[sso-session]` section is already there
 * (a second copy would make the CLI refuse the file), so it is a separate choice for another machine.
 */
export function ProfileBlockDialog({ role, label, legacy, onClose }: Props) {
  const [withSession, setWithSession] = useState(false);
  const [copied, setCopied] = useState<RequestResult<'copySsoProfileBlock'>>();
  const [error, setError] = useState<AppError>();

  useEffect(() => {
    let live = true;
    call('copySsoProfileBlock', { ...role, withSession }).then(
      (result) => {
        if (!live) return;
        setCopied(result);
        setError(undefined);
      },
      (err: unknown) => {
        if (live) setError(toAppError(err));
      },
    );
    return () => {
      live = false;
    };
  }, [role, withSession]);

  return (
    <Dialog
      title={`Profile block for ${label}`}
      onClose={onClose}
      wide
      footer={
        <button type="button" className="button button--primary" data-autofocus onClick={onClose}>
          Done
        </button>
      }
    >
      {error ? <ErrorNotice error={error} /> : null}
      <p role="status">
        {copied ? `${copiedMessage('the profile block', copied)} Paste it into ~/.aws/config:` : 'Copying…'}
      </p>
      <pre className="sso-block mono" data-testid="profile-block">
        {copied?.text}
      </pre>
      {legacy ? null : (
        <label className="field--inline field">
          <input type="checkbox" checked={withSession} onChange={(e) => setWithSession(e.target.checked)} />
          <span>Include the [sso-session] section (for a machine whose config does not have it yet)</span>
        </label>
      )}
    </Dialog>
  );
}
