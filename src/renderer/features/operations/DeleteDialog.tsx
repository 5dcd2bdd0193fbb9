import { useEffect, useState } from 'react';
import type { DeleteSummary, SelectionCount } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/models/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes } from '../../components/format';
import { call, toAppError } from '../../lib/api';
import { FailureList } from './FailureList';
import { pluralize } from './notice';
import type { SelectionPayload } from './selection';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly selection: SelectionPayload;
  /** Settings say not to ask: delete at once and only show failures. */
  readonly skipConfirm: boolean;
  readonly onClose: () => void;
  readonly onDeleted: (deleted: number) => void;
}

type Phase =
  | { readonly step: 'counting' }
  | { readonly step: 'confirm'; readonly count: SelectionCount }
  | { readonly step: 'deleting' }
  | { readonly step: 'failed'; readonly summary: DeleteSummary }
  | { readonly step: 'error'; readonly error: AppError };

/** Folders may hold thousands of keys, so the count comes from main before anyone confirms. */
export function DeleteDialog({ sessionId, bucket, selection, skipConfirm, onClose, onDeleted }: Props) {
  const [phase, setPhase] = useState<Phase>({ step: skipConfirm ? 'deleting' : 'counting' });
  const request = { sessionId, bucket, keys: [...selection.keys], prefixes: [...selection.prefixes] };

  const remove = async (): Promise<void> => {
    setPhase({ step: 'deleting' });
    try {
      const summary = await call('deleteObjects', request);
      if (summary.failed.length > 0) setPhase({ step: 'failed', summary });
      else onDeleted(summary.deleted);
    } catch (err) {
      setPhase({ step: 'error', error: toAppError(err) });
    }
  };

  // Runs once on open: either count for the confirmation or, without one, delete.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the request is fixed for the dialog's life
  useEffect(() => {
    if (skipConfirm) {
      void remove();
      return;
    }
    let live = true;
    call('countSelection', request)
      .then((count) => live && setPhase({ step: 'confirm', count }))
      .catch((err: unknown) => live && setPhase({ step: 'error', error: toAppError(err) }));
    return () => {
      live = false;
    };
  }, []);

  const title =
    phase.step === 'confirm'
      ? `Delete ${pluralize(phase.count.objects, 'object')} (${formatBytes(phase.count.bytes)})?`
      : 'Delete';

  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        phase.step === 'confirm' ? (
          <>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={phase.count.objects === 0}
              onClick={() => void remove()}
            >
              Delete {pluralize(phase.count.objects, 'object')}
            </button>
          </>
        ) : phase.step === 'failed' || phase.step === 'error' ? (
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        ) : null
      }
    >
      {phase.step === 'counting' ? <p aria-live="polite">Counting the objects in the selection…</p> : null}
      {phase.step === 'confirm' ? (
        <p>
          {phase.count.objects === 0
            ? 'The selection holds no objects.'
            : `This permanently deletes ${pluralize(phase.count.objects, 'object')} from ${bucket}` +
              (selection.prefixes.length > 0 ? ', including everything inside the selected folders.' : '.')}
        </p>
      ) : null}
      {phase.step === 'deleting' ? <p aria-live="polite">Deleting…</p> : null}
      {phase.step === 'failed' ? (
        <>
          <p>Deleted {pluralize(phase.summary.deleted, 'object')}.</p>
          <FailureList failed={phase.summary.failed} />
        </>
      ) : null}
      {phase.step === 'error' ? <ErrorNotice error={phase.error} title="Could not delete" /> : null}
    </Dialog>
  );
}
