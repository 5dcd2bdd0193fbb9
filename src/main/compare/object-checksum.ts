import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { ChecksumAlgorithm } from '../../shared/models/compare';
import { systemClock } from '../../shared/transfers/clock';
import { isExpired, withRetry } from '../../shared/transfers/retry';
import { type ObjectChecksum, readHead } from './checksum-verdict';

/** Part sizes are compared only up to this many parts a side (one HEAD each); more stays undecided. */
export const MAX_LAYOUT_PARTS = 100;

/** One S3 side of a compare, as its HEADs need it. */
export interface ObjectPlace {
  readonly client: () => Promise<S3Client>;
  readonly bucket: string;
  readonly prefix: string;
  readonly expectedOwner?: string;
  readonly signal: AbortSignal;
  /** The session's credentials lapsed: resolves once renewed (the HEAD is sent again), rejects to give up. */
  readonly expired: () => Promise<void>;
}

type Read = (out: HeadObjectCommandOutput) => string | undefined;
const checksumIn: Readonly<Record<ChecksumAlgorithm, Read>> = {
  CRC64NVME: (out) => out.ChecksumCRC64NVME,
  CRC32: (out) => out.ChecksumCRC32,
  CRC32C: (out) => out.ChecksumCRC32C,
  SHA1: (out) => out.ChecksumSHA1,
  SHA256: (out) => out.ChecksumSHA256,
};

async function head(place: ObjectPlace, key: string, extra: { IfMatch?: string; PartNumber?: number }) {
  const { bucket, prefix, signal } = place;
  for (;;) {
    try {
      const client = await place.client();
      return await withRetry(
        () =>
          client.send(
            new HeadObjectCommand({
              Bucket: bucket,
              Key: prefix + key,
              ChecksumMode: 'ENABLED',
              ExpectedBucketOwner: place.expectedOwner,
              ...extra,
            }),
            { abortSignal: signal },
          ),
        { clock: systemClock, signal },
      );
    } catch (err) {
      if (!isExpired(err) || signal.aborted) throw err;
      await place.expired();
    }
  }
}

/**
 * The object's checksum of the algorithm its listing named, or undefined when HEAD gives none.
 * Asked with the listed ETag as `If-Match`: an object replaced since the listing fails (412)
 * rather than being judged by its new bytes.
 */
export async function objectChecksum(
  place: ObjectPlace,
  key: string,
  algorithm: ChecksumAlgorithm,
  etag: string | undefined,
): Promise<ObjectChecksum | undefined> {
  const out = await head(place, key, etag === undefined ? {} : { IfMatch: `"${etag}"` });
  const value = checksumIn[algorithm](out);
  if (value === undefined) return undefined;
  const type =
    out.ChecksumType === 'FULL_OBJECT' || out.ChecksumType === 'COMPOSITE' ? out.ChecksumType : undefined;
  return readHead({ algorithm, value, ...(type && { type }), ...(etag !== undefined && { etag }) });
}

/** The size of each part a multipart object was uploaded in (HEAD `?partNumber=n`), in order. */
export async function partSizes(place: ObjectPlace, key: string, parts: number): Promise<number[]> {
  const sizes: number[] = [];
  for (let n = 1; n <= parts; n++) sizes.push((await head(place, key, { PartNumber: n })).ContentLength ?? 0);
  return sizes;
}
