import { useBrowserStore } from '../../stores/browser-store';
import type { PaneId } from '../../stores/workspace-store';
import type { SortColumn, SortOrder } from './rows';

const COLUMNS: readonly { readonly column: SortColumn | 'class'; readonly label: string }[] = [
  { column: 'name', label: 'Name' },
  { column: 'size', label: 'Size' },
  { column: 'modified', label: 'Last modified' },
  { column: 'class', label: 'Storage class' },
];

/** The object list's column headers: each sortable column's header is the button that sorts by it. */
export function ObjectListHead({ paneId, sort }: { readonly paneId: PaneId; readonly sort: SortOrder }) {
  const setSort = useBrowserStore((s) => s.setSort);
  return (
    <thead className="object-grid__head">
      <tr className="object-row object-row--head" aria-rowindex={1}>
        {COLUMNS.map(({ column, label }) => {
          if (column === 'class') {
            return (
              <th key={column} scope="col" className="object-cell object-cell--class">
                {label}
              </th>
            );
          }
          const active = sort.column === column;
          return (
            <th
              key={column}
              scope="col"
              className={`object-cell object-cell--${column}`}
              aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
            >
              <button
                type="button"
                className="sort-button"
                onClick={() => setSort(paneId, { column, descending: active ? !sort.descending : false })}
              >
                {label}
                <span aria-hidden="true">{active ? (sort.descending ? ' ▾' : ' ▴') : ''}</span>
              </button>
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
