import { type FormEvent, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call, toAppError } from '../../lib/api';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly onClose: () => void;
  readonly onCreated: (key: string) => void;
}

export function NewFolderDialog({ sessionId, bucket, prefix, onClose, onCreated }: Props) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (name === '' || busy) return;
    setBusy(true);
    try {
      const { key } = await call('createFolder', { sessionId, bucket, prefix, name });
      onCreated(key);
    } catch (err) {
      setError(toAppError(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title="New folder" onClose={onClose}>
      <form className="op-form" onSubmit={submit}>
        <label className="field">
          <span className="field__label">Folder name</span>
          <input className="input" value={name} autoFocus onChange={(e) => setName(e.target.value)} />
          <span className="field__hint">
            Created as an empty object <code>{`${prefix}${name}/`}</code>
          </span>
        </label>
        {error ? <ErrorNotice error={error} compact /> : null}
        <div className="op-form__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={name === '' || busy}>
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}
