/**
 * The bookmarks document, as stored in the app's data folder and as exported: a marked,
 * versioned envelope around the list. Reading checks every entry with the IPC schema, so an
 * edited or foreign file can never put an invalid bookmark into the app; entries that fail
 * are reported by name and reason rather than silently dropped.
 */
import { bookmarkSchema } from '../../shared/ipc/fields';
import type { Bookmark } from '../../shared/models/bookmark';

export const BOOKMARKS_FORMAT = 'crossbucket-bookmarks';
export const BOOKMARKS_VERSION = 1;
/** More would not fit a sidebar anyone can use; the limit keeps a hostile import small. */
export const MAX_BOOKMARKS = 1000;

export interface RejectedEntry {
  readonly name: string;
  readonly reason: string;
}

export type ReadDocument =
  | {
      readonly ok: true;
      readonly bookmarks: readonly Bookmark[];
      readonly rejected: readonly RejectedEntry[];
    }
  | { readonly ok: false; readonly reason: string };

export function renderDocument(bookmarks: readonly Bookmark[]): string {
  return `${JSON.stringify({ format: BOOKMARKS_FORMAT, version: BOOKMARKS_VERSION, bookmarks }, null, 2)}\n`;
}

const nameOf = (entry: unknown, index: number): string => {
  const name = (entry as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.trim() !== '' ? name.slice(0, 120) : `entry ${index + 1}`;
};

/** Entries from a parsed document: the envelope, or (for imports) a bare array of bookmarks. */
export function readDocument(text: string): ReadDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'it is not valid JSON' };
  }
  let entries: unknown;
  if (Array.isArray(json)) {
    entries = json;
  } else if (typeof json === 'object' && json !== null) {
    const doc = json as { format?: unknown; version?: unknown; bookmarks?: unknown };
    if (doc.format !== BOOKMARKS_FORMAT)
      return { ok: false, reason: 'it is not a Crossbucket bookmarks file' };
    if (doc.version !== BOOKMARKS_VERSION) {
      return {
        ok: false,
        reason: `it has format version ${String(doc.version)}, which this version cannot read`,
      };
    }
    entries = doc.bookmarks;
  }
  if (!Array.isArray(entries)) return { ok: false, reason: 'it holds no list of bookmarks' };
  if (entries.length > MAX_BOOKMARKS) {
    return { ok: false, reason: `it holds ${entries.length} bookmarks; at most ${MAX_BOOKMARKS} are kept` };
  }
  const bookmarks: Bookmark[] = [];
  const rejected: RejectedEntry[] = [];
  const names = new Set<string>();
  entries.forEach((entry, index) => {
    const parsed = bookmarkSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      rejected.push({ name: nameOf(entry, index), reason: `${where}${issue?.message ?? 'not a bookmark'}` });
      return;
    }
    const folded = parsed.data.name.toLowerCase();
    if (names.has(folded)) {
      rejected.push({ name: parsed.data.name, reason: 'a bookmark earlier in the file has the same name' });
      return;
    }
    names.add(folded);
    bookmarks.push(parsed.data as Bookmark);
  });
  return { ok: true, bookmarks, rejected };
}
