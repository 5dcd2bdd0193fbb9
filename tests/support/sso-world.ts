// The standard three accounts, reached through IAM Identity Center: a sign-in (sso-session
// "corp") assigned to all three accounts with a few permission sets, an SSO profile, a role
// chained on top of it, and a legacy profile that names the start URL itself.
import type { IniSection, WorldSpec } from './aws-world';
import { DEFAULT_START_URL, type IdentityCenterSpec } from './identity-center-world';
import { allow, bucketResources, policy } from './policies';
import { ACCOUNT, BUCKET, EXTERNAL_ID, REGION, ROLE_ARN } from './standard-world';

export const SSO_SESSION = 'corp';
export const SSO_START_URL = DEFAULT_START_URL;

export const PERMISSION_SET = {
  developer: 'Developer',
  readOnly: 'ReadOnly',
  auditor: 'AuditReader',
} as const;

export const SSO_PROFILE = {
  /** sso_session = corp, account 111111111111, Developer. */
  dev: 'sso-dev',
  /** deploy in 222222222222 (external ID), assumed from sso-dev. */
  chained: 'sso-chained',
  /** sso_start_url in the profile itself (legacy configuration), account 333333333333. */
  legacy: 'sso-legacy',
} as const;

export const IC_ACCOUNT_NAMES = {
  [ACCOUNT.dev]: 'Development',
  [ACCOUNT.prod]: 'Production',
  [ACCOUNT.audit]: 'Audit',
} as const;

const readOn = (bucket: string) =>
  policy(
    allow('s3:ListAllMyBuckets'),
    allow(['s3:ListBucket', 's3:GetBucketLocation'], `arn:aws:s3:::${bucket}`),
    allow('s3:GetObject', `arn:aws:s3:::${bucket}/*`),
  );

export function identityCenterSpec(overrides: Partial<IdentityCenterSpec> = {}): IdentityCenterSpec {
  return {
    startUrl: SSO_START_URL,
    region: REGION,
    accounts: {
      [ACCOUNT.dev]: {
        name: IC_ACCOUNT_NAMES[ACCOUNT.dev],
        email: 'aws-dev@example.com',
        permissionSets: {
          [PERMISSION_SET.developer]: {
            policies: [
              policy(
                allow('s3:*', bucketResources(BUCKET.devArtifacts)),
                allow('s3:ListAllMyBuckets'),
                allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT.prod}:role/*`),
              ),
            ],
          },
          [PERMISSION_SET.readOnly]: { policies: [readOn(BUCKET.devArtifacts)] },
        },
      },
      [ACCOUNT.prod]: {
        name: IC_ACCOUNT_NAMES[ACCOUNT.prod],
        email: 'aws-prod@example.com',
        permissionSets: {
          [PERMISSION_SET.readOnly]: { policies: [readOn(BUCKET.prodData)] },
          [PERMISSION_SET.developer]: {
            policies: [policy(allow('s3:*', bucketResources(BUCKET.prodData)), allow('s3:ListAllMyBuckets'))],
          },
        },
      },
      [ACCOUNT.audit]: {
        name: IC_ACCOUNT_NAMES[ACCOUNT.audit],
        email: 'aws-audit@example.com',
        permissionSets: { [PERMISSION_SET.auditor]: { policies: [readOn(BUCKET.auditReports)] } },
      },
    },
    ...overrides,
  };
}

/** SSO profiles of the world; the endpoints come from the world's environment (AWS_ENDPOINT_URL_SSO…). */
export const ssoProfiles = (): Record<string, IniSection> => ({
  [SSO_PROFILE.dev]: {
    sso_session: SSO_SESSION,
    sso_account_id: ACCOUNT.dev,
    sso_role_name: PERMISSION_SET.developer,
    region: REGION,
  },
  [SSO_PROFILE.chained]: {
    role_arn: ROLE_ARN.deploy,
    source_profile: SSO_PROFILE.dev,
    external_id: EXTERNAL_ID,
    // More than an hour: AWS caps a role assumed from a role session at one, and so does Crossbucket.
    duration_seconds: 7200,
    region: REGION,
  },
  [SSO_PROFILE.legacy]: {
    sso_start_url: SSO_START_URL,
    sso_region: REGION,
    sso_account_id: ACCOUNT.audit,
    sso_role_name: PERMISSION_SET.auditor,
    region: REGION,
  },
});

/** Adds Identity Center, the "corp" sso-session and the SSO profiles to a world (the standard one, say). */
export function withIdentityCenter(spec: WorldSpec, overrides: Partial<IdentityCenterSpec> = {}): WorldSpec {
  return {
    ...spec,
    identityCenter: identityCenterSpec(overrides),
    ssoSessions: {
      [SSO_SESSION]: {
        sso_start_url: SSO_START_URL,
        sso_region: REGION,
        sso_registration_scopes: 'sso:account:access',
      },
    },
    profiles: { ...spec.profiles, ...ssoProfiles() },
  };
}
