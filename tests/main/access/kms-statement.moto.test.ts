// The access explainer's KMS statements, proven like its bucket and identity statements: an
// SSE-KMS object of account 222 is read (kms:Decrypt) and written (kms:GenerateDataKey) by roles
// of account 111, through the app's own request handlers. moto keeps the key on the object but
// evaluates no key policy, so the access guard judges both sides as AWS does (kms-use.ts): the
// key policy in 222 and the role's identity policy in 111. Without the generated statement the
// call is refused and the explanation names the account that must add it; with it applied by
// that account's administrator, the same call succeeds.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, GetKeyPolicyCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { PutBucketEncryptionCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServices, createServices } from '../../../src/main/app/create-services';
import { type BrowserPlatform, browserPlatform } from '../../../src/main/bridge/browser-platform';
import { createDispatcher } from '../../../src/main/ipc/dispatcher';
import type { AccessExplanation, GeneratedStatement } from '../../../src/shared/models/access';
import type { AppError, Result } from '../../../src/shared/models/errors';
import { createWorld, type World, type WorldSpec } from '../../support/aws-world';
import { allow, bucketResources, policy } from '../../support/policies';

const OWNER = '222222222222';
const CALLER = '111111111111';
const BUCKET = 'vault-222-kms';
const SEALED = 'sealed/report.txt';
const SEALED_TEXT = 'encrypted with the vault key of 222222222222\n';
const ROLE = {
  mover: `arn:aws:iam::${CALLER}:role/mover`,
  newcomer: `arn:aws:iam::${CALLER}:role/newcomer`,
} as const;
/** Keys of 222 are not known before the world exists: identity policies name them by pattern. */
const OWNER_KEYS = `arn:aws:kms:us-east-1:${OWNER}:key/*`;

const s3Use = allow(
  ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetObject', 's3:PutObject'],
  bucketResources(BUCKET),
);

