import type { DragEvent, MouseEvent } from 'react';
import type { ObjectEntry } from '../../../shared/models/s3';
import { EntryIcon } from '../../components/EntryIcon';
import { formatBytes, formatExactBytes, formatExactTime, formatRelativeTime } from '../../components/format';
import { EMPTY_NAME_LABEL, nameOf } from './address';
import { entryTypeOf } from './entry-type';

interface Props {
  readonly id: string;
  readonly index: number;
  readonly entry: ObjectEntry;
  readonly prefix: string;
  readonly top: number;
  readonly height: number;
  readonly selected: boolean;
  readonly isCursor: boolean;
  readonly dropHighlight: boolean;
  readonly now: number;
  readonly onClick: (event: MouseEvent, entry: ObjectEntry) => void;
  readonly onDoubleClick: (entry: ObjectEntry) => void;
  readonly onContextMenu: (event: MouseEvent, entry: ObjectEntry) => void;
  readonly onDragStart: (event: DragEvent, entry: ObjectEntry) => void;
  readonly onDragEnd: () => void;
}

/** One row; the name is rendered exactly as the key has it (spaces, `%`, `+`, `..`), never decoded. */
export function ObjectRow(props: Props) {
  const { entry, selected, isCursor, dropHighlight } = props;
  const name = nameOf(entry, props.prefix);
  const classes = ['object-row'];
  if (selected) classes.push('object-row--selected');
  if (isCursor) classes.push('object-row--cursor');
  if (dropHighlight) classes.push('object-row--drop');
  if (entry.deleted) classes.push('object-row--deleted');

  return (
    // Rows are not tab stops: the grid holds focus and points at the cursor row
    // (aria-activedescendant), and its keyboard handler covers what a click does.
    <tr
      id={props.id}
      className={classes.join(' ')}
      aria-rowindex={props.index + 2}
      aria-selected={selected}
      data-index={props.index}
      data-kind={entry.kind}
      draggable
      style={{ transform: `translateY(${props.top}px)`, height: props.height }}
      onClick={(e) => props.onClick(e, entry)}
      onDoubleClick={() => props.onDoubleClick(entry)}
      onContextMenu={(e) => props.onContextMenu(e, entry)}
      onDragStart={(e) => props.onDragStart(e, entry)}
      onDragEnd={props.onDragEnd}
    >
      <td className="object-cell object-cell--name" title={entry.key}>
        <EntryIcon type={entryTypeOf(entry)} />
        <span className="object-name">{name === '' ? <em>{EMPTY_NAME_LABEL}</em> : name}</span>
      </td>
      <td
        className="object-cell object-cell--size"
        title={entry.size === undefined ? undefined : formatExactBytes(entry.size)}
      >
        {entry.kind === 'folder' || entry.size === undefined ? '' : formatBytes(entry.size)}
      </td>
      <td
        className="object-cell object-cell--modified"
        title={entry.lastModified ? formatExactTime(entry.lastModified) : undefined}
      >
        {entry.lastModified ? formatRelativeTime(entry.lastModified, props.now) : ''}
      </td>
      <td className="object-cell object-cell--class">
        {entry.deleted ? 'Deleted' : (entry.storageClass ?? '')}
      </td>
    </tr>
  );
}
