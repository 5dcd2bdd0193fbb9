import type { IncompleteUpload } from '../../../shared/models/incomplete-upload';
import { formatBytes, formatCount, formatExactTime, formatRelativeTime } from '../../components/format';

interface Props {
  readonly uploads: readonly IncompleteUpload[];
  readonly selected: ReadonlySet<string>;
  readonly onToggle: (uploadId: string) => void;
  readonly onToggleAll: (on: boolean) => void;
  readonly onAbort: (upload: IncompleteUpload) => void;
  readonly busy: boolean;
}

function partsCell(u: IncompleteUpload) {
  if (u.partsError) return <span title={u.partsError.message}>not counted</span>;
  if (u.parts === undefined) return '—';
  return `${formatCount(u.parts)}${u.partsCapped ? '+' : ''}`;
}

/** One row per upload: what it would have become, when and by whom it began, what it holds. */
export function UploadsTable({ uploads, selected, onToggle, onToggleAll, onAbort, busy }: Props) {
  const all = uploads.length > 0 && uploads.every((u) => selected.has(u.uploadId));
  return (
    <div className="incomplete-table-wrap">
      <table className="incomplete-table">
        <thead>
          <tr>
            <th scope="col" className="incomplete-table__check">
              <input
                type="checkbox"
                aria-label="Select all uploads"
                checked={all}
                disabled={busy}
                onChange={(e) => onToggleAll(e.target.checked)}
              />
            </th>
            <th scope="col">Key</th>
            <th scope="col">Started</th>
            <th scope="col">By</th>
            <th scope="col" className="incomplete-table__num">
              Parts
            </th>
            <th scope="col" className="incomplete-table__num">
              Size
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {uploads.map((u) => (
            <tr key={u.uploadId}>
              <td className="incomplete-table__check">
                <input
                  type="checkbox"
                  aria-label={`Select ${u.key}`}
                  checked={selected.has(u.uploadId)}
                  disabled={busy}
                  onChange={() => onToggle(u.uploadId)}
                />
              </td>
              <td className="mono incomplete-table__key" title={`${u.key}\nupload ${u.uploadId}`}>
                {u.key}
              </td>
              <td title={u.initiated ? formatExactTime(u.initiated) : undefined}>
                {u.initiated ? formatRelativeTime(u.initiated) : '—'}
              </td>
              <td className="incomplete-table__who" title={u.initiator}>
                {u.initiator ?? '—'}
              </td>
              <td className="incomplete-table__num">{partsCell(u)}</td>
              <td className="incomplete-table__num">{u.size === undefined ? '—' : formatBytes(u.size)}</td>
              <td>
                <button
                  type="button"
                  className="button incomplete-table__abort"
                  aria-label={`Abort upload of ${u.key}`}
                  disabled={busy}
                  onClick={() => onAbort(u)}
                >
                  Abort
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
