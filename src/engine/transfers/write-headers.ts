import type { CreateMultipartUploadCommandInput, StorageClass } from '@aws-sdk/client-s3';
import { type CopyHeaders, copyHeaders } from '../../shared/engine/copy-headers';

/** What a PutObject or CreateMultipartUpload sets besides the bucket and key. */
export type WriteHeaders = Omit<CreateMultipartUploadCommandInput, 'Bucket' | 'Key'>;

/**
 * copyHeaders in the SDK's types: the storage class is one of ours (records.ts checks it), or the
 * source's as its HEAD named it.
 */
export function writeHeaders(...args: Parameters<typeof copyHeaders>): WriteHeaders {
  const { StorageClass, ...rest }: CopyHeaders = copyHeaders(...args);
  return { ...rest, ...(StorageClass && { StorageClass: StorageClass as StorageClass }) };
}
