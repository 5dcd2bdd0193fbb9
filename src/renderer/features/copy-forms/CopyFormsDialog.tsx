import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { LocationFacts } from '../../../shared/models/s3';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call, toAppError } from '../../lib/api';
import { copiedMessage, writeClipboard } from '../../lib/clipboard';
import { copyForms } from './copy-forms';
import './copy-forms.css';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  /** Object keys and folder prefixes (ending in `/`). */
  readonly keys: readonly string[];
  readonly onClose: () => void;
}

/**
 * The selection as S3 URI, HTTPS URL, ARN, `aws s3 cp` line and Console URL: each shown in
 * full (so it can be read and selected by hand) with its own Copy button.
 */
export function CopyFormsDialog({ sessionId, bucket, keys, onClose }: Props) {
  const [facts, setFacts] = useState<LocationFacts>();
  const [error, setError] = useState<AppError>();
  const [copied, setCopied] = useState<string>();

  useEffect(() => {
    let live = true;
    call('locationFacts', { sessionId, bucket }).then(
      (f) => live && setFacts(f),
      (err: unknown) => live && setError(toAppError(err)),
    );
    return () => {
      live = false;
    };
  }, [sessionId, bucket]);

  const copy = (label: string, text: string): void => {
    setError(undefined);
    writeClipboard(text).then(
      (receipt) => setCopied(copiedMessage(`the ${label}`, receipt)),
      (err: unknown) => setError(toAppError(err)),
    );
  };

  const title = keys.length === 1 ? 'Copy address' : `Copy ${keys.length} addresses`;
  return (
    <Dialog title={title} onClose={onClose} wide>
      {facts === undefined && error === undefined ? (
        <p className="muted">Looking up the bucket’s region…</p>
      ) : null}
      {facts
        ? copyForms(bucket, keys, facts).map((form) => (
            <div key={form.id} className="copy-form">
              <div className="copy-form__head">
                <span className="field__label">{form.label}</span>
                <button
                  type="button"
                  className="button"
                  aria-label={`Copy ${form.label}`}
                  onClick={() => copy(form.label, form.text)}
                >
                  Copy
                </button>
              </div>
              <textarea
                className="input mono copy-form__text"
                aria-label={form.label}
                readOnly
                spellCheck={false}
                rows={Math.min(4, form.text.split('\n').length)}
                value={form.text}
                onFocus={(e) => e.currentTarget.select()}
              />
              {form.id === 'cli' && facts.cliProfileNote ? (
                <p className="field__hint">{facts.cliProfileNote}</p>
              ) : null}
            </div>
          ))
        : null}
      {copied ? (
        <p className="op-form__success" role="status">
          {copied}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} compact /> : null}
    </Dialog>
  );
}
