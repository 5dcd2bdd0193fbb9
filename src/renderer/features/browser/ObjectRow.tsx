import type { DragEvent, MouseEvent, Ref } from 'react';
import type { ObjectEntry } from '../../../shared/models/s3';

interface Props {
  readonly rowRef: Ref<HTMLTableRowElement>;
  /** The entry the row shows at the moment of the event (pooled rows show a new one on every scroll). */
  readonly entryOf: (row: HTMLElement) => ObjectEntry | undefined;
  readonly onClick: (event: MouseEvent, entry: ObjectEntry) => void;
  readonly onDoubleClick: (entry: ObjectEntry) => void;
  readonly onContextMenu: (event: MouseEvent, entry: ObjectEntry) => void;
  readonly onDragStart: (event: DragEvent, entry: ObjectEntry) => void;
  readonly onDragEnd: () => void;
}

/**
 * One pooled row of the object list: React renders its shell and event wiring once, and
 * PaintedRow (row-painter.ts) writes the entry it shows — name, icon, size, time, class, its
 * place and selection state — straight into the DOM as the list scrolls.
 */
export function ObjectRow(props: Props) {
  const entry = (event: { readonly currentTarget: HTMLElement }) => props.entryOf(event.currentTarget);
  return (
    // Rows are not tab stops: the grid holds focus and points at the cursor row
    // (aria-activedescendant), and its keyboard handler covers what a click does.
    <tr
      ref={props.rowRef}
      className="object-row"
      draggable
      onClick={(e) => {
        const shown = entry(e);
        if (shown) props.onClick(e, shown);
      }}
      onDoubleClick={(e) => {
        const shown = entry(e);
        if (shown) props.onDoubleClick(shown);
      }}
      onContextMenu={(e) => {
        const shown = entry(e);
        if (shown) props.onContextMenu(e, shown);
      }}
      onDragStart={(e) => {
        const shown = entry(e);
        if (shown) props.onDragStart(e, shown);
      }}
      onDragEnd={props.onDragEnd}
    >
      <td className="object-cell object-cell--name" />
      <td className="object-cell object-cell--size" />
      <td className="object-cell object-cell--modified" />
      <td className="object-cell object-cell--class" />
    </tr>
  );
}
