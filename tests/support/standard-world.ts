// The canonical three-account scenario shared by the integration and E2E suites.
import { mfaSerialArn, type ObjectSpec, type WorldSpec } from './aws-world';
import { allow, bucketResources, deny, policy, trustAccount } from './policies';

export const ACCOUNT = {
  dev: '111111111111',
  prod: '222222222222',
  audit: '333333333333',
} as const;

export const USER = { dev: 'dev', nobody: 'nobody' } as const;

export const BUCKET = {
  devArtifacts: 'dev-111-artifacts',
  prodData: 'prod-222-data',
  prodLogs: 'prod-222-logs',
  auditReports: 'audit-333-reports',
} as const;

export const ROLE_ARN = {
  deploy: `arn:aws:iam::${ACCOUNT.prod}:role/deploy`,
  readonly: `arn:aws:iam::${ACCOUNT.prod}:role/readonly`,
  nolist: `arn:aws:iam::${ACCOUNT.prod}:role/nolist`,
  audit: `arn:aws:iam::${ACCOUNT.audit}:role/audit`,
} as const;

export const EXTERNAL_ID = 'crossbucket-ext-42';
export const SESSION_NAME = 'crossbucket-e2e';
export const DEPLOY_DURATION_SECONDS = 1800;
export const DEV_MFA_SERIAL = mfaSerialArn(ACCOUNT.dev, USER.dev);
export const REGION = 'us-east-1';

export const PROFILE = {
  dev: 'dev',
  nobody: 'nobody',
  deploy: 'deploy',
  audit: 'audit',
  readonly: 'readonly',
  nolist: 'nolist',
  loopA: 'loop-a',
  loopB: 'loop-b',
  orphan: 'orphan',
  bothSources: 'both-sources',
  badArn: 'bad-arn',
} as const;

/** Profiles a correct implementation must refuse to use, with the reason each is broken. */
export const BROKEN_PROFILES = {
  [PROFILE.loopA]: 'source_profile cycle loop-a -> loop-b -> loop-a',
  [PROFILE.loopB]: 'source_profile cycle loop-b -> loop-a -> loop-b',
  [PROFILE.orphan]: 'source_profile names a profile that does not exist',
  [PROFILE.bothSources]: 'sets both source_profile and credential_source',
  [PROFILE.badArn]: 'role_arn is not a valid role ARN',
} as const;

export const DEV_OBJECTS: Record<string, ObjectSpec> = {
  'build/app-1.0.0.zip': { size: 4096 },
  'build/app-1.0.1.zip': { size: 4096 },
  'notes.txt': 'artifacts of account 111111111111\n',
};

export const PROD_DATA_OBJECTS: Record<string, ObjectSpec> = {
  'README.txt': 'production data of account 222222222222\n',
  'reports/2024/q1.csv': 'quarter,revenue\nq1,100\n',
  'reports/2024/q2.csv': 'quarter,revenue\nq2,120\n',
  'reports/2025/q1.csv': 'quarter,revenue\nq1,140\n',
  'images/logo.png': { size: 2048 },
  // Names that need URL encoding: spaces, non-ASCII, plus and percent signs.
  'docs/hello world ü.txt': 'encoded key\n',
  'docs/a+b%20c.txt': 'literal plus and percent\n',
  // Large enough for multipart transfers and progress reporting.
  'big/blob.bin': { size: 6 * 1024 * 1024 },
};

export const PROD_LOGS_OBJECTS: Record<string, ObjectSpec> = {
  'app/2025-01-01.log': 'INFO started\n',
  'app/2025-01-02.log': 'INFO started\nWARN slow\n',
};

export const AUDIT_OBJECTS: Record<string, ObjectSpec> = {
  'findings/2025.json': '{"findings":[]}\n',
};

/** Full S3 on the listed buckets plus the bucket listing every console shows. */
function s3On(...buckets: string[]) {
  return [allow('s3:*', bucketResources(...buckets)), allow('s3:ListAllMyBuckets')];
}

