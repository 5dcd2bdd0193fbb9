import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CompareRow } from '../../shared/models/compare';

/** Rows are written in chunks about this big: one write per row would cost a syscall each. */
const CHUNK_CHARS = 64 * 1024;

/** The folder under main's data folder that holds running compares' rows; emptied at start and quit. */
export const spillFolder = (dataDir: string): string => join(dataDir, 'compare-rows');

/** Empties the folder of rows a previous run left behind (a crash, a kill). */
export async function clearSpillFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}

/**
 * The rows of one compare that a sync would act on, kept in a file (one JSON row a line, in key
 * order) instead of memory: with a million differences a side they would take about half a GiB
 * of heap. Rows hold what the listings said (keys, sizes, ETags, dates, storage classes), never a
 * credential. Rows a deep check settled since are kept beside it, in memory: a user checks a
 * handful, not a million.
 */
export class RowSpill {
  readonly path: string;
  readonly #out: WriteStream;
  readonly #settled = new Map<string, CompareRow>();
  #chunk = '';

  private constructor(path: string, out: WriteStream) {
    this.path = path;
    this.#out = out;
  }

  static async create(folder: string, name: string): Promise<RowSpill> {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const path = join(folder, `${name}.ndjson`);
    const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    await once(out, 'open');
    return new RowSpill(path, out);
  }

  /** Resolves once the row may be followed by the next: waits when the disk falls behind. */
  async append(row: CompareRow): Promise<void> {
    this.#chunk += `${JSON.stringify(row)}\n`;
    if (this.#chunk.length >= CHUNK_CHARS) await this.flush();
  }

  /** Writes what is still buffered: called once the listings end, so the file is whole. */
  async flush(): Promise<void> {
    if (this.#chunk === '' || this.#out.writableEnded) return;
    const chunk = this.#chunk;
    this.#chunk = '';
    await new Promise<void>((resolve, reject) =>
      this.#out.write(chunk, (err) => (err ? reject(err) : resolve())),
    );
  }

  /** A deep check's verdict replaces the row when read back (a `same` one is dropped). */
  settle(row: CompareRow): void {
    this.#settled.set(row.key, row);
  }

  /** The rows with these keys as they stand now (one a deep check found the same is gone). */
  async find(keys: ReadonlySet<string>): Promise<CompareRow[]> {
    const found: CompareRow[] = [];
    for await (const row of this.rows()) if (keys.has(row.key)) found.push(row);
    return found;
  }

  /** Every row written so far, in key order, as settled since: streamed, never held at once. */
  async *rows(): AsyncGenerator<CompareRow> {
    await this.flush();
    const lines = createInterface({
      input: createReadStream(this.path, 'utf8'),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) {
      if (line === '') continue;
      const written = JSON.parse(line) as CompareRow;
      const row = this.#settled.get(written.key) ?? written;
      if (row.status !== 'same') yield row;
    }
  }

  /** Closes and deletes the file; safe to call twice. */
  async remove(): Promise<void> {
    this.#chunk = '';
    if (!this.#out.writableEnded) {
      this.#out.end();
      await once(this.#out, 'close').catch(() => undefined);
    }
    await rm(this.path, { force: true });
  }
}
