import { type FormEvent, useState } from 'react';
import type { ObjectEntry } from '../../../shared/models/s3';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { nameOf } from '../browser/address';
import { FailureList } from './FailureList';
import { useCopyRequest } from './use-copy-request';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly entry: ObjectEntry;
  readonly onClose: () => void;
  readonly onRenamed: (newKey: string) => void;
}

/** S3 has no rename: main copies to the new key and deletes the old one. */
export function RenameDialog({ sessionId, bucket, prefix, entry, onClose, onRenamed }: Props) {
  const original = nameOf(entry, prefix);
  const [name, setName] = useState(original);
  const isFolder = entry.kind === 'folder';

  const newKey = `${prefix}${name}${isFolder ? '/' : ''}`;
  const { busy, error, failed, run } = useCopyRequest(() => onRenamed(newKey));

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (name === '' || name === original || busy) return;
    void run({
      sessionId,
      bucket,
      keys: isFolder ? [] : [entry.key],
      prefixes: isFolder ? [entry.key] : [],
      targetBucket: bucket,
      targetPrefix: prefix,
      move: true,
      newName: name,
    });
  };

  return (
    <Dialog title={isFolder ? 'Rename folder' : 'Rename object'} onClose={onClose}>
      <form className="op-form" onSubmit={submit}>
        <label className="field">
          <span className="field__label">New name</span>
          <input className="input mono" value={name} autoFocus onChange={(e) => setName(e.target.value)} />
          <span className="field__hint">
            Copies to <code>{newKey}</code>, then deletes the original.
          </span>
        </label>
        {error ? <ErrorNotice error={error} compact /> : null}
        <FailureList failed={failed} />
        <div className="op-form__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={name === '' || name === original || busy}
          >
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}
