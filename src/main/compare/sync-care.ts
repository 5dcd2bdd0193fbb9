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
 * What the plan does about the other account, one sentence each, so the dry run says it before
 * anything is written: the owners it expects, the ACL, the encryption, and what becomes of
 * metadata, tags and storage class on this path.
 */
export function careOf({ source, target, flow, bucket, owners, options, accountOf }: CareInput): string[] {
  const care: string[] = [];
  const targetOwner = owners.get(target.bucket);
  const sourceOwner = source.kind === 's3' ? owners.get(source.bucket) : undefined;
  if (targetOwner)
    care.push(
      `Calls to s3://${target.bucket} expect its owner ${targetOwner} (x-amz-expected-bucket-owner).`,
    );
  else
    care.push(
      `The owner of s3://${target.bucket} could not be learnt (no session lists it), so no expected owner is sent.`,
    );
  if (source.kind === 's3' && sourceOwner && flow === 'server-side')
    care.push(`The source s3://${source.bucket} is expected to belong to ${sourceOwner}.`);
  // An owner nobody could name may be another account: treated as foreign (the ACL is harmless at home).
  const caller = accountOf(target.sessionId);
  const foreign = targetOwner === undefined || caller === undefined || targetOwner !== caller;
  if (bucket.aclsInUse && !foreign)
    care.push(
      'The target bucket uses ACLs; its own account writes the copies, so they are its owner’s already.',
    );
  else if (bucket.aclsInUse && flow === 'server-side')
    care.push('The target bucket uses ACLs: copies give its owner full control (bucket-owner-full-control).');
  else if (bucket.aclsInUse)
    care.push(
      'Warning: the target bucket uses ACLs and may belong to another account, and copies through this machine do not set bucket-owner-full-control: its owner may not be able to read them.',
    );
  else care.push('The target bucket enforces bucket ownership (no ACLs): the copies are its owner’s.');
  if (bucket.kmsKeyId) care.push(`Copies are encrypted with the target’s KMS key ${bucket.kmsKeyId}.`);
  if (flow === 'server-side')
    care.push(
      `Metadata and tags are kept; storage class ${options.storageClass ? `becomes ${options.storageClass}` : 'is kept'}.`,
    );
  else
    care.push(
      'Through this machine the content type is kept; metadata, tags and storage class take the target bucket’s defaults.',
    );
  return care;
}
