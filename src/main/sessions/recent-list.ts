import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppFailure } from '../../shared/errors/app-error';

export interface RecentListOptions<T> {
  readonly dataDir: string;
  readonly fileName: string;
  readonly max: number;
  /** Exactly a T, or undefined: anything else never reaches the disk (or the app from it). */
  readonly parse: (value: unknown) => T | undefined;
  /** Whether two entries are the same thing, so the newer one replaces the older. */
  readonly same: (a: T, b: T) => boolean;
  /** The words for an entry `remember` refused. */
  readonly invalidMessage: string;
}

/**
 * A short history in the app's data folder, newest first, one entry per thing. For things
 * that hold no secrets (role switches, Identity Center roles). A damaged file is replaced by
 * an empty list rather than reported; writes go to a new file renamed over the old one.
 */
export class RecentList<T> {
  readonly #options: RecentListOptions<T>;
  readonly #file: string;
  #items: readonly T[] | undefined;
  /** Changes run one after another, so two quick changes cannot overwrite each other. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: RecentListOptions<T>) {
    this.#options = options;
    this.#file = join(options.dataDir, options.fileName);
  }

  async list(): Promise<readonly T[]> {
    this.#items ??= await this.#load();
    return this.#items;
  }

  remember(item: T): Promise<readonly T[]> {
    return this.#change((items) => {
      const clean = this.#options.parse(item);
      if (!clean) throw new AppFailure('validation', this.#options.invalidMessage);
      return [clean, ...items.filter((i) => !this.#options.same(i, clean))].slice(0, this.#options.max);
    });
  }

  forget(index: number): Promise<readonly T[]> {
    return this.#change((items) => {
      if (!Number.isInteger(index) || index < 0 || index >= items.length) {
        throw new AppFailure('not-found', 'That entry is no longer in the list.', {
          details: { index: String(index) },
        });
      }
      return items.filter((_, i) => i !== index);
    });
  }

  #change(edit: (items: readonly T[]) => readonly T[]): Promise<readonly T[]> {
    const next = this.#queue.then(async () => this.#save(edit(await this.list())));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #load(): Promise<readonly T[]> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch {
      return [];
    }
    try {
      const data: unknown = JSON.parse(text);
      if (Array.isArray(data)) {
        return data
          .map(this.#options.parse)
          .filter((item): item is T => item !== undefined)
          .slice(0, this.#options.max);
      }
    } catch {
      // fall through: a damaged history is not worth an error dialog
    }
    // Rewrite now so the damaged file does not linger until the next change.
    return this.#save([]);
  }

  async #save(items: readonly T[]): Promise<readonly T[]> {
    await mkdir(this.#options.dataDir, { recursive: true });
    // Write then rename, so a crash mid-write never leaves a half file behind.
    const temp = `${this.#file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(items, null, 2)}\n`, 'utf8');
    await rename(temp, this.#file);
    this.#items = items;
    return items;
  }
}
