import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ChecksumAlgorithm } from '../../shared/models/compare';

/**
 * A local file's full-object checksum (base64, as S3 gives it), computed on a worker thread: a
 * CRC of a large file is seconds of CPU that would otherwise stall main's IPC with the window.
 * The CRCs are the AWS SDK's own (`@aws-sdk/checksums`, what it sends with every upload), found
 * from here and handed to the worker by path; the worker's code is inline for the same reason as
 * the engine's MD5 worker (one file for electron-vite, the bench and vitest alike).
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const crc = require(workerData.crcModule);
const make = {
  CRC32: () => new crc.Crc32(),
  CRC32C: () => new crc.Crc32c(),
  CRC64NVME: () => new crc.Crc64Nvme(),
  SHA1: () => { const h = createHash('sha1'); return { update: (b) => h.update(b), digest: async () => h.digest() }; },
  SHA256: () => { const h = createHash('sha256'); return { update: (b) => h.update(b), digest: async () => h.digest() }; },
};
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
parentPort.on('message', async ({ id, path, algorithm }) => {
  let fd;
  try {
    fd = openSync(path, 'r');
    const sum = make[algorithm]();
    for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) sum.update(buffer.subarray(0, read));
    parentPort.postMessage({ id, value: Buffer.from(await sum.digest()).toString('base64') });
  } catch (error) {
    parentPort.postMessage({ id, error: (error && error.message) || String(error) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
`;

interface Reply {
  readonly id: number;
  readonly value?: string;
  readonly error?: string;
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (value: string) => void; reject: (error: Error) => void }>();

function started(): Worker {
  if (worker) return worker;
  const crcModule = createRequire(import.meta.url).resolve('@aws-sdk/checksums/crc');
  const w = new Worker(SOURCE, { eval: true, workerData: { crcModule } });
  w.on('message', ({ id, value, error }: Reply) => {
    const job = pending.get(id);
    pending.delete(id);
    // Held only while checksums are owed, so an idle worker never keeps the process alive.
    if (pending.size === 0) w.unref();
    if (error !== undefined || value === undefined) job?.reject(new Error(error ?? 'no checksum'));
    else job?.resolve(value);
  });
  // A dead worker fails what it owed; the next call starts another.
  const lost = (error: Error): void => {
    if (worker === w) worker = undefined;
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  w.on('error', lost);
  w.on('exit', (code) => lost(new Error(`The checksum thread stopped (exit code ${code}).`)));
  worker = w;
  return w;
}

/** The checksum S3 would keep of the file's bytes uploaded in one piece. */
export function checksumOfFile(path: string, algorithm: ChecksumAlgorithm): Promise<string> {
  const w = started();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, path, algorithm });
  });
}
