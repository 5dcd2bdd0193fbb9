import { formatCount } from '../../components/format';
import type { PaneId } from '../../stores/workspace-store';
import { type DeletedAt, sameAt, useDeletedStore } from './deleted-store';
import './versions.css';

interface Props {
  readonly paneId: PaneId;
  readonly at: DeletedAt;
}

function statusText(state: ReturnType<typeof useDeletedStore.getState>['listings'][PaneId]): string {
  if (!state || state.status === 'loading') return 'Reading versions…';
  if (state.status === 'error') return state.error.message;
  const { listing } = state;
  if (listing.versioning === 'Off') return 'Versioning is off: deleted objects are gone.';
  const objects = listing.entries.filter((e) => e.kind === 'object').length;
  const more = listing.truncated ? ' (scan stopped early; search to narrow)' : '';
  return `${formatCount(objects)} deleted here${more}`;
}

/** Shows the folder's deleted objects among its rows, on demand (ListObjectVersions). */
export function ShowDeletedToggle({ paneId, at }: Props) {
  const shown = useDeletedStore((s) => s.shown[paneId] === true);
  const state = useDeletedStore((s) => s.listings[paneId]);
  const setShown = useDeletedStore((s) => s.setShown);
  return (
    <span className="show-deleted">
      <label>
        <input type="checkbox" checked={shown} onChange={(e) => setShown(paneId, e.target.checked)} /> Show
        deleted
      </label>
      {shown && sameAt(state?.at, at) ? (
        <span
          className={
            state?.status === 'error'
              ? 'show-deleted__status show-deleted__status--error'
              : 'show-deleted__status'
          }
          role="status"
        >
          {statusText(state)}
        </span>
      ) : null}
    </span>
  );
}
