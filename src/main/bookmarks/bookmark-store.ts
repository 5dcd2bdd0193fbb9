import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppFailure } from '../../shared/errors/app-error';
import type {
  Bookmark,
  BookmarkExportSummary,
  BookmarkImportSummary,
  BookmarkSession,
  BookmarksSnapshot,
} from '../../shared/models/bookmark';
import type { AppError } from '../../shared/models/errors';
import type { EventSink } from '../events/event-sink';
import { MAX_BOOKMARKS, type RejectedEntry, readDocument, renderDocument } from './bookmark-file';

export const BOOKMARKS_FILE = 'bookmarks.json';

export interface NewBookmark {
  readonly name: string;
  readonly session: BookmarkSession;
  readonly bucket: string;
  readonly prefix: string;
  readonly key?: string;
}

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';

const listed = (rejected: readonly RejectedEntry[]): string[] =>
  rejected.map((r) => `${r.name}: ${r.reason}`);

/**
 * Named locations, kept in the app's data folder (never a secret: a profile name or a role
 * switch, a bucket and a prefix). Every change is written whole to a temporary file and
 * renamed over the old one, so a crash never leaves half a file. A file that cannot be read
 * is moved aside and reported, never overwritten.
 */
export class BookmarkStore {
  readonly #dir: string;
  readonly #file: string;
  readonly #sink: EventSink;
  #bookmarks: readonly Bookmark[] = [];
  #error: AppError | undefined;
  /** Set when the unreadable file could not even be moved aside: saving would destroy it. */
  #readOnly = false;
  #loaded: Promise<void> | undefined;
  /** Changes run one after another, so two quick edits cannot overwrite each other. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string, sink: EventSink) {
    this.#dir = dataDir;
    this.#file = join(dataDir, BOOKMARKS_FILE);
    this.#sink = sink;
  }

  async snapshot(): Promise<BookmarksSnapshot> {
    await this.#load();
    return this.#snapshot();
  }

  add(input: NewBookmark): Promise<Bookmark> {
    const bookmark: Bookmark = { id: randomUUID(), ...input };
    return this.#change((list) => {
      if (list.length >= MAX_BOOKMARKS) {
        throw new AppFailure(
          'validation',
          `You have ${MAX_BOOKMARKS} bookmarks, the most Crossbucket keeps.`,
          {
            hints: ['Delete some you no longer use, or export them and start a new list.'],
          },
        );
      }
      this.#assertFreeName(list, bookmark.name);
      return [...list, bookmark];
    }).then(() => bookmark);
  }

  rename(id: string, name: string): Promise<BookmarksSnapshot> {
    return this.#change((list) => {
      this.#indexOf(list, id);
      this.#assertFreeName(list, name, id);
      return list.map((b) => (b.id === id ? { ...b, name } : b));
    });
  }

  move(id: string, toIndex: number): Promise<BookmarksSnapshot> {
    return this.#change((list) => {
      const from = this.#indexOf(list, id);
      const next = [...list];
      const [moved] = next.splice(from, 1);
      next.splice(Math.min(toIndex, next.length), 0, moved as Bookmark);
      return next;
    });
  }

  remove(id: string): Promise<BookmarksSnapshot> {
    return this.#change((list) => {
      this.#indexOf(list, id);
      return list.filter((b) => b.id !== id);
    });
  }

  /** Writes the list to a file main's own save dialog returned. */
  async exportTo(path: string | null): Promise<BookmarkExportSummary> {
    await this.#load();
    if (path === null) return { path: null, count: 0 };
    await writeFile(path, renderDocument(this.#bookmarks), 'utf8');
    return { path, count: this.#bookmarks.length };
  }

  /**
   * Adds the bookmarks of a file main's own open dialog returned. Each gets a new id; one
   * whose name is taken, or that is not a valid bookmark, is skipped and named in the summary.
   */
  async importFrom(path: string | null): Promise<BookmarkImportSummary> {
    if (path === null) return { path: null, added: 0, skipped: [] };
    const text = await readFile(path, 'utf8').catch((err: unknown) => {
      throw new AppFailure('config-unreadable', `Could not read ${path}.`, {
        details: { file: path, reason: (err as Error).message },
      });
    });
    const doc = readDocument(text);
    if (!doc.ok) {
      throw new AppFailure('validation', `${path} was not imported: ${doc.reason}.`, {
        details: { file: path },
      });
    }
    let added = 0;
    const skipped = listed(doc.rejected);
    await this.#change((list) => {
      const next = [...list];
      const taken = new Set(list.map((b) => b.name.toLowerCase()));
      for (const bookmark of doc.bookmarks) {
        if (taken.has(bookmark.name.toLowerCase())) {
          skipped.push(`${bookmark.name}: a bookmark with this name exists`);
        } else if (next.length >= MAX_BOOKMARKS) {
          skipped.push(`${bookmark.name}: the list is full (${MAX_BOOKMARKS})`);
        } else {
          next.push({ ...bookmark, id: randomUUID() });
          taken.add(bookmark.name.toLowerCase());
          added++;
        }
      }
      return next;
    });
    return { path, added, skipped };
  }

  #snapshot(): BookmarksSnapshot {
    return this.#error ? { bookmarks: this.#bookmarks, error: this.#error } : { bookmarks: this.#bookmarks };
  }

