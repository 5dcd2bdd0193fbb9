import { createGunzip, type Gunzip } from 'node:zlib';

/** An S3 GetObject body in Node: a readable stream of Uint8Array chunks. */
export type BodyStream = AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => void };

/**
 * Reads at most `limit` bytes and stops reading there: the rest of the body is never pulled
 * off the socket, and destroying the stream ends the request.
 */
export async function readCapped(body: BodyStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const room = limit - size;
      const piece = Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.byteLength, room));
      chunks.push(piece);
      size += piece.length;
      if (size >= limit) break;
    }
  } finally {
    body.destroy?.();
  }
  return Buffer.concat(chunks, size);
}

const drainedOrClosed = (stream: Gunzip): Promise<void> =>
  new Promise((done) => {
    const finish = (): void => {
      stream.off('drain', finish);
      stream.off('close', finish);
      done();
    };
    stream.on('drain', finish);
    stream.on('close', finish);
  });

export interface Gunzipped {
  /** Decompressed bytes from `skip` on, at most `take` of them. */
  readonly bytes: Buffer;
  /** The decompressed stream went on past what was taken. */
  readonly more: boolean;
}

/**
 * Decompresses a gzip body (several members, as log shippers write, included) and keeps the
 * decompressed bytes from `skip` to `skip + take`. Decompression stops as soon as those are
 * in hand, so a small object that inflates to gigabytes (a "zip bomb") costs no more than
 * the cap. A body cut short (the object changed, the connection dropped) yields what came.
 */
export async function gunzipSlice(body: BodyStream, skip: number, take: number): Promise<Gunzipped> {
  const gunzip = createGunzip();
  const chunks: Buffer[] = [];
  // One byte past the slice tells whether there is more, without a second pass.
  const want = take + 1;
  let seen = 0;
  let kept = 0;
  const pump = (async () => {
    try {
      for await (const chunk of body) {
        if (gunzip.destroyed) break;
        // Backpressure: wait until the reader wants more, or has stopped reading altogether.
        if (!gunzip.write(chunk)) await drainedOrClosed(gunzip);
      }
      gunzip.end();
    } catch (err) {
      gunzip.destroy(err as Error);
    }
  })();
  try {
    for await (const out of gunzip as AsyncIterable<Buffer>) {
      const start = Math.max(0, skip - seen);
      seen += out.length;
      if (start >= out.length) continue;
      const piece = out.subarray(start, start + (want - kept));
      chunks.push(piece);
      kept += piece.length;
      if (kept >= want) break;
    }
  } catch (err) {
    // A truncated stream ends with "unexpected end of file": keep what was decompressed.
    if ((err as NodeJS.ErrnoException).code !== 'Z_BUF_ERROR') throw err;
  } finally {
    gunzip.destroy();
    body.destroy?.();
    await pump.catch(() => undefined);
  }
  const bytes = Buffer.concat(chunks, kept);
  return kept > take ? { bytes: bytes.subarray(0, take), more: true } : { bytes, more: false };
}
