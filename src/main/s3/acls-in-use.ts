import { GetBucketOwnershipControlsCommand } from '@aws-sdk/client-s3';
import type { S3ClientPool } from './client-pool';

/**
 * Whether a bucket still uses ACLs, so a copy from another account needs
 * bucket-owner-full-control. No ownership controls at all: the bucket predates them and uses
 * ACLs (ObjectWriter). Unreadable: taken as enforced, so nothing extra is sent.
 */
export const aclsInUse = (
  pool: S3ClientPool,
  sessionId: string,
  bucket: string,
  owner?: string,
): Promise<boolean> =>
  pool
    .withBucket(sessionId, bucket, (c) =>
      c.send(
        new GetBucketOwnershipControlsCommand({
          Bucket: bucket,
          ...(owner && { ExpectedBucketOwner: owner }),
        }),
      ),
    )
    .then(
      (out) =>
        out.OwnershipControls?.Rules?.some((r) => r.ObjectOwnership === 'BucketOwnerEnforced') !== true,
      (err: { name?: string }) => err.name === 'OwnershipControlsNotFoundError',
    );
