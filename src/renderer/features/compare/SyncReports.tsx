import { useEffect, useState } from 'react';
import type { SyncReportEntry, SyncResult } from '../../../shared/models/compare';
import type { AppError } from '../../../shared/models/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount, formatExactTime } from '../../components/format';
import { call, toAppError } from '../../lib/api';

/** How often the list is read again while a sync in it still runs (its transfers may have resumed). */
const LIST_POLL_MS = 2000;

/** A report's results in one line; `interrupted` only when some are (the app stopped mid-sync). */
export function resultLine(finished: boolean, counts: Readonly<Record<SyncResult, number>>): string {
  const parts = [
    `${formatCount(counts.done)} done`,
    `${formatCount(counts.failed)} failed`,
    `${formatCount(counts.skipped)} skipped`,
    ...(counts.cancelled > 0 ? [`${formatCount(counts.cancelled)} cancelled`] : []),
    ...(counts.interrupted > 0 ? [`${formatCount(counts.interrupted)} interrupted`] : []),
    `${formatCount(counts.pending)} to go`,
  ];
  return `${finished ? 'Sync finished' : 'Sync running'}: ${parts.join(', ')}.`;
}

/** Save CSV / Save JSON of one report, through main's save dialog. */
export function SaveReport({ planId }: { readonly planId: string }) {
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<AppError>();
  const save = async (format: 'csv' | 'json') => {
    setError(undefined);
    try {
      const { saved: done } = await call('saveSyncReport', { planId, format });
      setSaved(done ? `Report saved as ${format.toUpperCase()}.` : undefined);
    } catch (err) {
      setError(toAppError(err));
    }
  };
  return (
    <>
      <div className="sync-report__actions">
        <button type="button" className="button" onClick={() => void save('csv')}>
          Save report (CSV)
        </button>
        <button type="button" className="button" onClick={() => void save('json')}>
          Save report (JSON)
        </button>
        {saved ? <span className="muted">{saved}</span> : null}
      </div>
      {error ? <ErrorNotice compact error={error} /> : null}
    </>
  );
}

/**
 * The syncs main kept a report of, newest first, also those from before the app was last closed:
 * what each did (a sync cut by quitting says which rows were interrupted), and its report to save.
 */
export function SyncReports() {
  const [entries, setEntries] = useState<readonly SyncReportEntry[]>();
  const [error, setError] = useState<AppError>();
  const running = entries?.some((e) => !e.finished) ?? false;

  useEffect(() => {
    let stop = false;
    const read = () =>
      call('listSyncReports', {}).then(
        (list) => !stop && setEntries(list),
        (err: unknown) => !stop && setError(toAppError(err)),
      );
    void read();
    const timer = running ? setInterval(() => void read(), LIST_POLL_MS) : undefined;
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [running]);

  if (error) return <ErrorNotice compact error={error} />;
  if (!entries || entries.length === 0) return null;
  return (
    <details className="sync-reports">
      <summary>Sync reports ({formatCount(entries.length)})</summary>
      <ul aria-label="Sync reports">
        {entries.map((e) => (
          <li key={e.planId} aria-label={`Sync from ${e.source} to ${e.target}`}>
            <p>
              <span className="mono">{e.source}</span> → <span className="mono">{e.target}</span>{' '}
              <span className="muted">started {formatExactTime(e.startedAt)}</span>
            </p>
            <p role="status">{resultLine(e.finished, e.counts)}</p>
            <SaveReport planId={e.planId} />
          </li>
        ))}
      </ul>
    </details>
  );
}
