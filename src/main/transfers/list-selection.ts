import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { systemClock } from './clock';
import { withRetry } from './retry';

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

/** The picked keys as they are, and every object under the picked prefixes, listed recursively. */
export async function listSelection(
  client: S3Client,
  bucket: string,
  keys: readonly string[],
  prefixes: readonly string[],
  signal: AbortSignal,
): Promise<readonly SelectedObject[]> {
  const picked: SelectedObject[] = keys.map((key) => ({
    key,
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
            new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: pageToken }),
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