function kmsWorldSpec(): WorldSpec {
  const trustDev = policy({
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${CALLER}:user/dev` },
    Action: 'sts:AssumeRole',
  });
  return {
    guardSts: true,
    // One organization: AWS's refusals name the policy type, so the explainer can be certain.
    guardAccess: { organizations: { [CALLER]: 'o-corp', [OWNER]: 'o-corp' } },
    accounts: {
      [CALLER]: {
        users: { dev: { policies: [policy(allow('sts:AssumeRole', [ROLE.mover, ROLE.newcomer]))] } },
        roles: {
          // Its own account lets it use the vault keys; the key's owner has not (yet).
          mover: {
            trust: trustDev,
            policies: [policy(s3Use, allow(['kms:Decrypt', 'kms:GenerateDataKey'], OWNER_KEYS))],
          },
          // The key's owner lets it use the key; its own account has not (yet).
          newcomer: { trust: trustDev, policies: [policy(s3Use)] },
        },
      },
      [OWNER]: {
        buckets: {
          [BUCKET]: {
            objects: { 'plain.txt': 'not encrypted with KMS\n' },
            policy: policy({
              Sid: 'CorpRolesUseTheVault',
              Effect: 'Allow',
              Principal: { AWS: [ROLE.mover, ROLE.newcomer] },
              Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetObject', 's3:PutObject'],
              Resource: bucketResources(BUCKET),
            }),
          },
        },
      },
    },
    profiles: {
      dev: { region: 'us-east-1' },
      mover: { source_profile: 'dev', role_arn: ROLE.mover, region: 'us-east-1' },
      newcomer: { source_profile: 'dev', role_arn: ROLE.newcomer, region: 'us-east-1' },
    },
  };
}

let world: World;
let services: AppServices;
let platform: BrowserPlatform;
let call: (name: string, input: unknown) => Promise<Result<unknown>>;
let keyArn: string;

beforeAll(async () => {
  world = await createWorld(kmsWorldSpec());
  // The vault key: its administrators, and the newcomer role of 111 (but not the mover).
  const kms = world.kmsFor(OWNER);
  const created = await kms.send(
    new CreateKeyCommand({
      Description: 'vault key',
      Policy: JSON.stringify(
        policy(
          {
            Sid: 'EnableIamPolicies',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${OWNER}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Sid: 'NewcomerUsesTheKey',
            Effect: 'Allow',
            Principal: { AWS: ROLE.newcomer },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: '*',
          },
        ),
      ),
    }),
  );
  keyArn = created.KeyMetadata?.Arn ?? '';
  const owner = world.s3For(OWNER);
  await owner.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: SEALED,
      Body: SEALED_TEXT,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: keyArn,
    }),
  );
  // New objects (a folder made in the app) are encrypted with the vault key too.
  await owner.send(
    new PutBucketEncryptionCommand({
      Bucket: BUCKET,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }],
      },
    }),
  );

  const home = join(world.dir, 'home');
  mkdirSync(home, { recursive: true });
  platform = browserPlatform({ dataDir: home, version: 'test' });
  services = await createServices({ env: { HOME: home, ...world.env }, platform });
  call = createDispatcher(services.handlers);
});
afterAll(async () => {
  await services?.dispose();
  await world?.dispose();
});

const ok = async <T>(name: string, input: unknown): Promise<T> => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
};
const failed = async (name: string, input: unknown): Promise<AppError> => {
  const result = await call(name, input);
  if (result.ok) throw new Error(`${name} unexpectedly succeeded`);
  return result.error;
};
const sessionOf = async (profile: string) =>
  (await ok<{ sessionId: string }>('openSession', { profile })).sessionId;

let requests = 0;
const preview = (sessionId: string) => ({
  requestId: `kms-preview-${++requests}`,
  sessionId,
  bucket: BUCKET,
  key: SEALED,
  offset: 0,
  mode: 'text',
  gunzip: false,
});

const statementOf = (explanation: AccessExplanation, kind: GeneratedStatement['kind']) => {
  const found = explanation.findings.flatMap((f) => f.statements).find((s) => s.kind === kind);
  if (!found) throw new Error(`no ${kind} in ${JSON.stringify(explanation.findings)}`);
  return found;
};

const copied = async (explanation: AccessExplanation, statement: GeneratedStatement): Promise<string> => {
  await ok('copyAccessStatement', {
    explanationId: explanation.explanationId,
    statementId: statement.id,
    format: 'json',
  });
  return platform.clipboardText() ?? '';
};

/** The key's administrator adds the statement to the key policy, as howToApply says. */
async function addToKeyPolicy(statementJson: string): Promise<void> {
  const kms = world.kmsFor(OWNER);
  const current = await kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }));
  const doc = JSON.parse(current.Policy ?? '{}') as { Statement: unknown[] };
  doc.Statement.push(JSON.parse(statementJson));
  await kms.send(
    new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: JSON.stringify(doc) }),
  );
}

const textOf = (chunk: unknown): string => JSON.stringify(chunk);

describe('SSE-KMS across accounts: the key policy statement', () => {
  it('a read refused by the key policy: the explanation names 222’s key policy, and its statement unlocks the read', async () => {
    const sessionId = await sessionOf('mover');
    // The object's bytes are readable once KMS agrees; a plain object of the same bucket already is.
    await expect(ok('previewObject', { ...preview(sessionId), key: 'plain.txt' })).resolves.toBeDefined();
    const error = await failed('previewObject', preview(sessionId));
    expect(error.code).toBe('access-denied');
    expect(error.access).toMatchObject({
      form: 'enriched',
      action: 'kms:Decrypt',
      resource: keyArn,
      policyType: 'resource-based',
    });

    const explanation = await ok<AccessExplanation>('explainAccess', { sessionId, denial: error.access });
    expect(explanation.findings).toEqual([
      expect.objectContaining({ side: 'kms-key', account: OWNER, certainty: 'certain' }),
    ]);
    const statement = statementOf(explanation, 'kms-key-policy');
    expect(statement).toMatchObject({ account: OWNER, target: `KMS key ${keyArn.split('/').pop()}` });
    const text = await copied(explanation, statement);
    expect(JSON.parse(text)).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: ROLE.mover },
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    });

    await addToKeyPolicy(text);
    expect(textOf(await ok('previewObject', preview(sessionId)))).toContain('encrypted with the vault key');
  });

  it('a write refused by the key policy (kms:GenerateDataKey): its statement unlocks the write', async () => {
    const sessionId = await sessionOf('mover');
    const folder = { sessionId, bucket: BUCKET, prefix: '', name: 'incoming' };
    const error = await failed('createFolder', folder);
    expect(error.access).toMatchObject({
      action: 'kms:GenerateDataKey',
      resource: keyArn,
      policyType: 'resource-based',
    });
    const explanation = await ok<AccessExplanation>('explainAccess', { sessionId, denial: error.access });
    expect(explanation.findings).toEqual([expect.objectContaining({ side: 'kms-key', account: OWNER })]);
    const text = await copied(explanation, statementOf(explanation, 'kms-key-policy'));
    expect(JSON.parse(text)).toMatchObject({ Principal: { AWS: ROLE.mover }, Action: 'kms:GenerateDataKey' });

    await addToKeyPolicy(text);
    await expect(ok('createFolder', folder)).resolves.toEqual({ key: 'incoming/' });
  });

  it('when only the caller’s own policy lacks kms:Decrypt, its account is named and its statement unlocks the read', async () => {
    const sessionId = await sessionOf('newcomer');
    const error = await failed('previewObject', preview(sessionId));
    expect(error.access).toMatchObject({
      action: 'kms:Decrypt',
      resource: keyArn,
      policyType: 'identity-based',
    });
    const explanation = await ok<AccessExplanation>('explainAccess', { sessionId, denial: error.access });
    expect(explanation.findings).toEqual([
      expect.objectContaining({ side: 'caller', account: CALLER, certainty: 'certain' }),
    ]);
    const identity = statementOf(explanation, 'identity-policy');
    expect(identity.target).toBe('role newcomer');
    const document = await copied(explanation, identity);
    expect(JSON.parse(document).Statement).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn }),
    ]);

    await world.iamFor(CALLER).send(
      new PutRolePolicyCommand({
        RoleName: 'newcomer',
        PolicyName: 'crossbucket-fix',
        PolicyDocument: document,
      }),
    );
    expect(textOf(await ok('previewObject', preview(sessionId)))).toContain('encrypted with the vault key');
  });
});
