import { useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { UndeleteSummary } from '../../../shared/models/objects';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call, toAppError } from '../../lib/api';
import { FailureList } from '../operations/FailureList';
import { pluralize } from '../operations/notice';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly keys: readonly string[];
  readonly onApplied: () => void;
  readonly onClose: () => void;
}

type Phase =
  | { readonly step: 'confirm' }
  | { readonly step: 'working' }
  | { readonly step: 'done'; readonly summary: UndeleteSummary }
  | { readonly step: 'error'; readonly error: AppError };

/** Brings deleted objects back by removing the delete marker on top of each. */
export function UndeleteDialog({ sessionId, bucket, keys, onApplied, onClose }: Props) {
  const [phase, setPhase] = useState<Phase>({ step: 'confirm' });
  const objects = pluralize(keys.length, 'deleted object');

  const undelete = async (): Promise<void> => {
    setPhase({ step: 'working' });
    try {
      const summary = await call('undeleteObjects', { sessionId, bucket, keys: [...keys] });
      onApplied();
      setPhase({ step: 'done', summary });
    } catch (err) {
      setPhase({ step: 'error', error: toAppError(err) });
    }
  };

  return (
    <Dialog
      title={`Undelete ${objects}?`}
      onClose={onClose}
      footer={
        phase.step === 'confirm' ? (
          <>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="button button--primary"
              data-autofocus
              onClick={() => void undelete()}
            >
              Undelete {objects}
            </button>
          </>
        ) : phase.step === 'working' ? null : (
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        )
      }
    >
      {phase.step === 'confirm' ? (
        <p>
          Removes the delete marker on top of each, so its previous version is current again. The markers are
          deleted for good.
        </p>
      ) : null}
      {phase.step === 'working' ? <p aria-live="polite">Undeleting…</p> : null}
      {phase.step === 'done' ? (
        <div role="status">
          {phase.summary.restored > 0 ? (
            <p>Brought back {pluralize(phase.summary.restored, 'object')}.</p>
          ) : null}
          <FailureList failed={phase.summary.failed} />
        </div>
      ) : null}
      {phase.step === 'error' ? <ErrorNotice error={phase.error} title="Could not undelete" /> : null}
    </Dialog>
  );
}
