import type { GeneratedStatement } from '../../shared/models/access';
import { resource, toYaml } from './cloudformation';
import {
  type ConditionBlock,
  document,
  oneOrMany,
  type PolicyDocument,
  policyName,
  type Statement,
  sid,
  withStatement,
} from './policy-document';
import { accountOf, type Principal } from './principals';

/** What the caller was refused, as least-privilege grants: the exact actions on the exact ARNs. */
export interface Grant {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** For s3:ListBucket limited to a prefix: `StringLike s3:prefix`. */
  readonly listPrefix?: string;
  /** A condition the grant needs to stay least privilege (iam:PassRole only to one service). */
  readonly condition?: ConditionBlock;
}

/** A generated statement plus the unmasked texts main keeps for the clipboard. */
export interface BuiltStatement {
  readonly shown: GeneratedStatement;
  /** The same documents with every value in (external IDs shown masked). */
  readonly full: { readonly json: string; readonly yaml: string };
}

const EXTERNAL_ID_MASK = '<external_id of the profile>';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const grantStatement = (grant: Grant, words: string[], principal?: Principal): Statement => ({
  Sid: sid('Crossbucket', ...grant.actions.map((a) => a.split(':')[1] ?? a), ...words),
  Effect: 'Allow',
  ...(principal ? { Principal: { AWS: principal.grantArn } } : {}),
  Action: oneOrMany(grant.actions),
  Resource: oneOrMany(grant.resources),
  ...(grant.listPrefix || grant.condition
    ? {
        Condition: {
          ...grant.condition,
          ...(grant.listPrefix ? { StringLike: { 's3:prefix': [`${grant.listPrefix}*`] } } : {}),
        },
      }
    : {}),
});

const plain = (statement: Omit<BuiltStatement, 'full'>): BuiltStatement => ({
  ...statement,
  full: { json: statement.shown.json, yaml: statement.shown.yaml },
});

/** An inline policy for the caller's role or user, in the caller's account. */
export function identityPolicy(id: string, caller: Principal, grants: readonly Grant[]): BuiltStatement {
  const doc = document(...grants.map((g) => grantStatement(g, [])));
  const name = policyName('crossbucket', ...grants.flatMap((g) => g.actions.map((a) => a.replace(':', '-'))));
  const isUser = caller.kind === 'user';
  const entity = caller.name ?? caller.grantArn;
  const cfnType = isUser ? 'AWS::IAM::UserPolicy' : 'AWS::IAM::RolePolicy';
  const cli = isUser
    ? `aws iam put-user-policy --user-name ${entity} --policy-name ${name} --policy-document file://policy.json`
    : `aws iam put-role-policy --role-name ${entity} --policy-name ${name} --policy-document file://policy.json`;
  return plain({
    shown: {
      id,
      kind: 'identity-policy',
      ...(caller.account ? { account: caller.account } : {}),
      target: `${isUser ? 'user' : 'role'} ${entity}`,
      howToApply: cli,
      json: json(doc),
      yaml: resource(sid(name, 'Policy'), cfnType, {
        [isUser ? 'UserName' : 'RoleName']: entity,
        PolicyName: name,
        PolicyDocument: doc,
      }),
    },
  });
}

/**
 * A bucket policy granting the caller, in the bucket owner's account. When main could read the
 * bucket's current policy the statement is merged into it, since put-bucket-policy replaces it.
 */
export function bucketPolicy(
  id: string,
  bucket: string,
  owner: string | undefined,
  caller: Principal,
  grants: readonly Grant[],
  existing?: PolicyDocument,
): BuiltStatement {
  let doc = existing;
  for (const grant of grants)
    doc = withStatement(doc, grantStatement(grant, ['For', caller.name ?? ''], caller));
  const finalDoc = doc ?? document();
  return plain({
    shown: {
      id,
      kind: 'bucket-policy',
      ...(owner ? { account: owner } : {}),
      target: `bucket ${bucket}`,
      howToApply: existing
        ? `aws s3api put-bucket-policy --bucket ${bucket} --policy file://policy.json  # the bucket's current policy plus this grant`
        : `aws s3api put-bucket-policy --bucket ${bucket} --policy file://policy.json  # merge with the bucket's existing policy first: this replaces it`,
      json: json(finalDoc),
      yaml: resource(sid(bucket, 'BucketPolicy'), 'AWS::S3::BucketPolicy', {
        Bucket: bucket,
        PolicyDocument: finalDoc,
      }),
    },
  });
}

/**
 * A key policy statement for the KMS key that encrypts the object. In a key policy `"*"` means
 * this key, and kms:ViaService keeps the grant to S3's use of it. Shown as one statement: the
 * key policy must keep its administrators, so it is added, never put as a whole.
 */
export function kmsKeyPolicyStatement(
  id: string,
  keyArn: string,
  caller: Principal,
  actions: readonly string[],
  region: string | undefined,
): BuiltStatement {
  const statement: Statement = {
    Sid: sid('Crossbucket', ...actions.map((a) => a.split(':')[1] ?? a), 'For', caller.name ?? ''),
    Effect: 'Allow',
    Principal: { AWS: caller.grantArn },
    Action: oneOrMany(actions),
    Resource: '*',
    ...(region ? { Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } } } : {}),
  };
  const keyId = keyArn.split('/').pop() ?? keyArn;
  return plain({
    shown: {
      id,
      kind: 'kms-key-policy',
      ...(accountOf(keyArn) ? { account: accountOf(keyArn) } : {}),
      target: `KMS key ${keyId}`,
      howToApply: `aws kms get-key-policy --key-id ${keyArn} --policy-name default  # add this statement to its Statement list, then: aws kms put-key-policy --key-id ${keyArn} --policy-name default --policy file://key-policy.json`,
      json: json(statement),
      yaml: `# An item of KeyPolicy.Statement in the AWS::KMS::Key\n${toYaml([statement])}`,
    },
  });
}

