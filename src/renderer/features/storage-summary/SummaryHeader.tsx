import type { StorageSummary } from '../../../shared/models/storage-summary';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatCount, formatExactTime, formatRelativeTime } from '../../components/format';
import { useNow } from '../../lib/use-now';

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** Where the numbers stand: progress while counting, then totals, when and how they were computed. */
export function SummaryHeader({ summary }: { readonly summary: StorageSummary }) {
  const now = useNow(10_000);
  const running = summary.status === 'running';
  const source =
    summary.source.kind === 'inventory'
      ? `from the S3 Inventory report of ${formatExactTime(summary.source.reportDate)}`
      : 'from a listing';
  return (
    <div className="storage-header">
      {running ? (
        <p className="storage-header__progress" role="status" aria-live="polite">
          Counting… {plural(summary.keysSeen, 'key')} so far ·{' '}
          {formatCount(Math.round(summary.keysPerSecond))} keys/s
        </p>
      ) : (
        <p className="storage-header__when" role="status">
          {summary.status === 'cancelled' ? 'Cancelled' : 'Computed'}{' '}
          {summary.finishedAt ? (
            <time dateTime={summary.finishedAt}>
              {formatRelativeTime(summary.finishedAt, now)} ({formatExactTime(summary.finishedAt)})
            </time>
          ) : null}{' '}
          {source}
          {summary.versions ? ', versions included' : ''}.
        </p>
      )}
      <p className="storage-header__totals">
        <strong data-total="bytes">{formatBytes(summary.current.bytes)}</strong> in{' '}
        <strong data-total="objects">{plural(summary.current.objects, 'object')}</strong>
        {summary.noncurrent ? (
          <>
            {' '}
            · noncurrent versions {formatBytes(summary.noncurrent.bytes)} in{' '}
            {plural(summary.noncurrent.objects, 'version')} ·{' '}
            {plural(summary.deleteMarkers ?? 0, 'delete marker')}
          </>
        ) : null}
        {summary.uploads && summary.uploads.uploads > 0 ? (
          <>
            {' '}
            · incomplete uploads {summary.uploads.atLeast ? 'at least ' : ''}
            {formatBytes(summary.uploads.bytes)} in {plural(summary.uploads.uploads, 'upload')}
          </>
        ) : null}
      </p>
      {summary.status === 'partial' && summary.error ? (
        <ErrorNotice
          error={summary.error}
          title={`Partial: the count stopped after ${plural(summary.keysSeen, 'key')}`}
        />
      ) : null}
      {summary.uploads?.error ? (
        <ErrorNotice error={summary.uploads.error} compact title="Incomplete uploads not counted" />
      ) : null}
      {summary.status === 'limit' ? (
        <p className="storage-header__warn" role="note">
          Stopped at your limit of {plural(summary.keyLimit ?? 0, 'key')} (Settings): the numbers cover the
          first keys only. Read the bucket's S3 Inventory report below instead.
        </p>
      ) : null}
      {summary.changedDuringCount > 0 ? (
        <p className="storage-header__warn" role="note">
          The prefix changed while it was counted: {plural(summary.changedDuringCount, 'object')} written
          after the count began (keys deleted meanwhile may be counted or not).
        </p>
      ) : null}
      {summary.oddKeys > 0 ? (
        <p className="muted">
          {plural(summary.oddKeys, 'key')} with control characters or undecodable bytes, counted like the
          others.
        </p>
      ) : null}
    </div>
  );
}
