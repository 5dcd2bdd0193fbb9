/**
 * The edit dialogs' forms as data, and how each turns into the patch main applies. For one
 * object the form starts from what it has and the patch is the difference; for a selection
 * it starts empty and says what to set or remove on every object.
 */
import type { HeaderPatch, MapPatch } from '../../../shared/models/objects';
import type { ObjectDetails } from '../../../shared/models/s3';

export type HeaderName = keyof HeaderPatch;

export const headerFields: readonly {
  readonly name: HeaderName;
  readonly label: string;
  readonly example: string;
}[] = [
  { name: 'contentType', label: 'Content-Type', example: 'text/csv; charset=utf-8' },
  { name: 'cacheControl', label: 'Cache-Control', example: 'max-age=3600' },
  { name: 'contentDisposition', label: 'Content-Disposition', example: 'attachment; filename="report.csv"' },
  { name: 'contentEncoding', label: 'Content-Encoding', example: 'gzip' },
  { name: 'contentLanguage', label: 'Content-Language', example: 'en' },
];

/** For a selection: leave each object's header, set it, or remove it. One object: always `set`. */
export interface HeaderChoice {
  readonly mode: 'keep' | 'set' | 'remove';
  readonly value: string;
}

export type HeaderChoices = Readonly<Record<HeaderName, HeaderChoice>>;

export interface Row {
  readonly id: number;
  readonly key: string;
  readonly value: string;
  /** For a selection: remove this key from every object instead of setting it. */
  readonly remove: boolean;
}

let nextRowId = 1;
export const newRow = (key = '', value = ''): Row => ({ id: nextRowId++, key, value, remove: false });

export const rowsOf = (map: Readonly<Record<string, string>> | undefined): Row[] =>
  Object.entries(map ?? {}).map(([k, v]) => newRow(k, v));

export function initialHeaders(details: ObjectDetails | undefined): HeaderChoices {
  const choice = (name: HeaderName): HeaderChoice =>
    details ? { mode: 'set', value: details[name] ?? '' } : { mode: 'keep', value: '' };
  return {
    contentType: choice('contentType'),
    cacheControl: choice('cacheControl'),
    contentDisposition: choice('contentDisposition'),
    contentEncoding: choice('contentEncoding'),
    contentLanguage: choice('contentLanguage'),
  };
}

/** The header changes; `original` is the one object's details, absent for a selection. */
export function headerPatch(choices: HeaderChoices, original?: ObjectDetails): HeaderPatch | undefined {
  const patch: Record<string, string | null> = {};
  for (const { name } of headerFields) {
    const { mode, value } = choices[name];
    const trimmed = value.trim();
    if (original) {
      if (trimmed !== (original[name] ?? '')) patch[name] = trimmed === '' ? null : trimmed;
    } else if (mode === 'set' && trimmed !== '') {
      patch[name] = trimmed;
    } else if (mode === 'remove') {
      patch[name] = null;
    }
  }
  return Object.keys(patch).length > 0 ? (patch as HeaderPatch) : undefined;
}

const filled = (rows: readonly Row[]): Row[] => rows.filter((r) => r.key.trim() !== '');

/**
 * The map change. One object: its whole new map (replaceAll), or undefined when unchanged.
 * A selection: keys to set and keys to remove on each object, keeping the rest unless
 * `replaceAll`.
 */
export function mapPatch(
  rows: readonly Row[],
  original: Readonly<Record<string, string>> | undefined,
  replaceAll = false,
  normalise: (key: string) => string = (k) => k,
): MapPatch | undefined {
  const used = filled(rows);
  if (original) {
    const set = Object.fromEntries(used.map((r) => [normalise(r.key.trim()), r.value]));
    const before = Object.fromEntries(Object.entries(original).map(([k, v]) => [normalise(k), v]));
    const same =
      Object.keys(set).length === Object.keys(before).length &&
      Object.entries(set).every(([k, v]) => Object.hasOwn(before, k) && before[k] === v);
    return same ? undefined : { set, remove: [], replaceAll: true };
  }
  const set = Object.fromEntries(
    used.filter((r) => !r.remove).map((r) => [normalise(r.key.trim()), r.value]),
  );
  const remove = used.filter((r) => r.remove).map((r) => normalise(r.key.trim()));
  if (Object.keys(set).length === 0 && remove.length === 0 && !replaceAll) return undefined;
  return { set, remove, replaceAll };
}

/** A patch as the request schema takes it (mutable arrays). */
export const wirePatch = (patch: MapPatch) => ({
  ...patch,
  set: { ...patch.set },
  remove: [...patch.remove],
});

export interface RowRules {
  readonly what: string;
  readonly keyPattern?: RegExp;
  readonly keyHint?: string;
  readonly maxKey: number;
  readonly maxValue: number;
  readonly valuePattern?: RegExp;
  readonly valueHint?: string;
  /** S3's limit per object; checked here for one object, by main for each of a selection. */
  readonly maxEntries?: number;
}

export const metadataRules: RowRules = {
  what: 'metadata key',
  keyPattern: /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/,
  keyHint: 'letters, digits and - _ . only',
  maxKey: 128,
  maxValue: 2048,
  valuePattern: /^[\x20-\x7e]*$/,
  valueHint: 'printable ASCII only',
};

export const tagRules: RowRules = { what: 'tag key', maxKey: 128, maxValue: 256, maxEntries: 10 };

/** What is wrong with the rows, in one sentence, or undefined. */
export function rowsProblem(rows: readonly Row[], rules: RowRules, single: boolean): string | undefined {
  const used = filled(rows);
  if (rows.some((r) => r.key.trim() === '' && r.value !== '')) return `A value has no ${rules.what}.`;
  const seen = new Set<string>();
  for (const row of used) {
    const key = row.key.trim();
    const folded = rules === metadataRules ? key.toLowerCase() : key;
    if (seen.has(folded)) return `The ${rules.what} "${key}" is used twice.`;
    seen.add(folded);
    if (key.length > rules.maxKey)
      return `The ${rules.what} "${key.slice(0, 20)}…" is longer than ${rules.maxKey}.`;
    if (rules.keyPattern && !rules.keyPattern.test(key))
      return `The ${rules.what} "${key}": ${rules.keyHint}.`;
    if (row.value.length > rules.maxValue) return `The value of "${key}" is longer than ${rules.maxValue}.`;
    if (rules.valuePattern && !rules.valuePattern.test(row.value))
      return `The value of "${key}": ${rules.valueHint}.`;
  }
  if (single && rules.maxEntries !== undefined && used.length > rules.maxEntries) {
    return `S3 allows at most ${rules.maxEntries} per object.`;
  }
  return undefined;
}

/** The confirmation's summary of a map patch. */
export function describeMapPatch(what: string, patch: MapPatch): string[] {
  const pairs = Object.entries(patch.set).map(([k, v]) => `${k}=${v}`);
  if (patch.replaceAll)
    return [pairs.length === 0 ? `${what}: remove all` : `${what}: replace all with ${pairs.join(', ')}`];
  const lines: string[] = [];
  if (pairs.length > 0) lines.push(`${what}: set ${pairs.join(', ')}`);
  if (patch.remove.length > 0) lines.push(`${what}: remove ${patch.remove.join(', ')}`);
  return lines;
}

export function describeHeaderPatch(patch: HeaderPatch): string[] {
  return headerFields.flatMap(({ name, label }) => {
    const value = patch[name];
    if (value === undefined) return [];
    return [value === null ? `${label}: remove` : `${label}: ${value}`];
  });
}