export interface TrustOptions {
  readonly roleArn: string;
  readonly caller: Principal;
  /** The external ID the profile sends; stays in main (masked in what is shown). */
  readonly externalId?: string;
  /** Whether the profile sends an external ID whose value main does not know (an old ad-hoc switch). */
  readonly externalIdUnknown?: boolean;
  readonly requireMfa: boolean;
}

/** The role's trust policy letting the caller assume it, with the conditions the profile meets. */
export function trustPolicy(id: string, options: TrustOptions): BuiltStatement {
  const roleName = options.roleArn.split('/').pop() ?? options.roleArn;
  const build = (externalId: string | undefined): PolicyDocument => {
    const condition: Record<string, Record<string, string>> = {};
    if (externalId !== undefined) condition.StringEquals = { 'sts:ExternalId': externalId };
    if (options.requireMfa) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
    return document({
      Sid: sid('Crossbucket', 'AssumeFrom', options.caller.name ?? options.caller.account ?? ''),
      Effect: 'Allow',
      Principal: { AWS: options.caller.grantArn },
      Action: 'sts:AssumeRole',
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    });
  };
  const sendsExternalId = options.externalId !== undefined || options.externalIdUnknown;
  const render = (doc: PolicyDocument) => ({
    json: json(doc),
    yaml: resource(sid(roleName, 'Role'), 'AWS::IAM::Role', {
      RoleName: roleName,
      AssumeRolePolicyDocument: doc,
    }),
  });
  const shownDoc = build(sendsExternalId ? EXTERNAL_ID_MASK : undefined);
  const fullDoc = build(options.externalId ?? (sendsExternalId ? EXTERNAL_ID_MASK : undefined));
  return {
    shown: {
      id,
      kind: 'trust-policy',
      ...(accountOf(options.roleArn) ? { account: accountOf(options.roleArn) } : {}),
      target: `role ${roleName} (trust policy)`,
      howToApply: `aws iam update-assume-role-policy --role-name ${roleName} --policy-document file://trust.json  # replaces the trust policy: keep its other statements`,
      ...render(shownDoc),
    },
    full: render(fullDoc),
  };
}

/**
 * The destination bucket's policy that lets S3 Inventory write a source bucket's reports into it
 * (AWS's documented statement: the S3 service principal, limited to the source bucket and its
 * account). Applied in the destination bucket owner's account; merged into its current policy.
 */
export function inventoryDestinationPolicy(
  id: string,
  destination: { readonly bucket: string; readonly owner?: string; readonly prefix: string },
  source: { readonly bucket: string; readonly account?: string },
  existing?: PolicyDocument,
): BuiltStatement {
  const statement: Statement = {
    Sid: sid('Crossbucket', 'InventoryFrom', source.bucket),
    Effect: 'Allow',
    Principal: { Service: 's3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `arn:aws:s3:::${destination.bucket}/${destination.prefix}*`,
    Condition: {
      ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${source.bucket}` },
      StringEquals: {
        ...(source.account ? { 'aws:SourceAccount': source.account } : {}),
        's3:x-amz-acl': 'bucket-owner-full-control',
      },
    },
  };
  const doc = withStatement(existing, statement);
  return plain({
    shown: {
      id,
      kind: 'bucket-policy',
      ...(destination.owner ? { account: destination.owner } : {}),
      target: `bucket ${destination.bucket}`,
      howToApply: existing
        ? `aws s3api put-bucket-policy --bucket ${destination.bucket} --policy file://policy.json  # the bucket's current policy plus this grant`
        : `aws s3api put-bucket-policy --bucket ${destination.bucket} --policy file://policy.json  # merge with the bucket's existing policy first: this replaces it`,
      json: json(doc),
      yaml: resource(sid(destination.bucket, 'BucketPolicy'), 'AWS::S3::BucketPolicy', {
        Bucket: destination.bucket,
        PolicyDocument: doc,
      }),
    },
  });
}

/**
 * A new role that an AWS service assumes (S3 Batch Operations runs a job as its role).
 * `aws:SourceAccount` keeps another account's use of the service from borrowing the role.
 */
export function serviceRoleTrustPolicy(id: string, roleArn: string, service: string): BuiltStatement {
  const roleName = roleArn.split('/').pop() ?? roleArn;
  const account = accountOf(roleArn);
  const doc = document({
    Sid: sid('Crossbucket', 'TrustedBy', service.split('.')[0] ?? service),
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sts:AssumeRole',
    ...(account ? { Condition: { StringEquals: { 'aws:SourceAccount': account } } } : {}),
  });
  return plain({
    shown: {
      id,
      kind: 'trust-policy',
      ...(account ? { account } : {}),
      target: `role ${roleName} (new, trust policy)`,
      howToApply: `aws iam create-role --role-name ${roleName} --assume-role-policy-document file://trust.json`,
      json: json(doc),
      yaml: resource(sid(roleName, 'Role'), 'AWS::IAM::Role', {
        RoleName: roleName,
        AssumeRolePolicyDocument: doc,
      }),
    },
  });
}
