import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CompareRow, CompareRowsPage, RowStatus } from '../../shared/models/compare';
import { RowBlocks } from './row-blocks';

/** Rows are written in chunks about this big: one write per row would cost a syscall each. */
const CHUNK_CHARS = 64 * 1024;

/** The folder under main's data folder that holds running compares' rows; emptied at start and quit. */
export const spillFolder = (dataDir: string): string => join(dataDir, 'compare-rows');

/** Empties the folder of rows a previous run left behind (a crash, a kill). */
export async function clearSpillFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}

/** Which rows the window shows: some statuses, keys holding `text` (any case), a slice of them. */
export interface RowQuery {
  readonly statuses: ReadonlySet<RowStatus>;
  readonly text: string;
  readonly offset: number;
  readonly limit: number;
}

const holding = (text: string) => {
  const lower = text.trim().toLowerCase();
  return (row: CompareRow): boolean => lower === '' || row.key.toLowerCase().includes(lower);
};

/**
 * Every row of one compare, kept in a file (one JSON row a line, in key order) instead of memory:
 * with a million keys a side they would take about half a GiB of heap. The file is the compare's
 * whole result: a sync reads the rows it acts on (`rows()`, never the `same` ones), the window
 * reads the slice it shows (`page`) through a sparse index (RowBlocks). Rows hold what the
 * listings said (keys, sizes, ETags, dates, storage classes), never a credential. Rows a deep
 * check settled since are kept beside it, in memory: a user checks a handful, not a million.
 */
export class RowSpill {
  readonly path: string;
  readonly #out: WriteStream;
  readonly #settled = new Map<string, CompareRow>();
  readonly #blocks = new RowBlocks();
  /** The index of the keys holding the last text the window filtered by, as far as it was read. */
  #holding: { readonly text: string; readonly blocks: RowBlocks; read: number } | undefined;
  #chunk = '';
  /** Bytes appended (buffered or not), and bytes the disk has: reads stop at the latter. */
  #bytes = 0;
  #onDisk = 0;
  /** Writes in the order they were asked, so a read after `flush` sees every row before it. */
  #writing = Promise.resolve();

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
    const line = `${JSON.stringify(row)}\n`;
    this.#blocks.add(row.status, this.#bytes, row.key);
    this.#bytes += Buffer.byteLength(line);
    this.#chunk += line;
    if (this.#chunk.length >= CHUNK_CHARS) await this.flush();
  }

  /** Writes what is still buffered: called once the listings end, and before every read. */
  flush(): Promise<void> {
    if (this.#chunk !== '' && !this.#out.writableEnded) {
      const chunk = this.#chunk;
      const upTo = this.#bytes;
      this.#chunk = '';
      this.#writing = this.#writing.then(
        () =>
          new Promise<void>((resolve, reject) =>
            this.#out.write(chunk, (err) => {
              if (err) return reject(err);
              this.#onDisk = upTo;
              resolve();
            }),
          ),
      );
    }
    return this.#writing;
  }

  /** A deep check's verdict replaces the row when read back (a `same` one is dropped from `rows()`). */
  settle(before: CompareRow, row: CompareRow): void {
    this.#blocks.move(row.key, (this.#settled.get(row.key) ?? before).status, row.status);
    this.#settled.set(row.key, row);
    // Cheaper to read the file again for the next text filter than to find the row in it.
    this.#holding = undefined;
  }

  /**
   * The `limit` rows from `offset` on among those the query lets through, in key order, and how
   * many it lets through in all. Reads one block of the file or a few, whatever the offset; a
   * text filter first reads what its index has not covered yet (the whole file once).
   */
  async page(query: RowQuery): Promise<CompareRowsPage> {
    await this.flush();
    const end = this.#onDisk;
    const holds = holding(query.text);
    const blocks = query.text.trim() === '' ? this.#blocks : await this.#holdingIndex(query.text, end);
    const { total, block, skip } = blocks.locate(query.statuses, query.offset);
    const rows: CompareRow[] = [];
    if (block === undefined || query.limit === 0) return { rows, total };
    let skipping = skip;
    for await (const { row } of this.#read(blocks.start(block), end)) {
      if (!query.statuses.has(row.status) || !holds(row)) continue;
      if (skipping > 0) skipping--;
      else if (rows.push(row) >= query.limit) break;
    }
    return { rows, total };
  }

  /** The index of the rows whose keys hold `text`, brought up to byte `end`. */
  async #holdingIndex(text: string, end: number): Promise<RowBlocks> {
    if (this.#holding?.text !== text) this.#holding = { text, blocks: new RowBlocks(), read: 0 };
    const index = this.#holding;
    const holds = holding(text);
    for await (const { row, at, next } of this.#read(index.read, end)) {
      if (holds(row)) index.blocks.add(row.status, at, row.key);
      index.read = next;
    }
    return index.blocks;
  }

  /** The rows from byte `from` to `end`, as settled since, each with where it starts and ends. */
  async *#read(from: number, end: number): AsyncGenerator<{ row: CompareRow; at: number; next: number }> {
    if (from >= end) return;
    const input = createReadStream(this.path, { encoding: 'utf8', start: from, end: end - 1 });
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    let at = from;
    try {
      for await (const line of lines) {
        const next = at + Buffer.byteLength(line) + 1;
        if (line !== '') {
          const written = JSON.parse(line) as CompareRow;
          yield { row: this.#settled.get(written.key) ?? written, at, next };
        }
        at = next;
      }
    } finally {
      lines.close();
      input.destroy();
    }
  }

  /** The rows with these keys as they stand now (one a deep check found the same is gone). */
  async find(keys: ReadonlySet<string>): Promise<CompareRow[]> {
    const found: CompareRow[] = [];
    for await (const row of this.rows()) if (keys.has(row.key)) found.push(row);
    return found;
  }

  /** Every row a sync acts on (not `same`) written so far, in key order, as settled since: streamed, never held at once. */
  async *rows(): AsyncGenerator<CompareRow> {
    await this.flush();
    for await (const { row } of this.#read(0, this.#onDisk)) if (row.status !== 'same') yield row;
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
