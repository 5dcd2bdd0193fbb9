import type { Readable } from 'node:stream';
import { countingStream } from './byte-ranges';

/**
 * Sends `source` as a request body, showing each chunk to `onChunk` (progress, hashing). If the
 * source fails mid-way (a file read error, a GET from another bucket cut short) the request is
 * aborted at once and rejects with the source's error. The SDK pipes request bodies without
 * listening for their errors: a failing body would leave the request waiting for bytes that never
 * come or, once the SDK has wrapped it for aws-chunked checksums, surface as an unhandled 'error'
 * that takes the whole process down.
 */
export async function sendStreamed<T>(
  source: Readable,
  onChunk: (chunk: Buffer) => void,
  signal: AbortSignal,
  send: (body: Readable, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const request = new AbortController();
  const onAbort = (): void => request.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  let failure: { readonly error: unknown } | undefined;
  const body = countingStream(onChunk);
  source.on('error', (error) => {
    failure ??= { error };
    request.abort(error);
    // Ended without an error: whatever the SDK put between this body and the socket must not get one.
    body.destroy();
  });
  source.pipe(body);
  try {
    return await send(body, request.signal);
  } catch (err) {
    throw failure ? failure.error : err;
  } finally {
    signal.removeEventListener('abort', onAbort);
    // A request that failed on its own leaves its source half read: close it (a GET holds a socket).
    if (!source.readableEnded) source.destroy();
  }
}
