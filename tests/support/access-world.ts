// The cross-account scenario of the access explanations: half-configured grants, as people meet
// them. Account 111 (organization o-dev) reads from a bucket of account 222 (another
// organization), whose owner granted listing but not reading; a role of 111 lacks s3:GetObject
// on its own account's bucket; an SCP denies a prefix; and a partner role in 222 trusts the
// wrong account. The access guard answers as AWS does (enriched inside o-dev, "Access Denied"
// across organizations); sts-guard judges the trust policies as moto holds them.
import { mfaSerialArn, type WorldSpec } from './aws-world';
import { allow, bucketResources, deny, policy, trustAccount } from './policies';

export const ACCESS_ACCOUNT = {
  dev: '111111111111',
  partner: '222222222222',
  other: '333333333333',
} as const;

export const ACCESS_BUCKET = { share: 'partner-222-share', notes: 'dev-111-notes' } as const;

export const ACCESS_PROFILE = {
  dev: 'dev',
  analyst: 'analyst',
  auditor: 'auditor',
  partner: 'partner',
  caller: 'caller-without-assume',
} as const;

export const ACCESS_ROLE = {
  analyst: `arn:aws:iam::${ACCESS_ACCOUNT.dev}:role/analyst`,
  auditor: `arn:aws:iam::${ACCESS_ACCOUNT.dev}:role/auditor`,
  partner: `arn:aws:iam::${ACCESS_ACCOUNT.partner}:role/partner-access`,
} as const;

export const PARTNER_EXTERNAL_ID = 'partner-ext-7f3a';
export const ACCESS_DEV_MFA = mfaSerialArn(ACCESS_ACCOUNT.dev, 'dev');

export const SHARE_OBJECTS = {
  'reports/2025/q1.csv': 'quarter,revenue\nq1,140\n',
  'reports/2025/q2.csv': 'quarter,revenue\nq2,160\n',
  'private/salaries.csv': 'name,salary\n',
} as const;

export const NOTES_OBJECTS = {
  'notes.txt': 'notes of account 111111111111\n',
  'secret/plan.txt': 'under an SCP\n',
} as const;

/** What the owner of partner-222-share granted the analyst role: browsing, not reading. */
export function shareBucketPolicy() {
  const share = `arn:aws:s3:::${ACCESS_BUCKET.share}`;
  return policy({
    Sid: 'AnalystMayBrowse',
    Effect: 'Allow',
    Principal: { AWS: ACCESS_ROLE.analyst },
    Action: ['s3:ListBucket', 's3:GetBucketLocation'],
    Resource: share,
  });
}

/**
 * moto 5.2.1 evaluates the trust policy of a role in the caller's own account, and does not
 * match an account-root principal there: same-account roles trust the user by ARN.
 */
const trustUsers = (...users: string[]) =>
  policy({
    Effect: 'Allow',
    Principal: { AWS: users.map((u) => `arn:aws:iam::${ACCESS_ACCOUNT.dev}:user/${u}`) },
    Action: 'sts:AssumeRole',
  });

export function accessWorldSpec(): WorldSpec {
  const share = bucketResources(ACCESS_BUCKET.share);
  return {
    guardSts: true,
    guardAccess: {
      organizations: { [ACCESS_ACCOUNT.dev]: 'o-dev', [ACCESS_ACCOUNT.partner]: 'o-partner' },
      scps: {
        [ACCESS_ACCOUNT.dev]: [policy(deny('s3:GetObject', `arn:aws:s3:::${ACCESS_BUCKET.notes}/secret/*`))],
      },
    },
    accounts: {
      [ACCESS_ACCOUNT.dev]: {
        users: {
          dev: {
            mfa: true,
            policies: [
              policy(
                allow('sts:AssumeRole', [ACCESS_ROLE.analyst, ACCESS_ROLE.auditor, ACCESS_ROLE.partner]),
              ),
            ],
          },
          // Its role switch is refused by its own account: it may assume nothing.
          intern: { policies: [policy(allow('s3:ListAllMyBuckets'))] },
        },
        roles: {
          // Its own account gives it the share; the share's owner gave it browsing only.
          analyst: {
            trust: trustUsers('dev', 'intern'),
            policies: [
              policy(
                allow(['s3:ListBucket', 's3:GetBucketLocation', 's3:GetObject'], share),
                allow('s3:ListAllMyBuckets'),
              ),
            ],
          },
          // May list the notes bucket of its own account and read its settings, not its objects.
          auditor: {
            trust: trustUsers('dev'),
            policies: [
              policy(
                allow(
                  [
                    's3:ListBucket',
                    's3:GetBucketLocation',
                    's3:GetBucketPolicyStatus',
                    's3:GetEncryptionConfiguration',
                  ],
                  `arn:aws:s3:::${ACCESS_BUCKET.notes}`,
                ),
              ),
            ],
          },
        },
        buckets: { [ACCESS_BUCKET.notes]: { objects: { ...NOTES_OBJECTS } } },
      },
      [ACCESS_ACCOUNT.partner]: {
        roles: {
          // Set up for the wrong account: the partner's trust policy names 333333333333.
          'partner-access': {
            trust: trustAccount(ACCESS_ACCOUNT.other, { externalId: PARTNER_EXTERNAL_ID, requireMfa: true }),
            policies: [policy(allow(['s3:ListBucket', 's3:GetObject'], share), allow('s3:ListAllMyBuckets'))],
          },
        },
        buckets: { [ACCESS_BUCKET.share]: { objects: { ...SHARE_OBJECTS }, policy: shareBucketPolicy() } },
      },
      [ACCESS_ACCOUNT.other]: {},
    },
    profiles: {
      [ACCESS_PROFILE.dev]: { region: 'us-east-1' },
      [ACCESS_PROFILE.analyst]: { source_profile: 'dev', role_arn: ACCESS_ROLE.analyst, region: 'us-east-1' },
      [ACCESS_PROFILE.auditor]: { source_profile: 'dev', role_arn: ACCESS_ROLE.auditor, region: 'us-east-1' },
      [ACCESS_PROFILE.partner]: {
        source_profile: 'dev',
        role_arn: ACCESS_ROLE.partner,
        external_id: PARTNER_EXTERNAL_ID,
        mfa_serial: ACCESS_DEV_MFA,
        region: 'us-east-1',
      },
      [ACCESS_PROFILE.caller]: {
        source_profile: 'intern',
        role_arn: ACCESS_ROLE.analyst,
        region: 'us-east-1',
      },
    },
  };
}
