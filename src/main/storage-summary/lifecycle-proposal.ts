import type { LifecycleRule, S3Client } from '@aws-sdk/client-s3';
import type { LifecycleProposal, LifecycleSuggestionKind } from '../../shared/models/storage-summary';
import { suggestedRules } from '../../shared/storage/storage-cost';
import { readLifecycleRules, shellQuote } from '../s3/lifecycle-snippet';

/** A readable rule ID that names the prefix; S3 allows 255 characters. */
const ruleId = (kind: LifecycleSuggestionKind, prefix: string): string =>
  `crossbucket-${kind}${prefix ? `-${prefix.replace(/[^\w.-]+/g, '-')}` : ''}`.slice(0, 255);

/** The rule a suggestion of the storage summary proposes, for the objects under `prefix`. */
export function suggestedRule(kind: LifecycleSuggestionKind, prefix: string): LifecycleRule {
  const spec = suggestedRules[kind];
  return {
    ID: ruleId(kind, prefix),
    Status: 'Enabled',
    // An empty filter is every object of the bucket.
    Filter: prefix ? { Prefix: prefix } : {},
    ...(spec.transitionTo
      ? { Transitions: [{ Days: spec.days, StorageClass: spec.transitionTo as 'STANDARD_IA' }] }
      : {}),
    ...(spec.expireNoncurrent ? { NoncurrentVersionExpiration: { NoncurrentDays: spec.days } } : {}),
    ...(spec.abortUploads ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: spec.days } } : {}),
  };
}

/**
 * The bucket's lifecycle configuration with the suggested rule added (a rule of the same ID
 * replaced), ready for `put-bucket-lifecycle-configuration`, which the owner's account runs.
 */
export async function lifecycleProposal(
  client: S3Client,
  bucket: string,
  prefix: string,
  kind: LifecycleSuggestionKind,
  owner: { readonly account?: string; readonly how: string },
): Promise<LifecycleProposal> {
  const { existing, readError } = await readLifecycleRules(client, bucket);
  const rule = suggestedRule(kind, prefix);
  const kept = (existing ?? []).filter((r) => r.ID !== rule.ID);
  return {
    configuration: JSON.stringify({ Rules: [...kept, rule] }, null, 2),
    command: `aws s3api put-bucket-lifecycle-configuration --bucket ${shellQuote(bucket)} --lifecycle-configuration file://lifecycle.json`,
    ...(owner.account ? { ownerAccount: owner.account } : {}),
    ownerHow: owner.how,
    ...(existing ? { existingRules: existing.length } : {}),
    ...(readError ? { readError } : {}),
  };
}
