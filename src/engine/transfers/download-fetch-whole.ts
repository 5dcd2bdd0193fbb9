import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type RetryOptions, withRetry } from '../../shared/transfers/retry';
import { countingStream } from './byte-ranges';
import { factsOf, IntegrityError, type ObjectIdentity } from './integrity';
import type { PartProgress } from './part-progress';
import { MiB } from './task';

/** An object version as a download names it. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

/** What a fetch reports its bytes to, and how its requests are retried. */
export interface FetchIo {
  readonly progress: PartProgress;
  readonly retry: RetryOptions;
}

/** Bodies up to this size are gathered in memory and written with one call. */
const WRITTEN_AT_ONCE_MAX = MiB;

/** The bytes that arrived are not as many as S3 said: fetched again (a transient error). */
export function checkSize(key: string, written: number, size: number): void {
  if (written !== size)
    throw new IntegrityError(`The download of ${key} is ${written} bytes; S3 said ${size}.`);
}

/**
 * One plain GET of the whole object into `temp`, retried through passing faults (and bodies of
 * the wrong length); resolves to the object as the GET described it and the MD5 (hex) of the
 * bytes written. Whether those are the object's bytes is the caller's to judge (download-verdict.ts).
 * `ifMatch`: the ETag a HEAD just saw, so an object replaced in between is not mixed up.
 */
export function fetchWhole(
  client: S3Client,
  ref: ObjectRef,
  temp: string,
  io: FetchIo,
  ifMatch?: string,
): Promise<{ readonly object: ObjectIdentity; readonly md5: string }> {
  const { bucket, key, versionId } = ref;
  return withRetry(async () => {
    io.progress.reset();
    const got = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId, IfMatch: ifMatch }),
      { abortSignal: io.retry.signal },
    );
    const object: ObjectIdentity = { size: got.ContentLength ?? 0, ...factsOf(got) };
    const { md5, written } = await writeBody(got.Body as Readable | undefined, temp, object.size, io);
    checkSize(key, written, object.size);
    return { object, md5 };
  }, io.retry);
}

/**
 * Writes a whole-object body to `temp`; resolves to the MD5 (hex) of what was written and its
 * length. Small bodies are gathered and written at once: a stream pipeline per 4 KiB file cost
 * more than the file's own request.
 */
async function writeBody(
  body: Readable | undefined,
  temp: string,
  size: number,
  io: FetchIo,
): Promise<{ readonly md5: string; readonly written: number }> {
  if (!body) throw new Error('GetObject returned no body');
  const md5 = createHash('md5');
  let written = 0;
  const seen = (chunk: Buffer): void => {
    md5.update(chunk);
    written += chunk.length;
    io.progress.add(1, chunk.length);
  };
  const signal = io.retry.signal;
  try {
    if (size <= WRITTEN_AT_ONCE_MAX) {
      const chunks: Buffer[] = [];
      for await (const chunk of body as AsyncIterable<Buffer>) {
        seen(chunk);
        // Also bounds the memory held: a body is never gathered past the size S3 announced.
        if (written > size) throw new IntegrityError('S3 sent more bytes than the object has');
        chunks.push(chunk);
      }
      await writeFile(temp, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), { signal });
    } else await pipeline(body, countingStream(seen), createWriteStream(temp), { signal });
  } catch (err) {
    io.progress.reset();
    throw err;
  }
  return { md5: md5.digest('hex'), written };
}
