import { Worker } from 'node:worker_threads';

/**
 * MD5 of byte ranges of a file, computed on a worker thread. Verifying a download against its ETag
 * hashes every byte (about 1.6 s of CPU per GiB): on the main process's event loop that time was a
 * third of a large download's CPU and stalled IPC with the window while it ran (bench/TARGETS.md).
 * The worker reads the bytes back from the file, so what is checked is what was written; they are
 * still in the page cache, so the read costs a copy, not a disk access.
 *
 * The worker's code is inline rather than a file of its own: the main bundle (electron-vite), the
 * bench runners (esbuild) and the tests (vitest) would each need the worker file placed and found.
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(1024 * 1024);
parentPort.on('message', ({ id, path, ranges }) => {
  let fd;
  try {
    fd = openSync(path, 'r');
    const digests = ranges.map(({ start, end }) => {
      const hash = createHash('md5');
      for (let at = start; at <= end; ) {
        const read = readSync(fd, buffer, 0, Math.min(buffer.length, end + 1 - at), at);
        if (read === 0) break;
        hash.update(buffer.subarray(0, read));
        at += read;
      }
      return hash.digest();
    });
    parentPort.postMessage({ id, digests });
  } catch (error) {
    parentPort.postMessage({ id, error: (error && error.message) || String(error) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
`;

interface Reply {
  readonly id: number;
  readonly digests?: readonly Uint8Array[];
  readonly error?: string;
}

interface Pending {
  readonly resolve: (digests: Buffer[]) => void;
  readonly reject: (error: Error) => void;
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

/** Held only while hashes are owed, so an idle worker never keeps the process alive. */
function holdWhileBusy(w: Worker): void {
  if (pending.size > 0) w.ref();
  else w.unref();
}

function failAll(error: Error): void {
  for (const job of pending.values()) job.reject(error);
  pending.clear();
}

function started(): Worker {
  if (worker) return worker;
  const w = new Worker(SOURCE, { eval: true });
  w.on('message', (reply: Reply) => {
    const job = pending.get(reply.id);
    pending.delete(reply.id);
    holdWhileBusy(w);
    if (!job) return;
    if (reply.error !== undefined) job.reject(new Error(reply.error));
    else job.resolve((reply.digests ?? []).map((d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength)));
  });
  // A dead worker fails what it owed; the next call starts another.
  const lost = (error: Error): void => {
    if (worker === w) worker = undefined;
    failAll(error);
  };
  w.on('error', lost);
  w.on('exit', (code) => lost(new Error(`The hashing thread stopped (exit code ${code}).`)));
  worker = w;
  return w;
}

/** The MD5 digest of each inclusive byte range of the file at `path`, in order. */
export function md5OfRanges(
  path: string,
  ranges: readonly { readonly start: number; readonly end: number }[],
): Promise<Buffer[]> {
  if (ranges.length === 0) return Promise.resolve([]);
  const w = started();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    holdWhileBusy(w);
    w.postMessage({ id, path, ranges: ranges.map(({ start, end }) => ({ start, end })) });
  });
}
