import type { CopyCare } from '../../shared/engine/records';
import type { CompareLocation, SyncFlow } from '../../shared/models/compare';
import type { TargetBucket } from './bucket-facts';
import type { SyncOptions } from './sync-plan';

interface CareInput {
  readonly source: CompareLocation;
  readonly target: Extract<CompareLocation, { kind: 's3' }>;
  readonly flow: SyncFlow;
  readonly bucket: TargetBucket;
  readonly owners: ReadonlyMap<string, string>;
  readonly options: SyncOptions;
  readonly accountOf: (sessionId: string) => string | undefined;
}

/**
 * What a plan's copies write besides the bytes, on either flow: the ACL a foreign bucket that
 * still uses ACLs needs, the target's KMS key, and the user's choices for metadata, tags and
 * storage class. `caller`: the account of the session that writes the copies. An owner nobody
 * could name may be another account: treated as foreign (the ACL is harmless at home).
 */
export function copyCare(
  bucket: TargetBucket,
  targetOwner: string | undefined,
  caller: string | undefined,
  options: SyncOptions,
): CopyCare {
  const foreign = targetOwner === undefined || caller === undefined || targetOwner !== caller;
  return {
    ...(bucket.aclsInUse && foreign && { acl: 'bucket-owner-full-control' as const }),
    ...(bucket.kmsKeyId && { kmsKeyId: bucket.kmsKeyId }),
    metadata: options.metadata ?? 'keep',
    tags: options.tags ?? 'keep',
    ...(options.storageClass && { storageClass: options.storageClass }),
  };
}

/**
 * What the plan does about the other account, one sentence each, so the dry run says it before
 * anything is written: the owners it expects, the ACL, the encryption, and what becomes of
 * metadata, tags and storage class. Copies of both flows do the same (the engine's
 * server-copy.ts on the server side, its copy-across.ts through this machine).
 */
export function careOf({ source, target, flow, bucket, owners, options, accountOf }: CareInput): string[] {
  const sentences: string[] = [];
  const targetOwner = owners.get(target.bucket);
  const sourceOwner = source.kind === 's3' ? owners.get(source.bucket) : undefined;
  if (targetOwner)
    sentences.push(
      `Calls to s3://${target.bucket} expect its owner ${targetOwner} (x-amz-expected-bucket-owner).`,
    );
  else
    sentences.push(
      `The owner of s3://${target.bucket} could not be learnt (no session lists it), so no expected owner is sent.`,
    );
  if (source.kind === 's3' && sourceOwner)
    sentences.push(`The source s3://${source.bucket} is expected to belong to ${sourceOwner}.`);
  const care = copyCare(bucket, targetOwner, accountOf(target.sessionId), options);
  if (bucket.aclsInUse && !care.acl)
    sentences.push(
      'The target bucket uses ACLs; its own account writes the copies, so they are its owner’s already.',
    );
  else if (care.acl)
    sentences.push(
      'The target bucket uses ACLs: copies give its owner full control (bucket-owner-full-control).',
    );
  else sentences.push('The target bucket enforces bucket ownership (no ACLs): the copies are its owner’s.');
  if (care.kmsKeyId) sentences.push(`Copies are encrypted with the target’s KMS key ${care.kmsKeyId}.`);
  const kept = (choice: CopyCare['metadata']) => (choice === 'keep' ? 'kept' : 'dropped (target defaults)');
  if (source.kind === 'local')
    sentences.push(
      `Files get the content type of their name and ${care.storageClass ? `storage class ${care.storageClass}` : 'the STANDARD storage class'}.`,
    );
  else
    sentences.push(
      `User metadata is ${kept(care.metadata)}; tags are ${kept(care.tags)}; content type and the other content headers are kept; storage class ${care.storageClass ? `becomes ${care.storageClass}` : 'is kept'}.`,
    );
  if (source.kind === 's3' && flow === 'through-this-machine' && care.tags === 'keep')
    sentences.push(
      'Tags are read with the source’s session (s3:GetObjectTagging): a copy whose tags cannot be read fails with the reason, rather than arriving without them.',
    );
  return sentences;
}
