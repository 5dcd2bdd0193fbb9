import type { S3CopyObjectOperation } from '@aws-sdk/client-s3-control';
import type { CarryChoice } from '../../shared/models/compare';
import type { StorageClassName } from '../../shared/models/objects';
import { bucketArn } from '../s3/arns';

/** What the user chose for the copies besides the bytes (a sync plan's choices; a selection keeps all). */
export interface CopyChoices {
  readonly tags: CarryChoice;
  /** Absent: each copy keeps its source's storage class. */
  readonly storageClass?: StorageClassName;
}

/**
 * The cross-account care each copy of the job carries, as the sync flows give it (sync-care.ts):
 * the user's choices, plus what the target bucket asks of a writer from the job's account.
 */
export interface JobCopyCare extends CopyChoices {
  /** The target still uses ACLs and another account runs the job: copies give its owner full control. */
  readonly ownerFullControl: boolean;
  /** The target's default SSE-KMS key (an ARN: the job may run in another account). */
  readonly kmsKeyArn?: string;
  /** Whether the target's default encryption uses an S3 Bucket Key. */
  readonly bucketKeyEnabled?: boolean;
}

/**
 * The job's S3PutObjectCopy. Metadata is always copied: REPLACE would give every object one
 * set of content headers (batch-handoff.ts refuses plans that drop metadata). An empty
 * NewObjectTagging is how S3 Batch Operations writes copies without their source's tags.
 */
export function copyOperation(
  target: { readonly bucket: string; readonly keyPrefix: string },
  care: JobCopyCare,
): S3CopyObjectOperation {
  return {
    TargetResource: bucketArn(target.bucket),
    // AWS puts a "/" between the prefix and the key, so the folder goes without its own.
    ...(target.keyPrefix ? { TargetKeyPrefix: target.keyPrefix.replace(/\/$/, '') } : {}),
    MetadataDirective: 'COPY',
    ...(care.ownerFullControl && { CannedAccessControlList: 'bucket-owner-full-control' as const }),
    ...(care.kmsKeyArn && {
      SSEAwsKmsKeyId: care.kmsKeyArn,
      ...(care.bucketKeyEnabled !== undefined && { BucketKeyEnabled: care.bucketKeyEnabled }),
    }),
    ...(care.tags === 'drop' && { NewObjectTagging: [] }),
    ...(care.storageClass && { StorageClass: care.storageClass }),
  };
}

/** What every copy of the job carries besides the bytes, one sentence each, for the hand-off dialog. */
export function careSentences(care: JobCopyCare): string[] {
  return [
    care.ownerFullControl
      ? 'Copies give the target’s owner full control (bucket-owner-full-control): its bucket still uses ACLs.'
      : 'Copies belong to the target’s owner without an ACL.',
    care.kmsKeyArn
      ? `Copies are encrypted with the target’s KMS key ${care.kmsKeyArn}${care.bucketKeyEnabled ? ' (with an S3 Bucket Key)' : ''}.`
      : 'Copies get the target bucket’s default encryption.',
    `User metadata and content headers are kept; tags are ${care.tags === 'keep' ? 'kept' : 'dropped'}; storage class ${care.storageClass ? `becomes ${care.storageClass}` : 'is kept'}.`,
  ];
}
