import { type FileHandle, open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type RetryOptions, withRetry } from '../../shared/transfers/retry';
import { BatchedWriter } from './batched-writer';
import { type ByteRange, forEachRange } from './byte-ranges';
import type { FetchIo, ObjectRef } from './download-fetch-whole';
import { alignedRanges, etagCheck, etagParts, type ObjectIdentity, PartDigests } from './integrity';

/** How a ranged download splits the object, fixed for the object's life (settings may change in between). */
export interface RangePlan {
  readonly ranges: readonly ByteRange[];
  /** The object's parts, as its ETag was computed over them; undefined when unknown. */
  readonly parts?: readonly ByteRange[];
  /** Undefined when the ETag cannot be checked (see integrity.ts). */
  readonly digests?: PartDigests;
}

export const planOf = (
  object: ObjectIdentity,
  ranges: readonly ByteRange[],
  parts?: readonly ByteRange[],
): RangePlan => {
  const check = etagCheck(object);
  if (check.kind === 'none' || !parts) return { ranges };
  return { ranges, parts, digests: new PartDigests(check, parts) };
};

/** Ranges aligned to the object's parts (as HEAD `?partNumber=` tells them), and the digests that check them. */
export async function planRanges(
  client: S3Client,
  object: ObjectRef & ObjectIdentity,
  partSize: number,
  retry: RetryOptions,
): Promise<RangePlan> {
  const parts = await etagParts(client, object, etagCheck(object), retry);
  return planOf(object, alignedRanges(object.size, partSize, parts), parts);
}

/** What a ranged fetch needs beyond the object: which ranges are on disk, and what to do as each lands. */
export interface RangedFetch extends FetchIo {
  /** Ranges already in the file, by number; each one fetched is added. */
  readonly done: Set<number>;
  readonly concurrency: number;
  /** A range was written in full and synced to disk: hashes the parts inside it (never throws). */
  hash(range: ByteRange): Promise<void>;
  /** A range joined `done`: the journal may say so. */
  checkpoint(): void;
}

/** Fetches the ranges of `ranges` not yet on disk into `temp`, each at its offset, in parallel. */
export async function fetchRanges(
  client: S3Client,
  ref: ObjectRef,
  object: ObjectIdentity,
  temp: string,
  ranges: readonly ByteRange[],
  fetch: RangedFetch,
): Promise<void> {
  const { bucket, key, versionId } = ref;
  fetch.progress.dropAll();
  const get = (range: ByteRange, rangeSignal: AbortSignal) =>
    client.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        VersionId: versionId,
        // IfMatch: a range from an object replaced mid-download would corrupt the file.
        IfMatch: object.etag,
        Range: `bytes=${range.start}-${range.end}`,
      }),
      { abortSignal: rangeSignal },
    );
  const handle = await open(temp, fetch.done.size > 0 ? 'r+' : 'w');
  try {
    await forEachRange(
      ranges.filter((r) => !fetch.done.has(r.number)),
      fetch.concurrency,
      fetch.retry.signal,
      (range, rangeSignal) =>
        withRetry(() => fetchRange(handle, range, get, rangeSignal, fetch), {
          ...fetch.retry,
          signal: rangeSignal,
        }),
    );
  } finally {
    await handle.close();
  }
}

async function fetchRange(
  handle: FileHandle,
  range: ByteRange,
  get: (range: ByteRange, signal: AbortSignal) => Promise<{ Body?: unknown }>,
  signal: AbortSignal,
  fetch: RangedFetch,
): Promise<void> {
  const { progress } = fetch;
  progress.drop(range.number);
  const body = (await get(range, signal)).Body as Readable | undefined;
  if (!body) throw new Error('GetObject returned no body');
  const writer = new BatchedWriter(handle, range.start);
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (writer.position + chunk.length > range.end + 1)
        throw new Error('S3 sent more bytes than the range asked for');
      await writer.push(chunk);
      progress.add(range.number, chunk.length);
    }
    await writer.flush();
    // On the disk before the journal can say so: a power cut must not leave a hole it calls done.
    await handle.datasync();
  } catch (err) {
    progress.drop(range.number);
    body.destroy();
    throw err;
  }
  if (writer.position !== range.end + 1) {
    progress.drop(range.number);
    throw Object.assign(new Error(`Range ${range.number} ended early`), {
      code: 'ERR_STREAM_PREMATURE_CLOSE',
    });
  }
  await fetch.hash(range);
  fetch.done.add(range.number);
  progress.commit(range.number, range.length);
  fetch.checkpoint();
}