export function standardWorldSpec(): WorldSpec {
  const roleSource = { source_profile: PROFILE.dev, region: REGION };
  return {
    accounts: {
      [ACCOUNT.dev]: {
        users: {
          [USER.dev]: {
            mfa: true,
            policies: [
              policy(
                allow('sts:AssumeRole', [
                  `arn:aws:iam::${ACCOUNT.prod}:role/*`,
                  `arn:aws:iam::${ACCOUNT.audit}:role/*`,
                ]),
                ...s3On(BUCKET.devArtifacts),
              ),
            ],
          },
          [USER.nobody]: { policies: [policy(allow('s3:ListAllMyBuckets'))] },
        },
        buckets: { [BUCKET.devArtifacts]: { objects: DEV_OBJECTS } },
      },
      [ACCOUNT.prod]: {
        roles: {
          deploy: {
            trust: trustAccount(ACCOUNT.dev, { externalId: EXTERNAL_ID }),
            policies: [
              policy(
                allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT.audit}:role/*`),
                ...s3On(BUCKET.prodData, BUCKET.prodLogs),
              ),
            ],
          },
          readonly: {
            trust: trustAccount(ACCOUNT.dev),
            policies: [
              policy(
                allow('s3:ListBucket', `arn:aws:s3:::${BUCKET.prodData}`),
                allow('s3:GetObject', `arn:aws:s3:::${BUCKET.prodData}/*`),
              ),
            ],
          },
          nolist: {
            trust: trustAccount(ACCOUNT.dev),
            policies: [
              policy(
                allow('s3:*', bucketResources(BUCKET.prodData, BUCKET.prodLogs)),
                deny('s3:ListAllMyBuckets'),
              ),
            ],
          },
        },
        buckets: {
          [BUCKET.prodData]: { objects: PROD_DATA_OBJECTS },
          [BUCKET.prodLogs]: { objects: PROD_LOGS_OBJECTS },
        },
      },
      [ACCOUNT.audit]: {
        roles: {
          audit: {
            trust: trustAccount(ACCOUNT.prod, { requireMfa: true }),
            policies: [policy(...s3On(BUCKET.auditReports))],
          },
        },
        buckets: { [BUCKET.auditReports]: { objects: AUDIT_OBJECTS } },
      },
    },
    profiles: {
      [PROFILE.dev]: { region: REGION },
      [PROFILE.nobody]: { region: REGION },
      [PROFILE.deploy]: {
        ...roleSource,
        role_arn: ROLE_ARN.deploy,
        external_id: EXTERNAL_ID,
        role_session_name: SESSION_NAME,
        duration_seconds: DEPLOY_DURATION_SECONDS,
      },
      [PROFILE.audit]: {
        role_arn: ROLE_ARN.audit,
        source_profile: PROFILE.deploy,
        mfa_serial: DEV_MFA_SERIAL,
        region: REGION,
      },
      [PROFILE.readonly]: { ...roleSource, role_arn: ROLE_ARN.readonly },
      [PROFILE.nolist]: { ...roleSource, role_arn: ROLE_ARN.nolist },
      [PROFILE.loopA]: { role_arn: ROLE_ARN.deploy, source_profile: PROFILE.loopB, region: REGION },
      [PROFILE.loopB]: { role_arn: ROLE_ARN.deploy, source_profile: PROFILE.loopA, region: REGION },
      [PROFILE.orphan]: { role_arn: ROLE_ARN.deploy, source_profile: 'does-not-exist', region: REGION },
      [PROFILE.bothSources]: { ...roleSource, role_arn: ROLE_ARN.deploy, credential_source: 'Environment' },
      [PROFILE.badArn]: { ...roleSource, role_arn: 'arn:aws:iam::not-an-account:role' },
    },
  };
}
