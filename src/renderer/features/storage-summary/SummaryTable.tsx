import { ageBandLabels, type StorageSummary } from '../../../shared/models/storage-summary';
import { formatBytes, formatCount } from '../../components/format';
import { orderClasses } from './class-colors';
import { childLabel } from './csv';

interface Props {
  readonly summary: StorageSummary;
  readonly onOpen: (prefix: string) => void;
}

/** The picture's numbers as tables: every sub-prefix, then storage class × age. */
export function SummaryTable({ summary, onOpen }: Props) {
  const classes = orderClasses(summary.cells.map((c) => c.storageClass));
  return (
    <div className="storage-tables">
      <table className="storage-table" aria-label="Sub-prefixes">
        <thead>
          <tr>
            <th scope="col">Prefix</th>
            <th scope="col" className="storage-table__num">
              Objects
            </th>
            <th scope="col" className="storage-table__num">
              Size
            </th>
            {classes.map((cls) => (
              <th key={cls} scope="col" className="storage-table__num">
                {cls}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {summary.children.map((c) => (
            <tr key={c.prefix}>
              <th scope="row" className="storage-table__name">
                {c.prefix === '' ? (
                  childLabel(c.prefix, summary.prefix)
                ) : (
                  <button type="button" className="link-button" onClick={() => onOpen(c.prefix)}>
                    {childLabel(c.prefix, summary.prefix)}
                  </button>
                )}
              </th>
              <td className="storage-table__num">{formatCount(c.objects)}</td>
              <td className="storage-table__num" title={`${c.bytes} bytes`}>
                {formatBytes(c.bytes)}
              </td>
              {classes.map((cls) => (
                <td key={cls} className="storage-table__num">
                  {c.byClass[cls] ? formatBytes(c.byClass[cls]) : '—'}
                </td>
              ))}
            </tr>
          ))}
          {summary.otherChildren ? (
            <tr>
              <th scope="row">{formatCount(summary.otherChildren.prefixes)} more prefixes</th>
              <td className="storage-table__num">{formatCount(summary.otherChildren.objects)}</td>
              <td className="storage-table__num">{formatBytes(summary.otherChildren.bytes)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <table className="storage-table" aria-label="Storage class and age">
        <thead>
          <tr>
            <th scope="col">Storage class</th>
            <th scope="col">Age</th>
            <th scope="col" className="storage-table__num">
              Objects
            </th>
            <th scope="col" className="storage-table__num">
              Size
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.cells.map((c) => (
            <tr key={`${c.storageClass}-${c.age}`}>
              <th scope="row">{c.storageClass}</th>
              <td>{ageBandLabels[c.age]}</td>
              <td className="storage-table__num">{formatCount(c.objects)}</td>
              <td className="storage-table__num" title={`${c.bytes} bytes`}>
                {formatBytes(c.bytes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
