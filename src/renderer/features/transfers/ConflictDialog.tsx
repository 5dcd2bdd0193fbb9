import { useState } from 'react';
import type { ConflictChoice, TransferConflict } from '../../../shared/models/transfer';
import { Dialog } from '../../components/Dialog';
import { formatBytes, formatExactBytes, formatExactTime } from '../../components/format';
import { useTransfersStore } from '../../stores/transfers-store';

interface Props {
  readonly conflict: TransferConflict;
}

/** One target already exists: replace it, leave it, or write the incoming one beside it. */
export function ConflictDialog({ conflict }: Props) {
  const resolve = useTransfersStore((s) => s.resolve);
  // Counted from what is waiting now: conflicts of the job keep arriving after this one is shown.
  const othersInJob = useTransfersStore(
    (s) =>
      s.conflicts.filter((c) => c.jobId === conflict.jobId && c.conflictId !== conflict.conflictId).length,
  );
  const [applyToAll, setApplyToAll] = useState(false);
  const what = conflict.direction === 'download' ? 'file' : 'object';
  const choose = (choice: ConflictChoice): void => void resolve(conflict, choice, applyToAll);

  return (
    <Dialog
      // Esc means "leave it as it is": the safe answer.
      title={`The ${what} already exists`}
      onClose={() => choose('skip')}
      footer={
        <>
          <button type="button" className="button" onClick={() => choose('skip')}>
            Skip
          </button>
          <button type="button" className="button" onClick={() => choose('keep-both')}>
            Keep both
          </button>
          <button type="button" className="button button--primary" onClick={() => choose('overwrite')}>
            Overwrite
          </button>
        </>
      }
    >
      <p className="conflict__target">
        <code className="object-name">{conflict.existing}</code>
      </p>
      <table className="conflict__compare">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Size</th>
            <th scope="col">Modified</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Existing</th>
            <td
              title={
                conflict.existingSize === undefined ? undefined : formatExactBytes(conflict.existingSize)
              }
            >
              {conflict.existingSize === undefined ? '—' : formatBytes(conflict.existingSize)}
            </td>
            <td>{conflict.existingModified ? formatExactTime(conflict.existingModified) : '—'}</td>
          </tr>
          <tr>
            <th scope="row">Incoming</th>
            <td title={formatExactBytes(conflict.incomingSize)}>{formatBytes(conflict.incomingSize)}</td>
            <td>now</td>
          </tr>
        </tbody>
      </table>
      {othersInJob > 0 ? (
        <label className="field field--inline">
          <input type="checkbox" checked={applyToAll} onChange={(e) => setApplyToAll(e.target.checked)} />
          <span>Apply to all {othersInJob + 1} conflicts of this transfer</span>
        </label>
      ) : null}
    </Dialog>
  );
}
