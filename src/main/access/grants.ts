import type { PassedRole } from '../../shared/models/access';
import { objectArn } from '../s3/arns';
import { s3Target } from './principals';
import type { Grant } from './statements';

/** Actions on a bucket ARN (not on its objects) that a prefix can narrow with `s3:prefix`. */
const PREFIX_CONDITIONED = new Set(['s3:ListBucket', 's3:ListBucketVersions']);

/**
 * The least-privilege grant for a refused call: the action that failed on the exact resource.
 * A refused object in the folder the user is browsing widens to that folder (`bucket/folder/*`),
 * since the next key would fail the same way; a listing narrows to the folder with s3:prefix.
 */
export function grantFor(action: string, resource: string, scopePrefix?: string): Grant {
  const target = s3Target(resource);
  if (!target) return { actions: [action], resources: [resource] };
  if (target.key === undefined) {
    return PREFIX_CONDITIONED.has(action) && scopePrefix
      ? { actions: [action], resources: [resource], listPrefix: scopePrefix }
      : { actions: [action], resources: [resource] };
  }
  const widened =
    scopePrefix && target.key.startsWith(scopePrefix) && target.key !== scopePrefix
      ? objectArn(target.bucket, `${scopePrefix}*`)
      : resource;
  return { actions: [action], resources: [widened] };
}

/** Whether an S3 action acts on objects (so SSE-KMS decryption matters for reads). */
export const readsObjectData = (action: string | undefined): boolean =>
  action === 's3:GetObject' || action === 's3:GetObjectVersion';

/**
 * What a call that hands a role to an AWS service needs of its caller: the call's own action
 * (s3:CreateJob names no resource type, so `*`) and iam:PassRole on exactly that role, only
 * towards that service (`iam:PassedToService`, as AWS documents for Batch Operations).
 */
export function passRoleGrants(passed: PassedRole): Grant[] {
  return [
    { actions: [passed.call], resources: ['*'] },
    {
      actions: ['iam:PassRole'],
      resources: [passed.roleArn],
      condition: { StringEquals: { 'iam:PassedToService': passed.service } },
    },
  ];
}
