import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const JOURNAL_FILE = 'transfer-journal.json';
/** Larger than any journal the queue writes (about 300 bytes an item): such a file is not one of ours. */
export const JOURNAL_MAX_BYTES = 256 * 1024 * 1024;

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';

export type JournalText =
  | { readonly kind: 'missing' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'unreadable'; readonly reason: string };

/**
 * The journal on disk, in the app's data folder (the transfer journal by default; the sync
 * reports use the same durable file under their own name). Every write replaces the whole file the way
 * databases do it: the new text goes to a temporary file, which is flushed to the disk (fsync)
 * before it is renamed over the old one, and the folder is flushed so the rename itself
 * survives a power cut. A crash at any point leaves the old journal or the new one, never half
 * of either. The file is readable by its owner only (0600).
 */
export class JournalFile {
  readonly path: string;
  readonly #dir: string;
  readonly #temp: string;

  readonly #stem: string;

  constructor(dataDir: string, name = JOURNAL_FILE) {
    this.#dir = dataDir;
    this.#stem = name.replace(/\.json$/, '');
    this.path = join(dataDir, name);
    this.#temp = `${this.path}.tmp`;
  }

  /**
   * Reads the journal. A temporary file beside it is a write a crash cut off before its rename:
   * the journal itself is what was last committed, so the copy is removed unread (it holds
   * bucket names, keys and paths, and nothing else ever would remove it).
   */
  async read(): Promise<JournalText> {
    await rm(this.#temp, { force: true }).catch(() => undefined);
    try {
      const { size } = await stat(this.path);
      if (size > JOURNAL_MAX_BYTES) return { kind: 'unreadable', reason: `it is ${size} bytes long` };
      return { kind: 'text', text: await readFile(this.path, 'utf8') };
    } catch (err) {
      if (isMissing(err)) return { kind: 'missing' };
      return { kind: 'unreadable', reason: (err as Error).message };
    }
  }

  /** Moves an unreadable journal aside (never deletes it); returns where it went, or undefined. */
  async keepAside(now: Date): Promise<string | undefined> {
    const aside = join(this.#dir, `${this.#stem}.unreadable-${now.toISOString().replace(/[:.]/g, '-')}.json`);
    try {
      await rename(this.path, aside);
      return aside;
    } catch {
      return undefined;
    }
  }

  async write(text: string): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    // A temporary file a crash left behind may have been made otherwise: start it afresh, 0600.
    await rm(this.#temp, { force: true });
    const file = await open(this.#temp, 'w', 0o600);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(this.#temp, this.path);
    await this.#syncDir();
  }

  /** Nothing is left to resume: no file at all, rather than an empty one, and no stale copy. */
  async remove(): Promise<void> {
    await rm(this.path, { force: true });
    await rm(this.#temp, { force: true });
    await this.#syncDir();
  }

  async #syncDir(): Promise<void> {
    // Windows cannot open a folder to flush it; there the rename is as durable as NTFS makes it.
    if (process.platform === 'win32') return;
    const dir = await open(this.#dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
