import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import type { SelectionCount } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/models/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes } from '../../components/format';
import { call, toAppError } from '../../lib/api';
import { FailureList } from '../operations/FailureList';
import { pluralize } from '../operations/notice';
import type { SelectionPayload } from '../operations/selection';
import './edit.css';

/** What an applied change reports: sentences for the user, and the objects that failed. */
export interface ChangeOutcome {
  readonly lines: readonly string[];
  readonly failed: readonly { readonly key: string; readonly error: AppError }[];
}

interface Props {
  readonly title: string;
  readonly sessionId: string;
  readonly bucket: string;
  readonly selection: SelectionPayload;
  /** What the change does, one line each; undefined while the form is incomplete or invalid. */
  readonly changes: readonly string[] | undefined;
  /** Why Review is disabled, when it is. */
  readonly problem?: string;
  /** A consequence to read before confirming (new versions, costs). */
  readonly warning?: string;
  /** "Update", "Restore": the confirm button reads "<verb> 3 objects". */
  readonly verb: string;
  readonly apply: () => Promise<ChangeOutcome>;
  readonly onApplied: () => void;
  readonly onClose: () => void;
  readonly children: ReactNode;
}

type Phase =
  | { readonly step: 'form' }
  | { readonly step: 'confirm' }
  | { readonly step: 'applying' }
  | { readonly step: 'done'; readonly outcome: ChangeOutcome }
  | { readonly step: 'error'; readonly error: AppError };

/**
 * The shape every edit takes: a form, then a confirmation that says how many objects the
 * change touches (folders are counted in main) and what it does, then the outcome with any
 * per-object failures.
 */
export function ChangeDialog(props: Props) {
  const { sessionId, bucket, selection, changes, verb } = props;
  const [phase, setPhase] = useState<Phase>({ step: 'form' });
  const [count, setCount] = useState<SelectionCount>();
  const [countError, setCountError] = useState<AppError>();

  // Counted once on open, so the number is there by the time the user confirms.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the selection is fixed for the dialog's life
  useEffect(() => {
    let live = true;
    call('countSelection', {
      sessionId,
      bucket,
      keys: [...selection.keys],
      prefixes: [...selection.prefixes],
    })
      .then((c) => live && setCount(c))
      .catch((err: unknown) => live && setCountError(toAppError(err)));
    return () => {
      live = false;
    };
  }, []);

  const review = (event: FormEvent): void => {
    event.preventDefault();
    if (changes) setPhase({ step: 'confirm' });
  };

  const apply = async (): Promise<void> => {
    setPhase({ step: 'applying' });
    try {
      const outcome = await props.apply();
      props.onApplied();
      setPhase({ step: 'done', outcome });
    } catch (err) {
      setPhase({ step: 'error', error: toAppError(err) });
    }
  };

  const objects = count ? pluralize(count.objects, 'object') : undefined;
  const title =
    phase.step === 'confirm' && objects
      ? `${props.title}: ${objects} (${formatBytes(count?.bytes ?? 0)})`
      : props.title;

  let footer: ReactNode;
  if (phase.step === 'form') {
    footer = (
      <>
        <button type="button" className="button" onClick={props.onClose}>
          Cancel
        </button>
        <button type="submit" form="change-form" className="button button--primary" disabled={!changes}>
          Review…
        </button>
      </>
    );
  } else if (phase.step === 'confirm') {
    footer = (
      <>
        <button type="button" className="button" onClick={() => setPhase({ step: 'form' })}>
          Back
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={!count || count.objects === 0}
          data-autofocus
          onClick={() => void apply()}
        >
          {objects ? `${verb} ${objects}` : 'Counting…'}
        </button>
      </>
    );
  } else if (phase.step !== 'applying') {
    footer = (
      <button type="button" className="button" onClick={props.onClose}>
        Close
      </button>
    );
  }

  return (
    <Dialog title={title} onClose={props.onClose} footer={footer} wide>
      {phase.step === 'form' ? (
        <form id="change-form" className="change-form" onSubmit={review}>
          {props.children}
          {props.problem ? (
            <p className="change-form__problem" role="alert">
              {props.problem}
            </p>
          ) : null}
        </form>
      ) : null}
      {phase.step === 'confirm' ? (
        <div className="change-confirm">
          {countError ? (
            <ErrorNotice error={countError} title="Could not count the selection" compact />
          ) : null}
          {count ? (
            <p>
              {count.objects === 0
                ? 'The selection holds no objects.'
                : `This changes ${objects} in ${bucket}${selection.prefixes.length > 0 ? ', including everything inside the selected folders' : ''}:`}
            </p>
          ) : (
            <p aria-live="polite">Counting the objects in the selection…</p>
          )}
          <ul className="change-confirm__list">
            {(changes ?? []).map((line) => (
              <li key={line}>
                <code>{line}</code>
              </li>
            ))}
          </ul>
          {props.warning ? <p className="change-confirm__warning">{props.warning}</p> : null}
        </div>
      ) : null}
      {phase.step === 'applying' ? <p aria-live="polite">Applying to {objects ?? 'the selection'}…</p> : null}
      {phase.step === 'done' ? (
        <div role="status">
          {phase.outcome.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
          <FailureList failed={phase.outcome.failed} />
        </div>
      ) : null}
      {phase.step === 'error' ? <ErrorNotice error={phase.error} title="The change failed" /> : null}
    </Dialog>
  );
}
