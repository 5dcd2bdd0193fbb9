import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef } from 'react';
import type { TransferItem, TransferTotals } from '../../../shared/models/transfer';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatCount, formatDuration, formatRate } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { useBatchStore } from '../../stores/batch-store';
import { useTransfersStore } from '../../stores/transfers-store';
import { BatchJobsSection } from '../batch/BatchJobRow';
import { ConflictDialog } from './ConflictDialog';
import { TransferRow } from './TransferRow';
import './transfers.css';

/** A guess; rows with an error or hint are measured after rendering. */
const ESTIMATED_ROW = 48;

/**
 * Which bulk commands would change something, from main's counts per status (mirroring what
 * its queue applies each command to), so the buttons follow main even after a reload.
 */
function applicable({ byStatus: n }: TransferTotals) {
  const waiting = n['waiting-credentials'] + n['waiting-conflict'];
  return {
    pause: n.queued + n.running + waiting > 0,
    resume: n.paused + n.interrupted > 0,
    retryFailed: n.failed > 0,
    // Main's retry also requeues cancelled items; say so when those are all there is.
    retryCancelled: n.cancelled > 0,
    cancel: n.queued + n.running + n.paused + n.interrupted + waiting > 0,
    clear: n.done + n.skipped + n.cancelled > 0,
  };
}

/**
 * Rows are listed oldest first; when a new job arrives (a drop, a download) the list scrolls
 * to its first row, so new work is never hidden below hundreds of finished rows.
 */
function useFollowNewJobs(
  items: readonly TransferItem[],
  expanded: boolean,
  scrollToIndex: (index: number, options: { align: 'start' }) => void,
): void {
  const newestJob = items.at(-1)?.jobId;
  const followed = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!expanded || newestJob === undefined || newestJob === followed.current) return;
    followed.current = newestJob;
    let first = items.length - 1;
    while (first > 0 && items[first - 1]?.jobId === newestJob) first--;
    scrollToIndex(first, { align: 'start' });
  }, [items, expanded, newestJob, scrollToIndex]);
}

