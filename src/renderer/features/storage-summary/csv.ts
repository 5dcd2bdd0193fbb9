import { ageBandLabels, type StorageSummary } from '../../../shared/models/storage-summary';
import { orderClasses } from './class-colors';

const cell = (value: string | number): string => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const row = (values: readonly (string | number)[]): string => values.map(cell).join(',');

/** Control characters (a key may hold them) shown as `\xNN`, so a name never moves the text around it. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const escaped = (name: string): string =>
  name.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** The label of a sub-prefix row: its name under the summarised prefix, or the loose objects. */
export const childLabel = (childPrefix: string, base: string): string =>
  childPrefix === '' ? '(objects in this folder)' : escaped(childPrefix.slice(base.length));

/**
 * The summary's numbers as CSV for a spreadsheet: the sub-prefixes (bytes per class in columns),
 * then storage class × age, then the versions and uploads kept apart. Bytes are exact.
 */
export function summaryCsv(summary: StorageSummary): string {
  const classes = orderClasses(summary.cells.map((c) => c.storageClass));
  const lines = [
    row(['prefix', 'objects', 'bytes', ...classes.map((c) => `bytes ${c}`)]),
    ...summary.children.map((c) =>
      row([
        childLabel(c.prefix, summary.prefix),
        c.objects,
        c.bytes,
        ...classes.map((cls) => c.byClass[cls] ?? 0),
      ]),
    ),
    ...(summary.otherChildren
      ? [
          row([
            `(${summary.otherChildren.prefixes} more prefixes)`,
            summary.otherChildren.objects,
            summary.otherChildren.bytes,
          ]),
        ]
      : []),
    '',
    row(['storage class', 'age', 'objects', 'bytes']),
    ...summary.cells.map((c) => row([c.storageClass, ageBandLabels[c.age], c.objects, c.bytes])),
  ];
  if (summary.noncurrent) {
    lines.push('', row(['noncurrent versions', summary.noncurrent.objects, summary.noncurrent.bytes]));
    lines.push(row(['delete markers', summary.deleteMarkers ?? 0, 0]));
  }
  if (summary.uploads)
    lines.push(row(['incomplete uploads (parts)', summary.uploads.parts, summary.uploads.bytes]));
  return `${lines.join('\n')}\n`;
}
