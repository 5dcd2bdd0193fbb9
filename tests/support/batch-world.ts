// The Batch Operations scenario: account 111 exports data from its bucket, account 222 archives
// it and runs the job (its role, its manifest bucket). Both accounts are in one organization,
// so AWS (the access guard) names the refused action and policy type. An account of its own
// (999) stands for the Batch Operations service when the stand-in assumes the job's role.
// `applyStatements` plays the user applying what Crossbucket generated, as each account's
// administrator would (create-role, put-role-policy, put-user-policy, put-bucket-policy, put-key-policy). The
// archivist user of 222 holds neither s3:CreateJob nor iam:PassRole: the proposal's first
// statement grants them, and the stand-in refuses CreateJob without them.
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateKeyCommand, GetKeyPolicyCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { PutBucketEncryptionCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import type { GeneratedStatement } from '../../src/shared/models/access';
import { createWorld, type World, type WorldSpec } from './aws-world';
import { type BatchOperationsStandIn, startBatchOperationsStandIn } from './batch-operations-stand-in';
import { allow, type PolicyDocument, policy } from './policies';

export const BATCH_ACCOUNT = {
  source: '111111111111',
  target: '222222222222',
  service: '999999999999',
} as const;
export const BATCH_BUCKET = {
  source: 'exports-111-data',
  target: 'archive-222-data',
  ops: 'ops-222-batch',
  /** 222's bucket for a job that 111 runs: ACLs in use, and (once `encryptWithOwnKey`) SSE-KMS. */
  vault: 'vault-222-data',
  /** 111's manifest bucket, for a job that 111 runs. */
  exportOps: 'ops-111-batch',
} as const;
export const BATCH_PROFILE = { source: 'exporter', target: 'archivist' } as const;

/** Keys that a CSV manifest must carry safely: a comma, a plus, a space, non-ASCII, a newline, `//` and `..`. */
export const BATCH_OBJECTS = {
  'exports/2026/report, final+v2.csv': 'id,total\n1,10\n',
  'exports/2026/naïve résumé.txt': 'unicode key\n',
  'exports/2026//double-slash.txt': 'a double slash\n',
  'exports/2026/empty-folder/': '',
  'exports/2026/large.bin': { size: 3 * 1024 * 1024 + 17 },
} as const;

export function batchWorldSpec(): WorldSpec {
  const src = `arn:aws:s3:::${BATCH_BUCKET.source}`;
  const exportOps = [`arn:aws:s3:::${BATCH_BUCKET.exportOps}`, `arn:aws:s3:::${BATCH_BUCKET.exportOps}/*`];
  const archive = [BATCH_BUCKET.target, BATCH_BUCKET.ops, BATCH_BUCKET.vault].flatMap((b) => [
    `arn:aws:s3:::${b}`,
    `arn:aws:s3:::${b}/*`,
  ]);
  return {
    guardAccess: {
      organizations: { [BATCH_ACCOUNT.source]: 'o-corp', [BATCH_ACCOUNT.target]: 'o-corp' },
      // The job's copies carry ACLs and tags: their actions are judged too.
      headerActions: true,
    },
    accounts: {
      [BATCH_ACCOUNT.source]: {
        users: {
          exporter: {
            policies: [
              policy(
                allow(
                  [
                    's3:ListBucket',
                    's3:GetBucketLocation',
                    's3:GetBucketPolicy',
                    's3:GetEncryptionConfiguration',
                  ],
                  src,
                ),
                allow(['s3:GetObject'], `${src}/*`),
                allow('s3:*', exportOps),
                allow('s3:ListAllMyBuckets'),
              ),
            ],
          },
        },
        buckets: { [BATCH_BUCKET.source]: { objects: { ...BATCH_OBJECTS } }, [BATCH_BUCKET.exportOps]: {} },
      },
      [BATCH_ACCOUNT.target]: {
        users: {
          archivist: {
            policies: [
              // Not s3:CreateJob nor iam:PassRole: the proposal's first statement grants those.
              policy(allow('s3:*', archive), allow('s3:ListAllMyBuckets')),
            ],
          },
        },
        buckets: { [BATCH_BUCKET.target]: {}, [BATCH_BUCKET.ops]: {}, [BATCH_BUCKET.vault]: {} },
      },
      [BATCH_ACCOUNT.service]: {},
    },
    profiles: {
      [BATCH_PROFILE.source]: { region: 'us-east-1' },
      [BATCH_PROFILE.target]: { region: 'us-east-1' },
    },
    credentials: {},
  };
}

export interface BatchWorld {
  readonly world: World;
  readonly standIn: BatchOperationsStandIn;
  /** The environment the app runs with: the world's files, S3 Control pointed at the stand-in. */
  readonly env: Record<string, string>;
  dispose(): Promise<void>;
}

export async function createBatchWorld(): Promise<BatchWorld> {
  const world = await createWorld(batchWorldSpec());
  try {
    const standIn = await startBatchStandIn(world);
    return {
      world,
      standIn,
      env: { ...world.env, AWS_ENDPOINT_URL_S3_CONTROL: standIn.endpoint },
      dispose: async () => {
        await standIn.close();
        await world.dispose();
      },
    };
  } catch (error) {
    await world.dispose();
    throw error;
  }
}

/** The stand-in over a world built from `batchWorldSpec()`, with the service's own identity in account 999. */
export async function startBatchStandIn(world: World): Promise<BatchOperationsStandIn> {
  // A user of 999 that may call AssumeRole; whether a role trusts the service is judged by the stand-in.
  const iam = world.iamFor(BATCH_ACCOUNT.service);
  await iam.send(new CreateUserCommand({ UserName: 'batch-operations' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'batch-operations',
      PolicyName: 'assume-job-roles',
      PolicyDocument: JSON.stringify(policy(allow('sts:AssumeRole', 'arn:aws:iam::*:role/*'))),
    }),
  );
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'batch-operations' }));
  const guard = world.accessGuard;
  if (!guard) throw new Error('the Batch Operations stand-in needs a world with guardAccess');
  return startBatchOperationsStandIn({
    authorize: (call) => guard.authorize(call),
    endpoint: world.endpoint,
    region: 'us-east-1',
    serviceCredentials: {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    },
    roleTrust: (roleArn) => roleTrust(world, roleArn),
  });
}

