/** What a caller's ARN says about who must be granted: a role, a user, or an account's root. */
export type PrincipalKind = 'role' | 'user' | 'root' | 'other';

export interface Principal {
  readonly kind: PrincipalKind;
  readonly account?: string;
  readonly partition: string;
  /**
   * The ARN a policy names to grant this caller: the role (not the session) for an assumed
   * role, the user for a user. Roles with a path keep it only when the profile's role ARN is known.
   */
  readonly grantArn: string;
  /** `reader` for `role/reader` or `assumed-role/reader/session`, `dev` for `user/dev`. */
  readonly name?: string;
}

const ACCOUNT = /^\d{12}$/;

/** The 12-digit account of an ARN (`arn:partition:service:region:account:resource`). */
export function accountOf(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account && ACCOUNT.test(account) ? account : undefined;
}

/**
 * Reads a caller ARN as IAM does when it evaluates a policy. `knownRoleArns` (the profile's
 * role_arn values) restores a role path, which an assumed-role ARN drops.
 */
export function principalOf(arn: string, knownRoleArns: readonly string[] = []): Principal {
  const parts = arn.split(':');
  const partition = parts[1] || 'aws';
  const account = accountOf(arn);
  const resource = parts.slice(5).join(':');
  const base = { partition, ...(account ? { account } : {}) };
  const session = /^assumed-role\/([^/]+)\//.exec(resource);
  if (session?.[1]) {
    const name = session[1];
    const known = knownRoleArns.find((r) => accountOf(r) === account && r.endsWith(`/${name}`));
    return {
      ...base,
      kind: 'role',
      name,
      grantArn: known ?? `arn:${partition}:iam::${account}:role/${name}`,
    };
  }
  const role = /^role\/(?:.*\/)?([^/]+)$/.exec(resource);
  if (role?.[1]) return { ...base, kind: 'role', name: role[1], grantArn: arn };
  const user = /^user\/(?:.*\/)?([^/]+)$/.exec(resource);
  if (user?.[1]) return { ...base, kind: 'user', name: user[1], grantArn: arn };
  if (resource === 'root') return { ...base, kind: 'root', grantArn: arn };
  return { ...base, kind: 'other', grantArn: arn };
}

/** `arn:aws:s3:::bucket/key` → bucket and key; undefined for non-S3 ARNs. */
export function s3Target(arn: string | undefined): { bucket: string; key?: string } | undefined {
  const match = /^arn:[\w-]+:s3:::([^/]+)(?:\/(.*))?$/.exec(arn ?? '');
  if (!match?.[1]) return undefined;
  return match[2] !== undefined ? { bucket: match[1], key: match[2] } : { bucket: match[1] };
}
