import { ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { SideFacts } from '../../shared/models/compare';
import { systemClock } from '../transfers/clock';
import { isExpired, withRetry } from '../transfers/retry';
import type { Listed } from './merge';

export interface S3SourceOptions {
  readonly client: () => Promise<S3Client>;
  readonly bucket: string;
  /** '' or a prefix ending in '/'; keys come back relative to it. */
  readonly prefix: string;
  /** The bucket's account when it is not the caller's: sent as x-amz-expected-bucket-owner. */
  readonly expectedOwner?: string;
  readonly signal: AbortSignal;
  /**
   * The session's credentials lapsed: resolves once it was renewed, and the same page is asked
   * for again (the compare waits rather than starting over). Rejects to give up.
   */
  readonly expired: () => Promise<void>;
}

const unquote = (etag: string | undefined): string | undefined => etag?.replace(/^"|"$/g, '');

/**
 * Every object under a prefix, in S3's key order (UTF-8 bytes), one page of 1,000 at a time.
 * A page lost to a dropped connection or a 503 is asked for again; only the page in hand is held.
 */
export async function* listS3(options: S3SourceOptions): AsyncGenerator<Listed<SideFacts>> {
  const { bucket, prefix, signal } = options;
  let token: string | undefined;
  do {
    const pageToken = token;
    let page: ListObjectsV2CommandOutput;
    for (;;) {
      try {
        const client = await options.client();
        page = await withRetry(
          () =>
            client.send(
              new ListObjectsV2Command({
                Bucket: bucket,
                Prefix: prefix,
                ContinuationToken: pageToken,
                ExpectedBucketOwner: options.expectedOwner,
              }),
              { abortSignal: signal },
            ),
          { clock: systemClock, signal },
        );
        break;
      } catch (err) {
        if (!isExpired(err) || signal.aborted) throw err;
        await options.expired();
      }
    }
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
        },
      };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token && !signal.aborted);
}
