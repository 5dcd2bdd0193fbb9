import { GetBucketEncryptionCommand } from '@aws-sdk/client-s3';
import type { CompareLocation } from '../../shared/models/compare';
import type { S3ClientPool } from '../s3/client-pool';
import type { SideTraits } from './classify';

/**
 * Whether a bucket's default encryption is SSE-KMS, whose ETags are not MD5s of the bytes.
 * Not allowed to ask (or no configuration): taken as not KMS, as the listing's ETags then are
 * the only evidence there is; a KMS object still shows as different, never as same.
 */
export async function sideTraits(pool: S3ClientPool, location: CompareLocation): Promise<SideTraits> {
  if (location.kind === 'local') return { kms: false };
  try {
    const out = await pool.withBucket(location.sessionId, location.bucket, (client) =>
      client.send(new GetBucketEncryptionCommand({ Bucket: location.bucket })),
    );
    const rules = out.ServerSideEncryptionConfiguration?.Rules ?? [];
    return {
      kms: rules.some((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm?.startsWith('aws:kms')),
    };
  } catch {
    return { kms: false };
  }
}
