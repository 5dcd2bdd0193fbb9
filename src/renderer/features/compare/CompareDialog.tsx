import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  type CompareLocation,
  type CompareMode,
  type RowStatus,
  rowStatuses,
} from '../../../shared/models/compare';
import type { AppError } from '../../../shared/models/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../components/format';
import { call, toAppError } from '../../lib/api';
import { CompareTable } from './CompareTable';
import { RowFetcher } from './row-fetcher';
import { statusLabels } from './rows';
import { SyncPanel } from './SyncPanel';
import { SyncReports } from './SyncReports';
import { type Moved, useCompare } from './use-compare';
import './compare.css';

/** One side as the dialog shows it: where, and whose. */
export interface CompareSide {
  readonly location: CompareLocation;
  /** The session's label and account, or "this machine". */
  readonly owner: string;
}

interface Props {
  readonly here: CompareSide;
  /** The other pane's folder, when the workspace is split and it is in a bucket. */
  readonly other?: CompareSide;
  /** The folder of the pane that opened the dialog: the S3 side against a local folder. */
  readonly own: CompareSide;
  readonly onClose: () => void;
}

const where = (location: CompareLocation): string =>
  location.kind === 's3' ? `s3://${location.bucket}/${location.prefix}` : location.path;

const bucketOf = (location: Extract<CompareLocation, { kind: 's3' }>) => ({
  sessionId: location.sessionId,
  bucket: location.bucket,
  prefix: location.prefix,
});

/** Typing pauses this long before main is asked for the keys holding the text. */
const TYPING_MS = 250;

const defaultStatuses: ReadonlySet<RowStatus> = new Set([
  'only-left',
  'only-right',
  'different',
  'undecided',
]);

/**
 * Compares this pane's folder with the other pane's (another session, another account) or with
 * a local folder, row by row as the listings stream in; then syncs left → right.
 */
