import { GetBucketEncryptionCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { aclsInUse } from '../s3/acls-in-use';
import type { S3ClientPool } from '../s3/client-pool';
import type { SessionAccess } from '../sessions/session-access';

/**
 * Which account owns each bucket, as far as the sessions can tell: ListBuckets lists only the
 * caller's own buckets, so a bucket a session lists is its account's. A session that may not
 * list buckets says nothing, and its buckets get no x-amz-expected-bucket-owner.
 */
export async function bucketOwners(
  pool: S3ClientPool,
  sessions: readonly { readonly sessionId: string; readonly region: string; readonly account?: string }[],
  buckets: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  const wanted = new Set(buckets);
  const owners = new Map<string, string>();
  await Promise.all(
    sessions.map(async ({ sessionId, region, account }) => {
      // S3 takes an account id of 12 digits only; a server whose STS names accounts otherwise gets none.
      if (!account || !/^\d{12}$/.test(account)) return;
      try {
        let token: string | undefined;
        do {
          const out = await pool
            .forRegion(sessionId, region)
            .send(new ListBucketsCommand({ ContinuationToken: token }));
          for (const b of out.Buckets ?? []) if (b.Name && wanted.has(b.Name)) owners.set(b.Name, account);
          token = out.ContinuationToken;
        } while (token);
      } catch {
        // Not allowed to list buckets: the owner stays unknown.
      }
    }),
  );
  return owners;
}

/**
 * bucketOwners over open sessions by id: each session's region and account, as main knows them.
 * A sync's compare and a pane-to-pane copy learn the owners they expect this way.
 */
export function sessionBucketOwners(
  pool: S3ClientPool,
  sessions: Pick<SessionAccess, 'context'>,
  accountOf: (sessionId: string) => string | undefined,
  sessionIds: readonly string[],
  buckets: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  return bucketOwners(
    pool,
    [...new Set(sessionIds)].map((sessionId) => ({
      sessionId,
      region: sessions.context(sessionId).region,
      account: accountOf(sessionId),
    })),
    buckets,
  );
}

/** What a copy into a bucket must respect: its ACL regime and its default KMS key. */
export interface TargetBucket {
  /** Object Ownership is not BucketOwnerEnforced: objects another account writes need bucket-owner-full-control. */
  readonly aclsInUse: boolean;
  /** The bucket's default SSE-KMS key, which copies are encrypted with. */
  readonly kmsKeyId?: string;
}

export async function targetBucket(
  pool: S3ClientPool,
  sessionId: string,
  bucket: string,
): Promise<TargetBucket> {
  const [ownership, encryption] = await Promise.all([
    aclsInUse(pool, sessionId, bucket),
    pool
      .withBucket(sessionId, bucket, (c) => c.send(new GetBucketEncryptionCommand({ Bucket: bucket })))
      .then(
        (out) =>
          out.ServerSideEncryptionConfiguration?.Rules?.find((r) =>
            r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm?.startsWith('aws:kms'),
          )?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID,
        () => undefined,
      ),
  ]);
  return { aclsInUse: ownership, ...(encryption && { kmsKeyId: encryption }) };
}
