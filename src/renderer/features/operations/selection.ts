import type { ObjectEntry } from '../../../shared/models/s3';

/** What a request about "the selection" carries: object keys and folder prefixes. */
export interface SelectionPayload {
  readonly keys: readonly string[];
  readonly prefixes: readonly string[];
}

/** The request schemas cap a selection here; beyond it main would reject the call. */
export const MAX_SELECTION = 100_000;

export function payloadOf(entries: readonly ObjectEntry[]): SelectionPayload {
  const keys: string[] = [];
  const prefixes: string[] = [];
  for (const entry of entries) (entry.kind === 'folder' ? prefixes : keys).push(entry.key);
  return { keys, prefixes };
}

/** The selected entries in list order; one pass, so it stays cheap on a million rows. */
export function selectedEntries(
  entries: readonly ObjectEntry[],
  selection: ReadonlySet<string>,
): ObjectEntry[] {
  if (selection.size === 0) return [];
  const found: ObjectEntry[] = [];
  for (const entry of entries) if (selection.has(entry.key)) found.push(entry);
  return found;
}
