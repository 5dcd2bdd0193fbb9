// Puts the Identity Center stand-in over a world's accounts: each permission set becomes a role
// in its account, created as Identity Center creates them (AWSReservedSSO_<set>_<id> under the
// aws-reserved/sso.amazonaws.com/ path), and role credentials are AssumeRole results for it.
import { createHash } from 'node:crypto';
import { CreateRoleCommand, type IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { type IdentityCenter, type MintedCredentials, startIdentityCenter } from './identity-center';
import { type PolicyDocument, policy } from './policies';

export interface PermissionSetSpec {
  policies?: PolicyDocument[];
}

export interface IdentityCenterSpec {
  /** Default `https://crossbucket-demo.awsapps.com/start`. */
  startUrl?: string;
  /** The Identity Center region; default `us-east-1`. */
  region?: string;
  /** Accounts the user is assigned to, by account ID (each must be an account of the world). */
  accounts: Record<
    string,
    { name: string; email: string; permissionSets: Record<string, PermissionSetSpec> }
  >;
  accessTokenSeconds?: number;
  roleSessionSeconds?: number;
  registrationSeconds?: number;
  deviceCodeSeconds?: number;
  pageSize?: number;
}

export const DEFAULT_START_URL = 'https://crossbucket-demo.awsapps.com/start';
const SSO_PATH = '/aws-reserved/sso.amazonaws.com/';

/** The role Identity Center provisions for a permission set in an account. */
export function reservedRoleName(accountId: string, permissionSet: string): string {
  const id = createHash('sha1').update(`${accountId}/${permissionSet}`).digest('hex').slice(0, 16);
  return `AWSReservedSSO_${permissionSet}_${id}`;
}

export const reservedRoleArn = (accountId: string, permissionSet: string): string =>
  `arn:aws:iam::${accountId}:role${SSO_PATH}${reservedRoleName(accountId, permissionSet)}`;

/**
 * Trust of a provisioned role: on AWS the Identity Center SAML provider; here the principal the
 * stand-in mints with (moto checks a same-account AssumeRole against the exact principal ARN).
 */
export const reservedRoleTrust = (minterArn: string): PolicyDocument =>
  policy({ Effect: 'Allow', Principal: { AWS: minterArn }, Action: 'sts:AssumeRole' });

export interface WorldAccess {
  /** The principal of `stsFor(account)`, which the provisioned roles trust. */
  minterArn(account: string): string;
  iamFor(account: string): IAMClient;
  /** An administrator's STS client of the account, at the endpoint the app uses (moto or the STS guard). */
  stsFor(account: string): STSClient;
}

export async function startWorldIdentityCenter(
  spec: IdentityCenterSpec,
  world: WorldAccess,
): Promise<IdentityCenter> {
  for (const [accountId, account] of Object.entries(spec.accounts)) {
    const iam = world.iamFor(accountId);
    for (const [set, setSpec] of Object.entries(account.permissionSets)) {
      const roleName = reservedRoleName(accountId, set);
      await iam.send(
        new CreateRoleCommand({
          RoleName: roleName,
          Path: SSO_PATH,
          AssumeRolePolicyDocument: JSON.stringify(reservedRoleTrust(world.minterArn(accountId))),
          MaxSessionDuration: 12 * 3600,
        }),
      );
      for (const [i, document] of (setSpec.policies ?? []).entries()) {
        await iam.send(
          new PutRolePolicyCommand({
            RoleName: roleName,
            PolicyName: `${set}-inline-${i + 1}`,
            PolicyDocument: JSON.stringify(document),
          }),
        );
      }
    }
  }
  const mint = async (accountId: string, roleName: string, seconds: number): Promise<MintedCredentials> => {
    const out = await world.stsFor(accountId).send(
      new AssumeRoleCommand({
        RoleArn: reservedRoleArn(accountId, roleName),
        RoleSessionName: 'crossbucket-user@example.com',
        DurationSeconds: seconds,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new Error(`moto returned no credentials for ${roleName} in ${accountId}`);
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: new Date(c.Expiration),
    };
  };
  return startIdentityCenter({
    startUrl: spec.startUrl ?? DEFAULT_START_URL,
    region: spec.region ?? 'us-east-1',
    accounts: Object.fromEntries(
      Object.entries(spec.accounts).map(([id, a]) => [
        id,
        { name: a.name, email: a.email, roles: Object.keys(a.permissionSets) },
      ]),
    ),
    mint,
    ...(spec.accessTokenSeconds !== undefined ? { accessTokenSeconds: spec.accessTokenSeconds } : {}),
    ...(spec.roleSessionSeconds !== undefined ? { roleSessionSeconds: spec.roleSessionSeconds } : {}),
    ...(spec.registrationSeconds !== undefined ? { registrationSeconds: spec.registrationSeconds } : {}),
    ...(spec.deviceCodeSeconds !== undefined ? { deviceCodeSeconds: spec.deviceCodeSeconds } : {}),
    ...(spec.pageSize !== undefined ? { pageSize: spec.pageSize } : {}),
  });
}
