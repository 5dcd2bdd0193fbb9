import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call, toAppError } from '../../lib/api';
import { copiedMessage, writeClipboard } from '../../lib/clipboard';
import { useBrowserStore } from '../../stores/browser-store';
import {
  followStorageSummaries,
  latestSummary,
  useStorageSummaryStore,
} from '../../stores/storage-summary-store';
import type { PaneId } from '../../stores/workspace-store';
import { AgeChart, ClassLegend } from './AgeChart';
import { CostPanel } from './CostPanel';
import { summaryCsv } from './csv';
import { InventoryPanel } from './InventoryPanel';
import { SummaryHeader } from './SummaryHeader';
import { SummaryTable } from './SummaryTable';
import { Treemap } from './Treemap';
import './storage-summary.css';

export interface SummaryScope {
  readonly prefix: string;
  /** A selection in the folder; absent for the whole folder. */
  readonly selection?: { readonly keys: readonly string[]; readonly prefixes: readonly string[] };
}

interface Props {
  readonly paneId: PaneId;
  readonly sessionId: string;
  readonly bucket: string;
  readonly initial: SummaryScope;
  readonly onClose: () => void;
}

/**
 * Size, count, age and cost of a folder or a selection: one streamed listing in main, drawn as a
 * treemap of sub-prefixes and a chart of age × class, or as tables; a click drills down and takes
 * the pane along. Results stay with the session; opening it again shows the last one and its time.
 */
export function StorageSummaryDialog({ paneId, sessionId, bucket, initial, onClose }: Props) {
  const navigate = useBrowserStore((s) => s.navigate);
  const summaries = useStorageSummaryStore((s) => s.summaries);
  const [scope, setScope] = useState<SummaryScope>(initial);
  const [versions, setVersions] = useState(false);
  const [view, setView] = useState<'picture' | 'table'>('picture');
  const [error, setError] = useState<AppError>();
  const [copied, setCopied] = useState<string>();
  const [showInventory, setShowInventory] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const autoStarted = useRef(new Set<string>());

  useEffect(() => {
    const off = followStorageSummaries();
    useStorageSummaryStore
      .getState()
      .load(sessionId)
      .then(
        () => setLoaded(true),
        (err: unknown) => setError(toAppError(err)),
      );
    return off;
  }, [sessionId]);

  // The newest of this scope: the one just started, or an inventory report read after it.
  const summary = latestSummary(summaries, {
    sessionId,
    bucket,
    prefix: scope.prefix,
    selection: !!scope.selection,
  });

  const start = async (next: SummaryScope = scope, withVersions = versions): Promise<void> => {
    setError(undefined);
    try {
      await call('startStorageSummary', {
        sessionId,
        bucket,
        prefix: next.prefix,
        ...(next.selection
          ? { selection: { keys: [...next.selection.keys], prefixes: [...next.selection.prefixes] } }
          : {}),
        versions: withVersions,
      });
    } catch (err) {
      setError(toAppError(err));
    }
  };

  // Calculate on open (and after a drill-down) unless this scope already has a result to show.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per scope, when the session's results are in
  useEffect(() => {
    const key = `${scope.prefix}|${scope.selection ? 'selection' : ''}`;
    if (!loaded || autoStarted.current.has(key)) return;
    autoStarted.current.add(key);
    if (!summary || scope.selection) void start(scope);
  }, [loaded, scope]);

  const running = summary?.status === 'running';
  const drill = (prefix: string): void => {
    navigate(paneId, { bucket, prefix });
    setScope({ prefix });
  };
  const copyCsv = async (): Promise<void> => {
    if (!summary) return;
    try {
      setCopied(copiedMessage('the CSV', await writeClipboard(summaryCsv(summary))));
    } catch (err) {
      setError(toAppError(err));
    }
  };
  const what = scope.selection
    ? `${scope.selection.keys.length + scope.selection.prefixes.length} selected items in s3://${bucket}/${scope.prefix}`
    : `s3://${bucket}/${scope.prefix}`;

  return (
    <Dialog title={`Storage of ${what}`} onClose={onClose} wide>
      <div className="storage-summary">
        <div className="storage-controls">
          <label className="storage-controls__versions">
            <input
              type="checkbox"
              checked={versions}
              disabled={running}
              onChange={(e) => setVersions(e.target.checked)}
            />{' '}
            Include versions and delete markers
          </label>
          {running && summary ? (
            <button
              type="button"
              className="button"
              onClick={() => void call('cancelStorageSummary', { summaryId: summary.summaryId })}
            >
              Cancel
            </button>
          ) : (
            <button type="button" className="button button--primary" onClick={() => void start()}>
              {summary ? 'Recalculate' : 'Calculate'}
            </button>
          )}
          <button
            type="button"
            className="button"
            onClick={() => setShowInventory((v) => !v)}
            aria-expanded={showInventory}
          >
            S3 Inventory…
          </button>
        </div>
        {error ? <ErrorNotice error={error} title="Could not calculate" /> : null}
        {summary ? <SummaryHeader summary={summary} /> : null}
        {summary && summary.children.length > 0 ? (
          <div className="storage-columns">
            <div className="storage-columns__main">
              <div className="storage-view-switch">
                <button
                  type="button"
                  className="button"
                  aria-pressed={view === 'picture'}
                  onClick={() => setView('picture')}
                >
                  Picture
                </button>
                <button
                  type="button"
                  className="button"
                  aria-pressed={view === 'table'}
                  onClick={() => setView('table')}
                >
                  Table
                </button>
                <button type="button" className="button" onClick={() => void copyCsv()}>
                  Copy CSV
                </button>
                <span className="muted" aria-live="polite">
                  {copied}
                </span>
              </div>
              {view === 'picture' ? (
                <div className="storage-picture">
                  <ClassLegend classes={summary.cells.map((c) => c.storageClass)} />
                  <Treemap base={summary.prefix} items={summary.children} onOpen={drill} />
                  <AgeChart cells={summary.cells} />
                </div>
              ) : (
                <SummaryTable summary={summary} onOpen={drill} />
              )}
            </div>
            {running ? null : <CostPanel summary={summary} />}
          </div>
        ) : summary && !running ? (
          <p className="muted">Nothing is stored here.</p>
        ) : null}
        {showInventory || summary?.status === 'limit' ? (
          <InventoryPanel sessionId={sessionId} bucket={bucket} prefix={scope.prefix} />
        ) : null}
      </div>
    </Dialog>
  );
}