async function roleTrust(world: World, roleArn: string): Promise<PolicyDocument | undefined> {
  const account = roleArn.split(':')[4] ?? '';
  try {
    const { Role } = await world
      .iamFor(account)
      .send(new GetRoleCommand({ RoleName: roleArn.split('/').pop() }));
    const text = Role?.AssumeRolePolicyDocument ?? '';
    return JSON.parse(text.trimStart().startsWith('{') ? text : decodeURIComponent(text)) as PolicyDocument;
  } catch {
    return undefined;
  }
}

/**
 * Applies generated statements as each statement's account administrator would (the trust
 * policy first, as create-role; identity policies on the user or role they name, under their
 * id); `skip` leaves some out.
 */
export async function applyStatements(
  world: World,
  roleName: string,
  statements: readonly GeneratedStatement[],
  skip: readonly string[] = [],
): Promise<void> {
  const ordered = [...statements].sort(
    (a, b) => Number(b.kind === 'trust-policy') - Number(a.kind === 'trust-policy'),
  );
  for (const s of ordered) {
    if (skip.includes(s.id)) continue;
    const account = s.account ?? '';
    if (s.kind === 'trust-policy') {
      await world
        .iamFor(account)
        .send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: s.json }));
    } else if (s.kind === 'identity-policy') {
      const [kind, name = ''] = s.target.split(' ');
      const iam = world.iamFor(account);
      if (kind === 'user')
        await iam.send(
          new PutUserPolicyCommand({ UserName: name, PolicyName: s.id, PolicyDocument: s.json }),
        );
      else
        await iam.send(
          new PutRolePolicyCommand({ RoleName: name, PolicyName: s.id, PolicyDocument: s.json }),
        );
    } else if (s.kind === 'bucket-policy') {
      const bucket = s.target.replace(/^bucket /, '');
      await world.s3For(account).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: s.json }));
    } else if (s.kind === 'kms-key-policy') {
      // The statement joins the key's policy, as its howToApply says.
      const kms = world.kmsFor(account);
      const keyId = s.target.replace(/^KMS key /, '');
      const current = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
      const doc = JSON.parse(current.Policy ?? '{"Version":"2012-10-17","Statement":[]}') as PolicyDocument;
      doc.Statement = [...[doc.Statement ?? []].flat(), JSON.parse(s.json)];
      await kms.send(
        new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: JSON.stringify(doc) }),
      );
    }
  }
}

/** A new KMS key of the bucket's owner becomes the bucket's default encryption (with an S3 Bucket Key); its ARN. */
export async function encryptWithOwnKey(world: World, account: string, bucket: string): Promise<string> {
  const key = await world
    .kmsFor(account)
    .send(new CreateKeyCommand({ Description: `default key of ${bucket}` }));
  const keyArn = key.KeyMetadata?.Arn ?? '';
  await world.s3For(account).send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn },
            BucketKeyEnabled: true,
          },
        ],
      },
    }),
  );
  return keyArn;
}