  #indexOf(list: readonly Bookmark[], id: string): number {
    const index = list.findIndex((b) => b.id === id);
    if (index === -1)
      throw new AppFailure('not-found', 'That bookmark no longer exists.', { details: { id } });
    return index;
  }

  #assertFreeName(list: readonly Bookmark[], name: string, except?: string): void {
    const folded = name.toLowerCase();
    if (list.some((b) => b.id !== except && b.name.toLowerCase() === folded)) {
      throw new AppFailure('conflict', `A bookmark named “${name}” already exists.`, {
        hints: ['Links and the address bar open bookmarks by name, so each name is used once.'],
      });
    }
  }

  #change(edit: (list: readonly Bookmark[]) => readonly Bookmark[]): Promise<BookmarksSnapshot> {
    const next = this.#queue.then(async () => {
      await this.#load();
      if (this.#readOnly) {
        throw new AppFailure(
          'config-unreadable',
          'Bookmarks cannot be changed until their file is readable.',
          {
            details: { file: this.#file },
            hints: this.#error?.hints,
          },
        );
      }
      const list = edit(this.#bookmarks);
      await this.#save(list);
      const snapshot = this.#snapshot();
      this.#sink.emit('bookmarksChanged', snapshot);
      return snapshot;
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #load(): Promise<void> {
    this.#loaded ??= this.#read();
    return this.#loaded;
  }

  async #read(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (err) {
      if (isMissing(err)) return;
      this.#readOnly = true;
      this.#error = {
        code: 'config-unreadable',
        message: `Your bookmarks could not be read: ${(err as Error).message}`,
        details: { file: this.#file },
        hints: ['Check the file’s permissions, then restart Crossbucket.'],
      };
      return;
    }
    const doc = readDocument(text);
    if (doc.ok && doc.rejected.length === 0) {
      this.#bookmarks = doc.bookmarks;
      return;
    }
    // Keep the original as it is before anything is written over it.
    const aside = join(
      this.#dir,
      `bookmarks.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    try {
      await rename(this.#file, aside);
    } catch {
      this.#readOnly = true;
    }
    const kept = this.#readOnly ? this.#file : aside;
    if (doc.ok) {
      this.#bookmarks = doc.bookmarks;
      this.#error = {
        code: 'config-unreadable',
        message: `${doc.rejected.length} of your bookmarks could not be read and are not listed. The original file was kept as ${kept}.`,
        details: { file: kept },
        hints: listed(doc.rejected).slice(0, 5),
      };
    } else {
      this.#error = {
        code: 'config-unreadable',
        message: `Your bookmarks file could not be read (${doc.reason}). It was kept as ${kept}.`,
        details: { file: kept },
        hints: ['Fix the file and import it (Bookmarks ⋯ → Import…), or start a new list.'],
      };
    }
  }

  async #save(list: readonly Bookmark[]): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    // Write then rename, so a crash mid-write never leaves a half file behind.
    const temp = `${this.#file}.${process.pid}.tmp`;
    await writeFile(temp, renderDocument(list), { encoding: 'utf8', mode: 0o600 });
    await rename(temp, this.#file);
    this.#bookmarks = list;
  }
}
