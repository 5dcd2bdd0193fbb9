import { HeadObjectCommand, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import type { ChecksumAlgorithm } from '../../shared/models/compare';
import { type ObjectChecksum, readHead } from './checksum-verdict';
import { parkedSend } from './parked-send';
import type { S3SourceOptions } from './s3-source';

/** Part sizes are compared only up to this many parts a side (one HEAD each); more stays undecided. */
export const MAX_LAYOUT_PARTS = 100;

/** One S3 side of a compare: its HEADs go where its listing went, and wait for a renewal alike. */
export type ObjectPlace = S3SourceOptions;

type Read = (out: HeadObjectCommandOutput) => string | undefined;
const checksumIn: Readonly<Record<ChecksumAlgorithm, Read>> = {
  CRC64NVME: (out) => out.ChecksumCRC64NVME,
  CRC32: (out) => out.ChecksumCRC32,
  CRC32C: (out) => out.ChecksumCRC32C,
  SHA1: (out) => out.ChecksumSHA1,
  SHA256: (out) => out.ChecksumSHA256,
};

const head = (place: ObjectPlace, key: string, extra: { IfMatch?: string; PartNumber?: number }) =>
  parkedSend(place, (client) =>
    client.send(
      new HeadObjectCommand({
        Bucket: place.bucket,
        Key: place.prefix + key,
        ChecksumMode: 'ENABLED',
        ExpectedBucketOwner: place.expectedOwner,
        ...extra,
      }),
      { abortSignal: place.signal },
    ),
  );

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
