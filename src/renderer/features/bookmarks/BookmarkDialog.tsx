import { type FormEvent, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { toAppError } from '../../lib/api';

interface Props {
  readonly title: string;
  readonly submitLabel: string;
  readonly initialName: string;
  /** What is being bookmarked, in words (location and session). */
  readonly subject: string;
  readonly onSubmit: (name: string) => Promise<unknown>;
  readonly onClose: () => void;
}

/** Names a new bookmark or renames one; a taken name is refused by main and said here. */
export function BookmarkDialog({ title, submitLabel, initialName, subject, onSubmit, onClose }: Props) {
  const [name, setName] = useState(initialName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();
  const trimmed = name.trim();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (trimmed === '' || busy) return;
    setBusy(true);
    setError(undefined);
    onSubmit(trimmed).then(onClose, (err: unknown) => {
      setBusy(false);
      setError(toAppError(err));
    });
  };

  return (
    <Dialog title={title} onClose={onClose}>
      <form className="op-form" onSubmit={submit}>
        <p className="op-form__subject">{subject}</p>
        <label className="field">
          <span className="field__label">Name</span>
          <input
            className="input"
            value={name}
            maxLength={120}
            data-autofocus
            onFocus={(e) => e.currentTarget.select()}
            onChange={(e) => setName(e.target.value)}
          />
          <span className="field__hint">Type it in the address bar, or use it in a crossbucket:// link.</span>
        </label>
        {error ? <ErrorNotice error={error} compact /> : null}
        <div className="op-form__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={trimmed === '' || busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
