import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { CompareRow, RowStatus, SideFacts } from '../../../shared/models/compare';
import { formatBytes } from '../../components/format';
import { describeRow } from './rows';

/** Every row is this tall (compare.css says the same): the table places rows by arithmetic. */
const ROW_PX = 25;
/** Rows drawn above and below the visible ones, so a quick scroll does not show blanks. */
const OVERSCAN = 10;

interface Props {
  /** How many rows the filter lets through (they are fetched as they scroll into view). */
  readonly count: number;
  /** The row at a position, if it has been fetched. */
  readonly rowAt: (index: number) => CompareRow | undefined;
  /** The rows from `first` to `last` are on screen. */
  readonly onShow: (first: number, last: number) => void;
  /** Picked for a deep check, by key (with the status it had). */
  readonly checked: ReadonlyMap<string, RowStatus>;
  readonly onCheck: (row: CompareRow, on: boolean) => void;
}

const when = (facts: SideFacts | undefined): string =>
  facts?.lastModified ? facts.lastModified.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : '';

const spacer = (rows: number): ReactNode => (rows > 0 ? <tr style={{ height: rows * ROW_PX }} /> : null);

/**
 * The compared keys: what each side has, and the verdict with its reason. Only the rows in view
 * (and a few around them) are drawn; the others are spacing, so a million rows scroll like ten.
 */
export function CompareTable({ count, rowAt, onShow, checked, onCheck }: Props) {
  const wrap = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(40 * ROW_PX);
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || 40 * ROW_PX);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // The rows can shrink under a scrolled table (a deep check) before the browser says it scrolled.
  const shownTop = Math.min(top, Math.max(0, count * ROW_PX - height));
  const first = Math.max(0, Math.floor(shownTop / ROW_PX) - OVERSCAN);
  const last = Math.min(count, Math.ceil((shownTop + height) / ROW_PX) + OVERSCAN);
  useEffect(() => onShow(first, Math.max(first, last - 1)), [onShow, first, last]);

  const drawn: ReactNode[] = [];
  for (let index = first; index < last; index++) {
    const row = rowAt(index);
    drawn.push(
      row ? (
        <tr key={index} aria-rowindex={index + 2} data-status={row.status}>
          <td className="compare-table__check">
            {row.status === 'undecided' || row.status === 'different' ? (
              <input
                type="checkbox"
                aria-label={`Pick ${row.key} for a deep check`}
                checked={checked.has(row.key)}
                onChange={(e) => onCheck(row, e.target.checked)}
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
          <td className={`compare-status compare-status--${row.status}`} title={describeRow(row)}>
            {describeRow(row)}
          </td>
          <td className="compare-table__num">{row.left ? formatBytes(row.left.size) : ''}</td>
          <td className="compare-table__num">{row.right ? formatBytes(row.right.size) : ''}</td>
          <td className="compare-table__date">{when(row.left)}</td>
          <td className="compare-table__date">{when(row.right)}</td>
        </tr>
      ) : (
        <tr key={index} aria-rowindex={index + 2} aria-busy="true">
          <td />
          <td className="muted" colSpan={6}>
            …
          </td>
        </tr>
      ),
    );
  }

  return (
    <div className="compare-table-wrap" ref={wrap} onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
      <table className="compare-table" aria-label="Compared keys" aria-rowcount={count + 1}>
        <thead>
          <tr aria-rowindex={1}>
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
          {spacer(first)}
          {drawn}
          {spacer(count - last)}
        </tbody>
      </table>
    </div>
  );
}
