// Multipart uploads as other tools leave them: begun with some parts and never finished, or
// finished in parts of a given size (so the object's ETag is an MD5 of part MD5s).
import {
  type ChecksumAlgorithm,
  type ChecksumType,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

/** Begins an upload and sends one part per entry (a size gives that many zero bytes); returns its id. */
export async function leaveUpload(
  client: S3Client,
  bucket: string,
  key: string,
  parts: readonly (number | Uint8Array)[],
): Promise<{ uploadId: string; etags: string[] }> {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  if (!UploadId) throw new Error('CreateMultipartUpload returned no upload id');
  const etags: string[] = [];
  for (const [i, part] of parts.entries()) {
    const Body = typeof part === 'number' ? Buffer.alloc(part) : part;
    const { ETag } = await client.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body }),
    );
    etags.push(ETag ?? '');
  }
  return { uploadId: UploadId, etags };
}

/**
 * Uploads `data` in parts of `partSize` bytes and completes the upload; with `checksum`, the
 * upload asks S3 to keep that checksum (full-object or composite) and each part sends its own.
 */
export async function uploadInParts(
  client: S3Client,
  bucket: string,
  key: string,
  data: (start: number, end: number) => Promise<Uint8Array> | Uint8Array,
  size: number,
  partSize: number,
  checksum?: { readonly algorithm: ChecksumAlgorithm; readonly type: ChecksumType },
): Promise<void> {
  const { UploadId } = await client.send(
    new CreateMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      ...(checksum && { ChecksumAlgorithm: checksum.algorithm, ChecksumType: checksum.type }),
    }),
  );
  const parts = [];
  for (let n = 1, start = 0; start < size; n++, start += partSize) {
    const Body = await data(start, Math.min(size, start + partSize));
    const { ETag, ChecksumCRC32, ChecksumCRC32C, ChecksumCRC64NVME, ChecksumSHA1, ChecksumSHA256 } =
      await client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          PartNumber: n,
          Body,
          ...(checksum && { ChecksumAlgorithm: checksum.algorithm }),
        }),
      );
    parts.push({
      PartNumber: n,
      ETag,
      ...(checksum && { ChecksumCRC32, ChecksumCRC32C, ChecksumCRC64NVME, ChecksumSHA1, ChecksumSHA256 }),
    });
  }
  await client.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}
