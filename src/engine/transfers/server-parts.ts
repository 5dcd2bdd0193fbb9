import { ListPartsCommand, type ListPartsCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { type RetryOptions, withRetry } from '../../shared/transfers/retry';

export interface ServerPart {
  readonly etag: string;
  readonly size: number;
}

/** S3 lists at most 1,000 parts a page; an upload has at most 10,000. */
const MAX_PAGES = 10;

/**
 * The parts S3 holds for a multipart upload, by number, or 'gone' when the upload no longer
 * exists (completed, aborted by hand or by a lifecycle rule). A resumed upload trusts only the
 * parts its journal and the server agree on.
 */
export async function serverParts(
  client: S3Client,
  upload: { readonly bucket: string; readonly key: string; readonly uploadId: string },
  retry: RetryOptions,
): Promise<ReadonlyMap<number, ServerPart> | 'gone'> {
  const parts = new Map<number, ServerPart>();
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let listed: ListPartsCommandOutput;
    try {
      listed = await withRetry(
        () =>
          client.send(
            new ListPartsCommand({
              Bucket: upload.bucket,
              Key: upload.key,
              UploadId: upload.uploadId,
              PartNumberMarker: marker,
            }),
            { abortSignal: retry.signal },
          ),
        retry,
      );
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchUpload') return 'gone';
      throw err;
    }
    for (const part of listed.Parts ?? [])
      if (part.PartNumber !== undefined && part.ETag !== undefined)
        parts.set(part.PartNumber, { etag: part.ETag, size: part.Size ?? 0 });
    if (!listed.IsTruncated || !listed.NextPartNumberMarker) break;
    marker = listed.NextPartNumberMarker;
  }
  return parts;
}
