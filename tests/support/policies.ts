// Small builders for IAM policy documents used by test worlds.

export type Condition = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, string | string[]>;
  Condition?: Condition;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

export function allow(action: string | string[], resource: string | string[] = '*'): PolicyStatement {
  return { Effect: 'Allow', Action: action, Resource: resource };
}

export function deny(action: string | string[], resource: string | string[] = '*'): PolicyStatement {
  return { Effect: 'Deny', Action: action, Resource: resource };
}

/** S3 resources for a bucket and every object in it. */
export function bucketResources(...buckets: string[]): string[] {
  return buckets.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]);
}

export interface TrustOptions {
  externalId?: string;
  requireMfa?: boolean;
}

/**
 * Trust policy letting principals of `accountId` assume the role. moto does not evaluate trust
 * policies; they are here so the world reads like real AWS and for `iam:GetRole` assertions.
 */
export function trustAccount(accountId: string, opts: TrustOptions = {}): PolicyDocument {
  const condition: Condition = {};
  if (opts.externalId !== undefined) condition.StringEquals = { 'sts:ExternalId': opts.externalId };
  if (opts.requireMfa) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
  return policy({
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${accountId}:root` },
    Action: 'sts:AssumeRole',
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  });
}
