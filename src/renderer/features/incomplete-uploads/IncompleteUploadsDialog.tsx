import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { AbortSummary, IncompleteUploadList } from '../../../shared/models/incomplete-upload';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes } from '../../components/format';
import { call, toAppError } from '../../lib/api';
import { FailureList } from '../operations/FailureList';
import { pluralize } from '../operations/notice';
import { LifecycleRule } from './LifecycleRule';
import { olderThan, parseDays, totals } from './summary';
import { UploadsTable } from './UploadsTable';
import './incomplete-uploads.css';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly onClose: () => void;
}

/** An abort waiting for the user to confirm it: it deletes parts a tool may still be sending. */
interface PendingAbort {
  readonly text: string;
  readonly run: () => Promise<AbortSummary>;
}

/**
 * The multipart uploads of a bucket that began and never finished, whoever began them: S3 bills
 * their parts and the Console does not show them. Abort one, a selection or all older than a number
 * of days, and copy the lifecycle rule that makes S3 do it from now on.
 */
export function IncompleteUploadsDialog({ sessionId, bucket, onClose }: Props) {
  const [list, setList] = useState<IncompleteUploadList>();
  const [error, setError] = useState<AppError>();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [daysText, setDaysText] = useState('7');
  const [pending, setPending] = useState<PendingAbort>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<AbortSummary>();

  const load = useCallback(async () => {
    try {
      const next = await call('listIncompleteUploads', { sessionId, bucket });
      setList(next);
      setError(undefined);
      // Keep only selections that still exist.
      setSelected((was) => new Set(next.uploads.filter((u) => was.has(u.uploadId)).map((u) => u.uploadId)));
    } catch (err) {
      setError(toAppError(err));
    }
  }, [sessionId, bucket]);

  useEffect(() => {
    void load();
  }, [load]);

  const uploads = list?.uploads ?? [];
  const days = parseDays(daysText, 0);
  const old = days === undefined ? [] : olderThan(uploads, days);
  const chosen = uploads.filter((u) => selected.has(u.uploadId));
  const sum = totals(uploads);

  const confirm = async (): Promise<void> => {
    if (!pending) return;
    setBusy(true);
    try {
      setOutcome(await pending.run());
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setPending(undefined);
      setBusy(false);
      await load();
    }
  };

  const abortThese = (text: string, refs: readonly { key: string; uploadId: string }[]) =>
    setPending({
      text,
      run: () =>
        call('abortIncompleteUploads', {
          sessionId,
          bucket,
          uploads: refs.map(({ key, uploadId }) => ({ key, uploadId })),
        }),
    });

  const toggle = (uploadId: string): void =>
    setSelected((was) => {
      const next = new Set(was);
      if (next.has(uploadId)) next.delete(uploadId);
      else next.add(uploadId);
      return next;
    });

  return (
    <Dialog title={`Incomplete uploads in ${bucket}`} onClose={onClose} wide>
      {error ? <ErrorNotice error={error} title="Could not list the incomplete uploads" /> : null}
      {!list && !error ? <p className="muted">Looking for incomplete uploads…</p> : null}
      {list && uploads.length === 0 ? (
        <p role="status">No incomplete uploads: nothing is billed for unfinished parts in this bucket.</p>
      ) : null}
      {list && uploads.length > 0 ? (
        <>
          <p role="status">
            {pluralize(uploads.length, 'upload')} began and never finished; {sum.atLeast ? 'at least ' : ''}
            {formatBytes(sum.bytes)} of parts are billed as storage until they are aborted.
            {list.truncated ? ` The bucket holds more than the ${uploads.length} shown.` : ''}
          </p>
          <UploadsTable
            uploads={uploads}
            selected={selected}
            busy={busy}
            onToggle={toggle}
            onToggleAll={(on) => setSelected(new Set(on ? uploads.map((u) => u.uploadId) : []))}
            onAbort={(u) => abortThese(`Abort the upload of ${u.key}?`, [u])}
          />
          <div className="incomplete-actions">
            <button
              type="button"
              className="button button--danger"
              disabled={busy || chosen.length === 0}
              onClick={() => abortThese(`Abort ${pluralize(chosen.length, 'selected upload')}?`, chosen)}
            >
              Abort selected{chosen.length > 0 ? ` (${chosen.length})` : ''}
            </button>
            <span className="incomplete-actions__age">
              <button
                type="button"
                className="button button--danger"
                disabled={busy || days === undefined || old.length === 0}
                onClick={() =>
                  days !== undefined &&
                  setPending({
                    text: `Abort ${pluralize(old.length, 'upload')} begun more than ${pluralize(days, 'day')} ago?`,
                    run: () => call('abortIncompleteUploadsOlderThan', { sessionId, bucket, days }),
                  })
                }
              >
                Abort all older than
              </button>
              <input
                type="number"
                className="input incomplete-actions__days"
                aria-label="Days"
                min={0}
                max={36_500}
                value={daysText}
                onChange={(e) => setDaysText(e.target.value)}
              />
              days
            </span>
          </div>
        </>
      ) : null}
      {pending ? (
        <div className="incomplete-confirm" role="alertdialog" aria-label="Confirm abort">
          <p>
            {pending.text} Their parts are deleted; a tool still sending them will fail and have to start
            over.
          </p>
          <div className="incomplete-confirm__buttons">
            <button type="button" className="button" disabled={busy} onClick={() => setPending(undefined)}>
              Keep them
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              data-autofocus
              onClick={() => void confirm()}
            >
              {busy ? 'Aborting…' : 'Abort'}
            </button>
          </div>
        </div>
      ) : null}
      {outcome ? (
        <div role="status">
          {outcome.aborted > 0 ? <p>Aborted {pluralize(outcome.aborted, 'upload')}.</p> : null}
          <FailureList failed={outcome.failed} />
        </div>
      ) : null}
      <LifecycleRule sessionId={sessionId} bucket={bucket} days={parseDays(daysText, 1)} />
    </Dialog>
  );
}
