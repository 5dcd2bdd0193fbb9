import type { CopyObjectCommandInput } from '@aws-sdk/client-s3';
import type { CopyCare } from '../../shared/engine/records';
import type { WriteHeaders } from './write-headers';

/**
 * What a CopyObject sends besides the source and target, from the headers a copy writes
 * (write-headers.ts) and its care. Kept metadata and tags are copied by S3 itself (COPY, its
 * default for both); dropped metadata means REPLACE with the content headers alone, dropped tags
 * REPLACE with none. CopyObject gives STANDARD unless told: the source's class is kept by naming it.
 */
export function copyDirectives(
  headers: WriteHeaders | undefined,
  care: CopyCare | undefined,
): Partial<CopyObjectCommandInput> {
  return {
    ...(care?.metadata === 'drop' && {
      MetadataDirective: 'REPLACE' as const,
      ContentType: headers?.ContentType,
      CacheControl: headers?.CacheControl,
      ContentDisposition: headers?.ContentDisposition,
      ContentEncoding: headers?.ContentEncoding,
      ContentLanguage: headers?.ContentLanguage,
      Expires: headers?.Expires,
    }),
    ...(care?.tags === 'drop' && { TaggingDirective: 'REPLACE' as const }),
    ...(headers?.StorageClass && { StorageClass: headers.StorageClass }),
    ...(headers?.ACL && { ACL: headers.ACL }),
    ...(headers?.SSEKMSKeyId && {
      ServerSideEncryption: 'aws:kms' as const,
      SSEKMSKeyId: headers.SSEKMSKeyId,
    }),
  };
}
