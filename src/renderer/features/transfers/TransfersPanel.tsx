import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatCount, formatDuration, formatRate } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { useTransfersStore } from '../../stores/transfers-store';
import { ConflictDialog } from './ConflictDialog';
import { TransferRow } from './TransferRow';
import './transfers.css';

/** A guess; rows with an error or hint are measured after rendering. */
const ESTIMATED_ROW = 48;
const FINISHED = new Set(['done', 'skipped', 'cancelled']);

/** The queue at the bottom of the window: totals always visible, rows when expanded. */
export function TransfersPanel() {
  const start = useTransfersStore((s) => s.start);
  const snapshot = useTransfersStore((s) => s.snapshot);
  const conflict = useTransfersStore((s) => s.conflicts[0]);
  const expanded = useTransfersStore((s) => s.expanded);
  const error = useTransfersStore((s) => s.error);
  const setExpanded = useTransfersStore((s) => s.setExpanded);
  const command = useTransfersStore((s) => s.command);
  const clearFinished = useTransfersStore((s) => s.clearFinished);
  const dismissError = useTransfersStore((s) => s.dismissError);
  const bodyId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => start(), [start]);

  const { items, totals } = snapshot;
  const virtualizer = useVirtualizer({
    count: expanded ? items.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW,
    overscan: 6,
  });

  const paused = items.some((i) => i.status === 'paused');
  const finished = items.some((i) => FINISHED.has(i.status));
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
          {totals.failed > 0 ? (
            <span className="transfers__failed"> · {formatCount(totals.failed)} failed</span>
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
        <div className="transfers__actions">
          <button type="button" className="button" disabled={!busy} onClick={() => void command('pause')}>
            Pause all
          </button>
          <button type="button" className="button" disabled={!paused} onClick={() => void command('resume')}>
            Resume all
          </button>
          <button
            type="button"
            className="button"
            disabled={totals.failed === 0}
            onClick={() => void command('retry')}
          >
            Retry failed
          </button>
          <button
            type="button"
            className="button"
            disabled={!busy && !paused}
            onClick={() => void command('cancel')}
          >
            Cancel all
          </button>
          <button type="button" className="button" disabled={!finished} onClick={() => void clearFinished()}>
            Clear finished
          </button>
        </div>
      </header>
      {error ? (
        <div className="transfers__error">
          <ErrorNotice error={error} compact onDismiss={dismissError} />
        </div>
      ) : null}
      <div id={bodyId} className="transfers__body" ref={scrollRef} hidden={!expanded}>
        {expanded && items.length === 0 ? (
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
