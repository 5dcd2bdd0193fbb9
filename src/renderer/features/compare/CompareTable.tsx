import type { CompareRow, SideFacts } from '../../../shared/models/compare';
import { formatBytes } from '../../components/format';
import { describeRow } from './rows';

interface Props {
  readonly rows: readonly CompareRow[];
  readonly checked: ReadonlySet<string>;
  readonly onCheck: (key: string, on: boolean) => void;
}

const when = (facts: SideFacts | undefined): string =>
  facts?.lastModified ? facts.lastModified.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : '';

/** The compared keys: what each side has, and the verdict with its reason. */
export function CompareTable({ rows, checked, onCheck }: Props) {
  return (
    <div className="compare-table-wrap">
      <table className="compare-table" aria-label="Compared keys">
        <thead>
          <tr>
            <th className="compare-table__check">
              <span className="visually-hidden">Pick for a deep check</span>
            </th>
            <th>Key</th>
            <th>Result</th>
            <th className="compare-table__num">Left size</th>
            <th className="compare-table__num">Right size</th>
            <th>Left modified</th>
            <th>Right modified</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-status={row.status}>
              <td className="compare-table__check">
                {row.status === 'undecided' || row.status === 'different' ? (
                  <input
                    type="checkbox"
                    aria-label={`Pick ${row.key} for a deep check`}
                    checked={checked.has(row.key)}
                    onChange={(e) => onCheck(row.key, e.target.checked)}
                  />
                ) : null}
              </td>
              <td className="compare-table__key mono" title={row.key}>
                {row.warning ? (
                  <span
                    className="compare-table__warning"
                    title={row.warning}
                    role="img"
                    aria-label={row.warning}
                  >
                    ⚠{' '}
                  </span>
                ) : null}
                {row.key}
              </td>
              <td className={`compare-status compare-status--${row.status}`}>{describeRow(row)}</td>
              <td className="compare-table__num">{row.left ? formatBytes(row.left.size) : ''}</td>
              <td className="compare-table__num">{row.right ? formatBytes(row.right.size) : ''}</td>
              <td className="compare-table__date">{when(row.left)}</td>
              <td className="compare-table__date">{when(row.right)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