/** The queue at the bottom of the window: totals always visible, rows when expanded. */
export function TransfersPanel() {
  const snapshot = useTransfersStore((s) => s.snapshot);
  const conflict = useTransfersStore((s) => s.conflicts[0]);
  const expanded = useTransfersStore((s) => s.expanded);
  const error = useTransfersStore((s) => s.error);
  const setExpanded = useTransfersStore((s) => s.setExpanded);
  const command = useTransfersStore((s) => s.command);
  const clearFinished = useTransfersStore((s) => s.clearFinished);
  const dismissError = useTransfersStore((s) => s.dismissError);
  const journalErrorDismissed = useTransfersStore((s) => s.journalErrorDismissed);
  const dismissJournalError = useTransfersStore((s) => s.dismissJournalError);
  const batchJobs = useBatchStore((s) => s.jobs.length);
  const bodyId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);

  const { items, totals } = snapshot;
  const virtualizer = useVirtualizer({
    count: expanded ? items.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW,
    overscan: 6,
  });

  useFollowNewJobs(items, expanded, virtualizer.scrollToIndex);

  const can = applicable(totals);
  const waitingForYou = totals.byStatus['waiting-conflict'];
  const waitingForCredentials = totals.byStatus['waiting-credentials'];
  const percent = totals.bytesTotal > 0 ? Math.floor((totals.bytesDone / totals.bytesTotal) * 100) : 0;
  const busy = totals.active + totals.queued > 0;

  return (
    <section className={expanded ? 'transfers transfers--expanded' : 'transfers'} aria-label="Transfers">
      <header className="transfers__header">
        <button
          type="button"
          className="transfers__toggle"
          aria-expanded={expanded}
          aria-controls={bodyId}
          onClick={() => setExpanded(!expanded)}
        >
          <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> Transfers
        </button>
        <span className="transfers__totals">
          {formatCount(totals.active)} active · {formatCount(totals.queued)} queued
          {waitingForYou > 0 ? ` · ${formatCount(waitingForYou)} waiting for your choice` : null}
          {waitingForCredentials > 0
            ? ` · ${formatCount(waitingForCredentials)} waiting for credentials`
            : null}
          {totals.byStatus.paused > 0 ? ` · ${formatCount(totals.byStatus.paused)} paused` : null}
          {totals.byStatus.interrupted > 0
            ? ` · ${formatCount(totals.byStatus.interrupted)} interrupted`
            : null}
          {batchJobs > 0
            ? ` · ${formatCount(batchJobs)} Batch Operations ${batchJobs === 1 ? 'job' : 'jobs'}`
            : null}
          {totals.failed > 0 ? (
            <span className="transfers__failed"> · {formatCount(totals.failed)} failed</span>
          ) : null}
          {totals.unverified > 0 ? (
            <span
              className="transfers__unverified"
              title="Downloads whose bytes could not be checked against the object: each row says why"
            >
              {' '}
              · {formatCount(totals.unverified)} saved, not verified
            </span>
          ) : null}
        </span>
        {busy || totals.bytesTotal > 0 ? (
          <div className="transfers__overall">
            <ProgressBar
              done={totals.bytesDone}
              total={totals.bytesTotal}
              label="Overall transfer progress"
            />
            <span className="transfers__numbers">
              {percent}% · {formatBytes(totals.bytesDone)} / {formatBytes(totals.bytesTotal)}
              {busy && totals.rate > 0 ? ` · ${formatRate(totals.rate)}` : ''}
              {busy && totals.eta !== undefined ? ` · ${formatDuration(totals.eta)} left` : ''}
            </span>
          </div>
        ) : null}
        {/* Only the commands that would do something: an idle queue shows none. */}
        <div className="transfers__actions">
          {can.pause ? (
            <button type="button" className="button" onClick={() => void command('pause')}>
              Pause all
            </button>
          ) : null}
          {can.resume ? (
            <button type="button" className="button" onClick={() => void command('resume')}>
              Resume all
            </button>
          ) : null}
          {can.retryFailed || can.retryCancelled ? (
            <button type="button" className="button" onClick={() => void command('retry')}>
              {can.retryFailed ? 'Retry failed' : 'Retry cancelled'}
            </button>
          ) : null}
          {can.cancel ? (
            <button type="button" className="button" onClick={() => void command('cancel')}>
              Cancel all
            </button>
          ) : null}
          {can.clear ? (
            <button type="button" className="button" onClick={() => void clearFinished()}>
              Clear finished
            </button>
          ) : null}
        </div>
      </header>
      {error ? (
        <div className="transfers__error">
          <ErrorNotice error={error} compact onDismiss={dismissError} />
        </div>
      ) : null}
      {snapshot.journalError && !journalErrorDismissed ? (
        <div className="transfers__error">
          <ErrorNotice error={snapshot.journalError} compact onDismiss={dismissJournalError} />
        </div>
      ) : null}
      {expanded ? <BatchJobsSection /> : null}
      <div id={bodyId} className="transfers__body" ref={scrollRef} hidden={!expanded}>
        {expanded && items.length === 0 && batchJobs === 0 ? (
          <p className="transfers__empty muted">
            No transfers. Drop files on a folder, use Upload or Download, or drag rows into the other pane.
          </p>
        ) : null}
        <div className="transfers__spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const item = items[row.index];
            if (!item) return null;
            return (
              <div
                key={item.id}
                className="transfers__slot"
                data-index={row.index}
                ref={virtualizer.measureElement}
                style={{ transform: `translateY(${row.start}px)` }}
              >
                <TransferRow item={item} />
              </div>
            );
          })}
        </div>
      </div>
      {conflict ? <ConflictDialog key={conflict.conflictId} conflict={conflict} /> : null}
    </section>
  );
}