export function CompareDialog({ here, other, own, onClose }: Props) {
  const [sides, setSides] = useState<readonly [CompareSide | undefined, CompareSide | undefined]>([
    here,
    other,
  ]);
  const [mode, setMode] = useState<CompareMode>('content');
  const [statuses, setStatuses] = useState<ReadonlySet<RowStatus>>(defaultStatuses);
  const [text, setText] = useState('');
  const [filterText, setFilterText] = useState('');
  const [checked, setChecked] = useState<ReadonlyMap<string, RowStatus>>(new Map());
  const [pickError, setPickError] = useState<AppError>();
  const [checking, setChecking] = useState(false);
  const { state, start, moved } = useCompare();
  const [left, right] = sides;
  const [, setFetched] = useState(0);

  useEffect(() => {
    const timer = setTimeout(() => setFilterText(text.trim()), TYPING_MS);
    return () => clearTimeout(timer);
  }, [text]);
  // The window keeps the rows on screen and a few pages around them; main keeps the rest.
  const { compareId } = state;
  const fetcher = useMemo(() => {
    const asked = [...statuses];
    return new RowFetcher(
      (offset, limit) =>
        compareId
          ? call('compareRows', { compareId, statuses: asked, text: filterText, offset, limit })
          : Promise.resolve({ rows: [], total: 0 }),
      () => setFetched((n) => n + 1),
      (err) => setPickError(toAppError(err)),
    );
  }, [compareId, statuses, filterText]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each page of the compare may lengthen the short last page
  useEffect(() => fetcher.grew(), [fetcher, state.revision]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: asked again after each page, for the rows and the total that came
  const show = useCallback(
    (first: number, last: number) => fetcher.want(first, last),
    [fetcher, state.revision],
  );
  const counted = rowStatuses.reduce((n, s) => n + (statuses.has(s) ? (state.counts?.[s] ?? 0) : 0), 0);
  const matching = filterText === '' ? counted : (fetcher.total ?? 0);

  const pickLocal = async () => {
    try {
      // Granted for writing too, so a sync can also run into the folder (swap the sides).
      const path = await call('pickDirectory', { title: 'Folder to compare' });
      // A local folder is the source: the sync copies it into the bucket.
      if (path) setSides([{ location: { kind: 'local', path }, owner: 'this machine' }, own]);
    } catch (err) {
      setPickError(toAppError(err));
    }
  };
  const toggle = (status: RowStatus) =>
    setStatuses((was) => {
      const next = new Set(was);
      if (next.has(status)) next.delete(status);
      else next.add(status);
      return next;
    });
  const deepCheck = async () => {
    if (!state.compareId || checked.size === 0) return;
    setChecking(true);
    try {
      const results = await call('deepCheck', {
        compareId: state.compareId,
        keys: [...checked.keys()].slice(0, 100),
      });
      // Main moved the rows in its store; the window moves them in its counts and reads them again.
      const changes: Moved[] = [];
      for (const result of results) {
        const from = checked.get(result.key);
        if (from && result.status !== 'failed') changes.push({ from, to: result.status });
      }
      moved(changes);
      fetcher.forget();
      setChecked(new Map());
    } catch (err) {
      setPickError(toAppError(err));
    } finally {
      setChecking(false);
    }
  };

  const counts = state.counts;
  const target = right?.location;
  return (
    <Dialog title="Compare and sync" onClose={onClose} wide>
      <div className="compare-sides">
        {(['Left', 'Right'] as const).map((name, i) => {
          const side = sides[i];
          return (
            <section key={name} className="compare-side" aria-label={`${name} side`}>
              <span className="compare-side__name">{name}</span>
              {side ? (
                <>
                  <span className="mono compare-side__where">{where(side.location)}</span>
                  <span className="muted">{side.owner}</span>
                </>
              ) : (
                <span className="muted">
                  Open a folder in the other pane (split view), or pick a local folder.
                </span>
              )}
            </section>
          );
        })}
      </div>
      <div className="compare-controls">
        <button
          type="button"
          className="button"
          onClick={() => setSides([right, left])}
          disabled={!left || !right}
        >
          Swap sides
        </button>
        <button type="button" className="button" onClick={() => void pickLocal()}>
          Compare a local folder…
        </button>
        <label className="field--inline">
          Same when{' '}
          <select
            value={mode}
            onChange={(e) => setMode(e.target.value as CompareMode)}
            aria-label="Compare by"
          >
            <option value="content">size and content (ETag, checksum)</option>
            <option value="size-and-time">size and time (as aws s3 sync)</option>
          </select>
        </label>
        <button
          type="button"
          className="button button--primary"
          disabled={!left || !right || state.running}
          onClick={() => left && right && void start(left.location, right.location, mode)}
        >
          {state.running ? 'Comparing…' : 'Compare'}
        </button>
      </div>
      {pickError ? <ErrorNotice compact error={pickError} onDismiss={() => setPickError(undefined)} /> : null}
      {state.error ? <ErrorNotice error={state.error} title="The compare stopped" /> : null}
      {state.waiting ? (
        <p role="status" className="compare-waiting">
          The {state.waiting} side's session expired: the compare goes on once it is renewed.
        </p>
      ) : null}
      {counts ? (
        <>
          <fieldset className="compare-filters" aria-label="Show rows">
            {rowStatuses.map((status) => (
              <button
                key={status}
                type="button"
                aria-pressed={statuses.has(status)}
                className={statuses.has(status) ? 'button button--pressed' : 'button'}
                onClick={() => toggle(status)}
              >
                {statusLabels[status]} <span className="compare-count">{formatCount(counts[status])}</span>
              </button>
            ))}
            <input
              className="input compare-filters__text"
              placeholder="Filter keys"
              aria-label="Filter keys"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </fieldset>
          <CompareTable
            // Another filter shows other rows: from the top.
            key={`${[...statuses].join()}|${filterText}`}
            count={matching}
            rowAt={(index) => fetcher.row(index)}
            onShow={show}
            checked={checked}
            onCheck={(row, on) =>
              setChecked((was) => {
                const next = new Map(was);
                if (on) next.set(row.key, row.status);
                else next.delete(row.key);
                return next;
              })
            }
          />
          <div className="compare-footer">
            <span className="muted" role="status">
              {`${formatCount(matching)} matching rows.`}
              {state.running ? ' Still listing…' : ''}
            </span>
            <button
              type="button"
              className="button"
              disabled={checked.size === 0 || checking || !state.done}
              onClick={() => void deepCheck()}
            >
              {checking
                ? 'Checking…'
                : checked.size > 0
                  ? `Deep check ${checked.size} selected`
                  : 'Deep check selected'}
            </button>
          </div>
        </>
      ) : null}
      {state.done && !state.error && state.compareId && target ? (
        <SyncPanel
          key={state.compareId}
          compareId={state.compareId}
          {...(target.kind === 's3' && { targetSessionId: target.sessionId })}
          {...(left?.location.kind === 's3' &&
            target.kind === 's3' && {
              buckets: {
                source: { ...bucketOf(left.location), label: left.owner },
                target: { ...bucketOf(target), label: right?.owner ?? target.sessionId },
              },
            })}
        />
      ) : null}
      <SyncReports />
    </Dialog>
  );
}
