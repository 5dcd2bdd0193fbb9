import {
  GetBucketLifecycleConfigurationCommand,
  type LifecycleRule,
  type S3Client,
} from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import type { LifecycleSnippet } from '../../shared/models/incomplete-upload';
import { bucketArn } from './arns';
import type { S3ClientPool } from './client-pool';

/** The ID of the rule Crossbucket proposes; a rule with this ID is updated, not added twice. */
export const RULE_ID = 'abort-incomplete-multipart-uploads';

/** POSIX shell quoting, for a bucket name in the command (bucket names are tame, but be sure). */
export const shellQuote = (s: string): string =>
  /^[\w.-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;

const abortsEverything = (rule: LifecycleRule): number | undefined => {
  const days = rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation;
  // A rule narrowed to a prefix or tags leaves the rest of the bucket's uploads alone.
  const filter = rule.Filter as { Prefix?: string; Tag?: unknown; And?: unknown } | undefined;
  const wholeBucket = !rule.Prefix && !filter?.Prefix && !filter?.Tag && !filter?.And;
  return rule.Status === 'Enabled' && wholeBucket ? days : undefined;
};

/**
 * The bucket's lifecycle rules as they are now. PutBucketLifecycleConfiguration replaces the
 * whole configuration, so a proposal keeps them; when they cannot be read, it must say so.
 */
export async function readLifecycleRules(
  client: S3Client,
  bucket: string,
): Promise<{ existing?: LifecycleRule[]; readError?: LifecycleSnippet['readError'] }> {
  try {
    const out = await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    return { existing: out.Rules ?? [] };
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchLifecycleConfiguration') return { existing: [] };
    const readError = toAppError(err, {
      action: 's3:GetLifecycleConfiguration',
      resource: bucketArn(bucket),
    });
    // The pool asks the bucket's own region again.
    if (readError.code === 'wrong-region') throw err;
    return { readError };
  }
}

/**
 * The bucket's lifecycle configuration with a rule that aborts uploads `days` after they begin,
 * the bucket's current rules kept (see readLifecycleRules).
 */
export async function lifecycleSnippet(
  client: S3Client,
  bucket: string,
  days: number,
): Promise<LifecycleSnippet> {
  const { existing, readError } = await readLifecycleRules(client, bucket);
  const rule: LifecycleRule = {
    ID: RULE_ID,
    Status: 'Enabled',
    // An empty filter: every object of the bucket.
    Filter: {},
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: days },
  };
  const kept = (existing ?? []).filter((r) => r.ID !== RULE_ID);
  const already = (existing ?? []).map(abortsEverything).filter((d): d is number => d !== undefined);
  return {
    days,
    configuration: JSON.stringify({ Rules: [...kept, rule] }, null, 2),
    command: `aws s3api put-bucket-lifecycle-configuration --bucket ${shellQuote(bucket)} --lifecycle-configuration file://lifecycle.json`,
    ...(existing && { existingRules: existing.length }),
    ...(already.length > 0 && { alreadyAbortsAfter: Math.min(...already) }),
    ...(readError && { readError }),
  };
}

export class LifecycleSnippets {
  readonly #pool: S3ClientPool;

  constructor(pool: S3ClientPool) {
    this.#pool = pool;
  }

  snippet(sessionId: string, bucket: string, days: number): Promise<LifecycleSnippet> {
    return this.#pool.withBucket(sessionId, bucket, (client) => lifecycleSnippet(client, bucket, days));
  }
}
