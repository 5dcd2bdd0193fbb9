// Multipart uploads as other tools leave them: begun with some parts and never finished, or
// finished in parts of a given size (so the object's ETag is an MD5 of part MD5s).
import {
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

/** Uploads `data` in parts of `partSize` bytes and completes the upload. */
export async function uploadInParts(
  client: S3Client,
  bucket: string,
  key: string,
  data: (start: number, end: number) => Promise<Uint8Array> | Uint8Array,
  size: number,
  partSize: number,
): Promise<void> {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const parts = [];
  for (let n = 1, start = 0; start < size; n++, start += partSize) {
    const Body = await data(start, Math.min(size, start + partSize));
    const { ETag } = await client.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: n, Body }),
    );
    parts.push({ PartNumber: n, ETag });
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
