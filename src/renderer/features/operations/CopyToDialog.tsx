import { type FormEvent, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatAddress, parseAddress } from '../browser/address';
import { FailureList } from './FailureList';
import { pluralize } from './notice';
import type { SelectionPayload } from './selection';
import { useCopyRequest } from './use-copy-request';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly selection: SelectionPayload;
  readonly onClose: () => void;
  readonly onCopied: (text: string) => void;
}

/** A copy inside this session (server-side CopyObject); across sessions is a drag to the other pane. */
export function CopyToDialog({ sessionId, bucket, prefix, selection, onClose, onCopied }: Props) {
  const [address, setAddress] = useState(formatAddress({ bucket, prefix }));
  const [move, setMove] = useState(false);
  const target = parseAddress(address);
  const count = selection.keys.length + selection.prefixes.length;

  const { busy, error, failed, run } = useCopyRequest((summary) =>
    onCopied(
      `${move ? 'Moved' : 'Copied'} ${pluralize(summary.copied, 'object')} to ${formatAddress(target)}.`,
    ),
  );

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (target.bucket === undefined || busy) return;
    void run({
      sessionId,
      bucket,
      keys: [...selection.keys],
      prefixes: [...selection.prefixes],
      targetBucket: target.bucket,
      targetPrefix: target.prefix,
      move,
    });
  };

  return (
    <Dialog title={`Copy ${pluralize(count, 'item')} to…`} onClose={onClose} wide>
      <form className="op-form" onSubmit={submit}>
        <label className="field">
          <span className="field__label">Destination</span>
          <input
            className="input mono"
            value={address}
            autoFocus
            aria-invalid={target.bucket === undefined}
            onChange={(e) => setAddress(e.target.value)}
          />
          <span className="field__hint">
            <code>s3://bucket/folder/</code> or <code>bucket/folder/</code>, in this session's account. To
            copy into another account, drag the rows into the other pane.
          </span>
        </label>
        <label className="field field--inline">
          <input type="checkbox" checked={move} onChange={(e) => setMove(e.target.checked)} />
          <span>Move (delete the originals after copying)</span>
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
            disabled={target.bucket === undefined || busy}
          >
            {move ? 'Move' : 'Copy'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
