import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { systemClock } from '../../shared/transfers/clock';
import { withRetry } from '../../shared/transfers/retry';
import { mapConcurrent } from '../s3/map-concurrent';

/** As many HEADs at once as selection counting sends (s3/count-selection.ts). */
const HEAD_CONCURRENCY = 16;

/** An object picked for download or copy, with its key relative to the folder it was picked in. */
export interface SelectedObject {
  readonly key: string;
  readonly size?: number;
  /** The key minus the selected item's parent folder: picking `a/photos/` gives `photos/x.jpg`. */
  readonly relative: string;
}

/** `a/b/c.txt` → `a/b/`, `a/photos/` → `a/`, `top` → ``. */
export function parentFolder(keyOrPrefix: string): string {
  const trimmed = keyOrPrefix.endsWith('/') ? keyOrPrefix.slice(0, -1) : keyOrPrefix;
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

/**
 * The size S3 reports for a key picked directly (the renderer is not trusted with sizes); none
 * when the HEAD fails, and the transfer then reports what is wrong with the object itself.
 */
async function sizeOf(
  client: S3Client,
  bucket: string,
  key: string,
  versionId: string | undefined,
  signal: AbortSignal,
  owner: string | undefined,
): Promise<number | undefined> {
  if (key.endsWith('/')) return 0;
  return client
    .send(
      new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId, ExpectedBucketOwner: owner }),
      { abortSignal: signal },
    )
    .then(
      (head) => head.ContentLength,
      () => undefined,
    );
}

/**
 * The picked keys, sized by a HEAD each, and every object under the picked prefixes, listed
 * recursively with the sizes the listing gives. `versionId` applies to a single picked key;
 * `owner`, when known, is the account the bucket must belong to (x-amz-expected-bucket-owner).
 */
export async function listSelection(
  client: S3Client,
  bucket: string,
  keys: readonly string[],
  prefixes: readonly string[],
  signal: AbortSignal,
  versionId?: string,
  owner?: string,
): Promise<readonly SelectedObject[]> {
  const picked: SelectedObject[] = await mapConcurrent(keys, HEAD_CONCURRENCY, async (key) => ({
    key,
    size: await sizeOf(client, bucket, key, versionId, signal, owner),
    relative: key.slice(parentFolder(key).length),
  }));
  for (const prefix of prefixes) {
    const parent = parentFolder(prefix);
    let token: string | undefined;
    do {
      const pageToken = token;
      const page = await withRetry(
        () =>
          client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              ContinuationToken: pageToken,
              ExpectedBucketOwner: owner,
            }),
            {
              abortSignal: signal,
            },
          ),
        { clock: systemClock, signal },
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        picked.push({ key: object.Key, size: object.Size, relative: object.Key.slice(parent.length) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  return picked;
}
