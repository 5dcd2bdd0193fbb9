import type { FileHandle } from 'node:fs/promises';
import { MiB } from './task';

/** About a MiB per write: 16 socket chunks of 64 KiB become one `pwritev` instead of 16 `pwrite`s. */
const BATCH_BYTES = MiB;

/**
 * Writes a stream of chunks to consecutive offsets of a file, gathering them into one
 * positioned `writev` per ~MiB. Each write is a trip through libuv's thread pool (a system
 * call plus two thread hand-offs); per 64 KiB socket chunk that was a fifth of a ranged
 * download's CPU. Chunks are written as they came, not copied into a bigger buffer: copying
 * cost more (fresh pages, more full GCs) than the hand-offs it saved.
 */
export class BatchedWriter {
  #position: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(
    private readonly handle: FileHandle,
    start: number,
  ) {
    this.#position = start;
  }

  /** Offset of the next byte to be pushed. */
  get position(): number {
    return this.#position + this.#pendingBytes;
  }

  /** Takes a chunk; resolves at once unless a batch is full and was written. */
  async push(chunk: Buffer): Promise<void> {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    if (this.#pendingBytes >= BATCH_BYTES) await this.flush();
  }

  /** Writes whatever is gathered; called at the end of the stream, and only then is it all on disk. */
  async flush(): Promise<void> {
    let buffers = this.#pending;
    let bytes = this.#pendingBytes;
    this.#pending = [];
    this.#pendingBytes = 0;
    let position = this.#position;
    this.#position += bytes;
    // writev may write less than asked (as write may); the rest is written from where it stopped.
    while (bytes > 0) {
      const { bytesWritten } = await this.handle.writev(buffers, position);
      position += bytesWritten;
      bytes -= bytesWritten;
      if (bytes > 0) buffers = remainderOf(buffers, bytesWritten);
    }
  }
}

function remainderOf(buffers: readonly Buffer[], skip: number): Buffer[] {
  const rest: Buffer[] = [];
  let left = skip;
  for (const buffer of buffers) {
    if (left >= buffer.length) left -= buffer.length;
    else {
      rest.push(left > 0 ? buffer.subarray(left) : buffer);
      left = 0;
    }
  }
  return rest;
}
