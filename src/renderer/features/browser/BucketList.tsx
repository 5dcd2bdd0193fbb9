import { ErrorNotice } from '../../components/ErrorNotice';
import { formatExactTime, formatRelativeTime } from '../../components/format';
import { useBrowserStore, usePaneBrowser } from '../../stores/browser-store';
import type { PaneId } from '../../stores/workspace-store';
import { goToAddress } from './go-to-address';
import { OpenBucketBox } from './OpenBucketBox';

interface Props {
  readonly paneId: PaneId;
  readonly sessionId: string;
}

/** The session's buckets, or why they cannot be listed plus a way in by name. */
export function BucketList({ paneId, sessionId }: Props) {
  const state = usePaneBrowser(paneId);
  const navigate = useBrowserStore((s) => s.navigate);
  const refresh = useBrowserStore((s) => s.refresh);
  if (!state) return null;
  const { buckets } = state;
  const open = (bucket: string): void => navigate(paneId, { bucket, prefix: '' });

  return (
    <div className="bucket-list">
      <div className="bucket-list__bar">
        <h3 className="bucket-list__title">Buckets</h3>
        <span className="muted" aria-live="polite">
          {buckets.status === 'loading'
            ? 'Loading…'
            : buckets.status === 'ready'
              ? `${buckets.items.length}`
              : ''}
        </span>
        <button
          type="button"
          className="icon-button"
          aria-label="Refresh bucket list"
          onClick={() => refresh(paneId)}
        >
          ⟳
        </button>
        <OpenBucketBox onOpen={(text) => goToAddress(paneId, sessionId, text)} />
      </div>
      {buckets.error ? (
        <div className="bucket-list__error">
          <ErrorNotice error={buckets.error} title="Could not list buckets" />
        </div>
      ) : null}
      {buckets.status === 'ready' && buckets.items.length === 0 ? (
        <p className="browser-empty">
          This account has no buckets. Open one by name if it belongs to another account.
        </p>
      ) : null}
      {buckets.items.length > 0 ? (
        <div className="bucket-table-wrap">
          <table className="bucket-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Region</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {buckets.items.map((b) => (
                <tr key={b.name} onDoubleClick={() => open(b.name)}>
                  <td>
                    <button type="button" className="link-button mono" onClick={() => open(b.name)}>
                      {b.name}
                    </button>
                  </td>
                  <td>
                    {b.region ?? '—'}
                    {b.regionError ? (
                      <span className="bucket-table__note" title={b.regionError.message}>
                        {' '}
                        (guessed: {b.regionError.details?.action ?? 'location'} denied)
                      </span>
                    ) : null}
                  </td>
                  <td title={b.creationDate ? formatExactTime(b.creationDate) : undefined}>
                    {b.creationDate ? formatRelativeTime(b.creationDate) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
