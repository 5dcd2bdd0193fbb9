import { type FormEvent, useState } from 'react';
import type { RequestResult } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/models/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatExactTime } from '../../components/format';
import { call, toAppError } from '../../lib/api';
import { copiedMessage } from '../../lib/clipboard';
import { useSession } from '../../stores/sessions-store';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly objectKey: string;
  readonly versionId?: string;
  readonly onClose: () => void;
}

const LIFETIMES: readonly { readonly seconds: number; readonly label: string }[] = [
  { seconds: 15 * 60, label: '15 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 12 * 3600, label: '12 hours' },
  { seconds: 7 * 24 * 3600, label: '7 days' },
];

const MAX_PRESIGN_SECONDS = 604_800;

/**
 * A URL signed with temporary credentials stops working when they expire, whatever its own
 * lifetime says, so the lifetime is capped at the session's (main caps it again).
 */
export function PresignDialog({ sessionId, bucket, objectKey, versionId, onClose }: Props) {
  const session = useSession(sessionId);
  const [choice, setChoice] = useState(3600);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();
  const [copied, setCopied] = useState<RequestResult<'presignObject'>>();

  const remaining = session?.expiresAt
    ? Math.floor((new Date(session.expiresAt).getTime() - Date.now()) / 1000)
    : undefined;
  const capped = remaining !== undefined && remaining < choice;
  const seconds = Math.max(1, Math.min(choice, remaining ?? MAX_PRESIGN_SECONDS));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await call('presignObject', {
        sessionId,
        bucket,
        key: objectKey,
        expiresInSeconds: seconds,
        ...(versionId ? { versionId } : {}),
      });
      setCopied(result);
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Copy presigned URL" onClose={onClose}>
      <form className="op-form" onSubmit={submit}>
        <p className="op-form__subject">
          <code>{`s3://${bucket}/${objectKey}`}</code>
        </p>
        <label className="field">
          <span className="field__label">Valid for</span>
          <select className="select" value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
            {LIFETIMES.map((l) => (
              <option key={l.seconds} value={l.seconds}>
                {l.label}
              </option>
            ))}
          </select>
          {capped && session?.expiresAt ? (
            <span className="field__hint">
              Capped at the session's expiry ({formatExactTime(session.expiresAt)}): the URL stops working
              when the credentials that signed it expire.
            </span>
          ) : null}
        </label>
        {copied ? (
          <p className="op-form__success" role="status">
            {copiedMessage('the URL', copied, { secret: true })} It works until{' '}
            {formatExactTime(copied.expiresAt)}.
          </p>
        ) : null}
        {error ? <ErrorNotice error={error} compact /> : null}
        <div className="op-form__actions">
          <button type="button" className="button" onClick={onClose}>
            {copied ? 'Done' : 'Cancel'}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || seconds < 1}>
            Copy URL
          </button>
        </div>
      </form>
    </Dialog>
  );
}
