import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type CreateMultipartUploadCommandInput,
  type HeadObjectCommandOutput,
  type S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { copySource } from '../../shared/s3/copy-source';
import { mapConcurrent } from './map-concurrent';

const MAX_PARTS = 10_000;
const PART_CONCURRENCY = 4;

export interface MultipartCopy {
  readonly sourceBucket: string;
  readonly sourceKey: string;
  /** The source's HeadObject: its size and the headers a multipart upload does not carry over. */
  readonly source: HeadObjectCommandOutput;
  readonly targetBucket: string;
  readonly targetKey: string;
  readonly partSize: number;
  /** Copy this version of the source rather than its current one. */
  readonly sourceVersionId?: string;
  /** What the target gets besides the source's headers: encryption, tags, object lock. */
  readonly extra?: Partial<Omit<CreateMultipartUploadCommandInput, 'ExpectedBucketOwner'>>;
  /** The accounts the buckets must belong to, sent on every call that names them. */
  readonly owners?: { readonly source?: string | undefined; readonly target?: string | undefined };
}

/** Byte ranges for UploadPartCopy; the part size grows when the object would need over 10,000 parts. */
export const partRanges = (size: number, partSize: number): readonly { start: number; end: number }[] => {
  const part = Math.max(partSize, Math.ceil(size / MAX_PARTS));
  const ranges: { start: number; end: number }[] = [];
  for (let start = 0; start < size; start += part)
    ranges.push({ start, end: Math.min(start + part, size) - 1 });
  return ranges;
};

/**
 * Server-side copy of an object above CopyObject's 5 GiB limit. Unlike CopyObject, a
 * multipart upload starts blank, so the content headers and user metadata are set again.
 */
export async function multipartCopy(client: S3Client, copy: MultipartCopy): Promise<void> {
  const { source, targetBucket: Bucket, targetKey: Key } = copy;
  const target = copy.owners?.target;
  const sourceOwner = copy.owners?.source;
  // Every call names the target bucket; the part copies read the source too.
  const expected = { ...(target && { ExpectedBucketOwner: target }) };
  const created = await client.send(
    new CreateMultipartUploadCommand({
      Bucket,
      Key,
      ContentType: source.ContentType,
      CacheControl: source.CacheControl,
      ContentDisposition: source.ContentDisposition,
      ContentEncoding: source.ContentEncoding,
      ContentLanguage: source.ContentLanguage,
      Metadata: source.Metadata,
      StorageClass: source.StorageClass,
      ...copy.extra,
      ...expected,
    }),
  );
  const UploadId = created.UploadId;
  try {
    const CopySource = copySource(copy.sourceBucket, copy.sourceKey, copy.sourceVersionId);
    const parts = await mapConcurrent(
      partRanges(source.ContentLength ?? 0, copy.partSize),
      PART_CONCURRENCY,
      async ({ start, end }, index) => {
        const out = await client.send(
          new UploadPartCopyCommand({
            Bucket,
            Key,
            UploadId,
            PartNumber: index + 1,
            CopySource,
            CopySourceRange: `bytes=${start}-${end}`,
            // Guards against the source being replaced halfway through the copy.
            CopySourceIfMatch: source.ETag,
            ...expected,
            ...(sourceOwner && { ExpectedSourceBucketOwner: sourceOwner }),
          }),
        );
        return { PartNumber: index + 1, ETag: out.CopyPartResult?.ETag };
      },
    );
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: parts },
        ...expected,
      }),
    );
  } catch (err) {
    // An abandoned upload keeps billing for its parts until a lifecycle rule removes it.
    await client
      .send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId, ...expected }))
      .catch(() => undefined);
    throw err;
  }
}
