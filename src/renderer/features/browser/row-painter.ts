import type { ObjectEntry } from '../../../shared/models/s3';
import { entryIconElement } from '../../components/entry-icon';
import { formatBytes, formatExactBytes, formatExactTime, formatRelativeTime } from '../../components/format';
import { EMPTY_NAME_LABEL, nameOf } from './address';
import { type EntryType, entryTypeOf } from './entry-type';

/** What one pooled row shows this frame. */
export interface RowView {
  readonly entry: ObjectEntry;
  readonly index: number;
  readonly id: string;
  readonly prefix: string;
  readonly selected: boolean;
  readonly isCursor: boolean;
  readonly dropHighlight: boolean;
  /** For relative times; fixed per render of the list, so scrolling does not reformat unchanged rows. */
  readonly now: number;
  /** Offset from the top of the rows layer, px. */
  readonly top: number;
}

const text = (parent: Element): Text => parent.appendChild(document.createTextNode(''));

// Writes only what differs: the browser lays out a cell again even when its text is set to what it
// was, and neighbouring rows often share a size, a time or a storage class.
const setText = (node: Text, value: string): void => {
  if (node.data !== value) node.data = value;
};

const setTitle = (element: Element, title: string | undefined): void => {
  if (title === undefined) element.removeAttribute('title');
  else if (element.getAttribute('title') !== title) element.setAttribute('title', title);
};

/**
 * One pooled `<tr>` of the object list, written directly rather than through React: on a
 * scroll every visible row shows another entry, and re-rendering ~30 row components per frame
 * was most of a frame's script time. React renders the row's shell and its handlers once;
 * this fills in what the row shows and remembers what it wrote, so a paint touches the DOM
 * only where something changed. A row shows what ObjectRow used to render: the name as the
 * key has it (never decoded) with the type icon, size, relative time and storage class, with
 * the exact size, time and full key as tooltips.
 */
export class PaintedRow {
  static readonly #painters = new WeakMap<HTMLTableRowElement, PaintedRow>();

  /** The painter of `row`, made on first use: React hands the same element to a new ref on every render. */
  static of(row: HTMLTableRowElement, height: number): PaintedRow {
    let painter = PaintedRow.#painters.get(row);
    if (!painter) {
      painter = new PaintedRow(row, height);
      PaintedRow.#painters.set(row, painter);
    }
    return painter;
  }

  readonly #row: HTMLTableRowElement;
  readonly #nameCell: HTMLElement;
  readonly #sizeCell: HTMLElement;
  readonly #modifiedCell: HTMLElement;
  readonly #name: HTMLElement;
  readonly #nameText: Text;
  readonly #sizeText: Text;
  readonly #modifiedText: Text;
  readonly #classText: Text;
  #icon: SVGSVGElement | undefined;
  #iconType: EntryType | undefined;
  #entry: ObjectEntry | undefined;
  #prefix = '';
  #now = 0;
  #index = -1;
  #className = '';
  #top = Number.NaN;
  #shown = true;

  private constructor(row: HTMLTableRowElement, height: number) {
    this.#row = row;
    row.style.height = `${height}px`;
    const [nameCell, sizeCell, modifiedCell, classCell] = Array.from(row.cells);
    if (!nameCell || !sizeCell || !modifiedCell || !classCell) throw new Error('an object row needs 4 cells');
    this.#nameCell = nameCell;
    this.#sizeCell = sizeCell;
    this.#modifiedCell = modifiedCell;
    this.#name = nameCell.appendChild(document.createElement('span'));
    this.#name.className = 'object-name';
    this.#nameText = text(this.#name);
    this.#sizeText = text(sizeCell);
    this.#modifiedText = text(modifiedCell);
    this.#classText = text(classCell);
  }

  /** Shows `view`, or hides the row (out of the accessibility tree too) when there is none. */
  paint(view: RowView | undefined): void {
    const row = this.#row;
    if (!view) {
      if (this.#shown) row.hidden = true;
      this.#shown = false;
      return;
    }
    if (!this.#shown) row.hidden = false;
    this.#shown = true;
    const { entry, index } = view;
    if (index !== this.#index) {
      this.#index = index;
      row.id = view.id;
      row.setAttribute('aria-rowindex', String(index + 2));
      row.setAttribute('data-index', String(index));
    }
    if (entry !== this.#entry || view.prefix !== this.#prefix) this.#content(entry, view.prefix);
    if (view.now !== this.#now || entry !== this.#entry) {
      this.#now = view.now;
      setText(this.#modifiedText, entry.lastModified ? formatRelativeTime(entry.lastModified, view.now) : '');
    }
    this.#entry = entry;
    this.#prefix = view.prefix;
    let className = 'object-row';
    if (view.selected) className += ' object-row--selected';
    if (view.isCursor) className += ' object-row--cursor';
    if (view.dropHighlight) className += ' object-row--drop';
    if (entry.deleted) className += ' object-row--deleted';
    if (className !== this.#className) {
      this.#className = className;
      row.className = className;
      row.setAttribute('aria-selected', String(view.selected));
    }
    if (view.top !== this.#top) {
      this.#top = view.top;
      row.style.transform = `translateY(${view.top}px)`;
    }
  }

  #content(entry: ObjectEntry, prefix: string): void {
    const row = this.#row;
    if (entry.kind !== this.#entry?.kind) row.setAttribute('data-kind', entry.kind);
    const type = entryTypeOf(entry);
    if (type !== this.#iconType) {
      const icon = entryIconElement(type);
      if (this.#icon) this.#icon.replaceWith(icon);
      else this.#nameCell.prepend(icon);
      this.#icon = icon;
      this.#iconType = type;
    }
    setTitle(this.#nameCell, entry.key);
    const name = nameOf(entry, prefix);
    if (name === '') {
      const label = document.createElement('em');
      label.textContent = EMPTY_NAME_LABEL;
      this.#name.replaceChildren(label);
    } else {
      if (this.#nameText.parentNode !== this.#name) this.#name.replaceChildren(this.#nameText);
      setText(this.#nameText, name);
    }
    setTitle(this.#sizeCell, entry.size === undefined ? undefined : formatExactBytes(entry.size));
    setText(
      this.#sizeText,
      entry.kind === 'folder' || entry.size === undefined ? '' : formatBytes(entry.size),
    );
    setTitle(this.#modifiedCell, entry.lastModified ? formatExactTime(entry.lastModified) : undefined);
    setText(this.#classText, entry.deleted ? 'Deleted' : (entry.storageClass ?? ''));
  }
}
