/** One colour per storage class, from warm (hot, dear) to cool (cold, cheap), the same in every chart. */
const COLORS: Readonly<Record<string, string>> = {
  STANDARD: '#3b7dd8',
  INTELLIGENT_TIERING: '#2a9d8f',
  STANDARD_IA: '#52b36b',
  ONEZONE_IA: '#9cc44a',
  GLACIER_IR: '#e9b949',
  GLACIER: '#e07b39',
  DEEP_ARCHIVE: '#9c5a8e',
  EXPRESS_ONEZONE: '#5a6fd6',
  REDUCED_REDUNDANCY: '#8796a8',
};
const OTHER = '#8a929c';

export const classColor = (storageClass: string): string => COLORS[storageClass] ?? OTHER;

/** Classes in the order the legend and the charts list them: the colour table's, then the rest. */
export function orderClasses(classes: Iterable<string>): string[] {
  const known = Object.keys(COLORS);
  return [...new Set(classes)].sort(
    (a, b) =>
      (known.indexOf(a) < 0 ? 99 : known.indexOf(a)) - (known.indexOf(b) < 0 ? 99 : known.indexOf(b)) ||
      a.localeCompare(b),
  );
}
