import { ListObjectsV2Command, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import {
  type ChecksumAlgorithm,
  type ChecksumType,
  checksumAlgorithms,
  type SideFacts,
} from '../../shared/models/compare';
import type { Listed } from './merge';
import { type ParkingSide, parkedSend } from './parked-send';

/** A page lost to a dropped connection or a 503 is asked for again; a lapsed session waits (`expired`). */
export interface S3SourceOptions extends ParkingSide {
  readonly bucket: string;
  /** '' or a prefix ending in '/'; keys come back relative to it. */
  readonly prefix: string;
  /** The bucket's account when it is not the caller's: sent as x-amz-expected-bucket-owner. */
  readonly expectedOwner?: string;
}

const unquote = (etag: string | undefined): string | undefined => etag?.replace(/^"|"$/g, '');

/** An algorithm this app can compare (S3 may add others; those rows stay as the ETags left them). */
const knownAlgorithm = (names: readonly string[] | undefined): ChecksumAlgorithm | undefined =>
  names?.find((n): n is ChecksumAlgorithm => (checksumAlgorithms as readonly string[]).includes(n));
const knownType = (type: string | undefined): ChecksumType | undefined =>
  type === 'FULL_OBJECT' || type === 'COMPOSITE' ? type : undefined;

/**
 * Every object under a prefix, in S3's key order (UTF-8 bytes), one page of 1,000 at a time.
 * A page lost to a dropped connection or a 503 is asked for again; only the page in hand is held.
 */
export async function* listS3(options: S3SourceOptions): AsyncGenerator<Listed<SideFacts>> {
  const { prefix, signal } = options;
  let next: Promise<ListObjectsV2CommandOutput> | undefined = fetchPage(options, undefined);
  while (next) {
    const page: ListObjectsV2CommandOutput = await next;
    const token = page.IsTruncated ? page.NextContinuationToken : undefined;
    // The next page is on its way while this one is merged: the wait for S3 overlaps the work.
    next = token && !signal.aborted ? fetchPage(options, token) : undefined;
    next?.catch(() => undefined);
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined || !object.Key.startsWith(prefix)) continue;
      const key = object.Key.slice(prefix.length);
      // The prefix's own folder marker is the location itself, not an object in it.
      if (key === '') continue;
      yield {
        key,
        facts: {
          size: object.Size ?? 0,
          ...(object.LastModified && { lastModified: object.LastModified.toISOString() }),
          ...(object.ETag && { etag: unquote(object.ETag) }),
          ...(object.StorageClass && { storageClass: object.StorageClass }),
          ...facts(object.ChecksumAlgorithm, object.ChecksumType),
        },
      };
    }
  }
}

function facts(
  names: readonly string[] | undefined,
  type: string | undefined,
): Pick<SideFacts, 'checksumAlgorithm' | 'checksumType'> {
  const checksumAlgorithm = knownAlgorithm(names);
  const checksumType = knownType(type);
  return { ...(checksumAlgorithm && { checksumAlgorithm }), ...(checksumType && { checksumType }) };
}

/** One page of the listing. */
function fetchPage(options: S3SourceOptions, token: string | undefined): Promise<ListObjectsV2CommandOutput> {
  const { bucket, prefix, signal } = options;
  return parkedSend(options, (client) =>
    client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ContinuationToken: token,
        ExpectedBucketOwner: options.expectedOwner,
      }),
      { abortSignal: signal },
    ),
  );
}
