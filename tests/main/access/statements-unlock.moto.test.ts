// The generated statements are right when the server accepts the refused call after they are
// applied. Through the app's own request handlers (as the UI calls them): a call is denied, the
// explanation names the account that must act, the statement main copies is applied through
// moto with that account's administrator (put-role-policy, put-bucket-policy,
// update-assume-role-policy), and the same call then succeeds — and nothing wider does.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { GetBucketPolicyCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServices, createServices } from '../../../src/main/app/create-services';
import { type BrowserPlatform, browserPlatform } from '../../../src/main/bridge/browser-platform';
import { createDispatcher } from '../../../src/main/ipc/dispatcher';
import type { AccessExplanation, AccessMatrix, GeneratedStatement } from '../../../src/shared/models/access';
import type { AppError, Result } from '../../../src/shared/models/errors';
import {
  ACCESS_ACCOUNT,
  ACCESS_BUCKET,
  ACCESS_DEV_MFA,
  ACCESS_PROFILE,
  ACCESS_ROLE,
  accessWorldSpec,
  PARTNER_EXTERNAL_ID,
} from '../../support/access-world';
import { createWorld, type World } from '../../support/aws-world';

let world: World;
let services: AppServices;
let platform: BrowserPlatform;
let call: (name: string, input: unknown) => Promise<Result<unknown>>;

beforeAll(async () => {
  world = await createWorld(accessWorldSpec());
  const home = join(world.dir, 'home');
  mkdirSync(home, { recursive: true });
  platform = browserPlatform({ dataDir: home, version: 'test' });
  services = await createServices({ env: { HOME: home, ...world.env }, platform });
  call = createDispatcher(services.handlers);
  // Answer every MFA prompt with the device's code, as the user would.
  services.hub.add({
    emit: (event, payload) => {
      if (event !== 'mfaRequired') return;
      const prompt = payload as { promptId: string; mfaSerial: string };
      void call('answerMfa', { promptId: prompt.promptId, code: world.mfaCode(prompt.mfaSerial) });
    },
  });
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

const statementOf = (explanation: AccessExplanation, kind: GeneratedStatement['kind']) => {
  const found = explanation.findings.flatMap((f) => f.statements).find((s) => s.kind === kind);
  if (!found) throw new Error(`no ${kind} in ${JSON.stringify(explanation.findings)}`);
  return found;
};

const probe = (matrix: AccessMatrix, name: string) => {
  const found = matrix.probes.find((p) => p.call === name);
  if (!found) throw new Error(`no ${name} probe in ${JSON.stringify(matrix.probes)}`);
  return found;
};

/** What the copy button puts on the clipboard: the full document, from main. */
const copied = async (explanation: AccessExplanation, statement: GeneratedStatement): Promise<string> => {
  await ok('copyAccessStatement', {
    explanationId: explanation.explanationId,
    statementId: statement.id,
    format: 'json',
  });
  return platform.clipboardText() ?? '';
};

describe('S3 denials', () => {
  it('across organizations: names the owner (probed), and its bucket statement unlocks the read of that folder only', async () => {
    const sessionId = await sessionOf(ACCESS_PROFILE.analyst);
    const read = { sessionId, bucket: ACCESS_BUCKET.share, key: 'reports/2025/q1.csv' };
    const error = await failed('headObject', read);
    expect(error.access).toMatchObject({ form: 'plain', action: 's3:GetObject' });

    const explanation = await ok<AccessExplanation>('explainAccess', {
      sessionId,
      denial: error.access,
      scopePrefix: 'reports/2025/',
    });
    expect(explanation.callerAccount).toBe(ACCESS_ACCOUNT.dev);
    expect(explanation.ownerAccount).toBe(ACCESS_ACCOUNT.partner);
    expect(explanation.facts.find((f) => f.label === 'Bucket owner')?.how).toMatch(
      /x-amz-expected-bucket-owner/,
    );
    const bucket = statementOf(explanation, 'bucket-policy');
    expect(bucket.account).toBe(ACCESS_ACCOUNT.partner);
    expect(statementOf(explanation, 'identity-policy').account).toBe(ACCESS_ACCOUNT.dev);

    // The owner adds the statement to the bucket's policy, as howToApply says.
    const owner = world.s3For(ACCESS_ACCOUNT.partner);
    const current = JSON.parse(
      (await owner.send(new GetBucketPolicyCommand({ Bucket: ACCESS_BUCKET.share }))).Policy ?? '{}',
    ) as { Statement: unknown[] };
    const generated = JSON.parse(await copied(explanation, bucket)) as { Statement: unknown[] };
    await owner.send(
      new PutBucketPolicyCommand({
        Bucket: ACCESS_BUCKET.share,
        Policy: JSON.stringify({ ...current, Statement: [...current.Statement, ...generated.Statement] }),
      }),
    );

    await expect(ok('headObject', read)).resolves.toMatchObject({ key: 'reports/2025/q1.csv' });
    await expect(ok('headObject', { ...read, key: 'reports/2025/q2.csv' })).resolves.toBeDefined();
    // Least privilege: the grant covers the folder, not the bucket.
    expect((await failed('headObject', { ...read, key: 'private/salaries.csv' })).code).toBe('access-denied');
  });

  it('inside one organization: the enriched message makes the role’s account certain, and its policy unlocks the read', async () => {
    const sessionId = await sessionOf(ACCESS_PROFILE.auditor);
    const check = { sessionId, bucket: ACCESS_BUCKET.notes, prefix: '', key: 'notes.txt' };
    const before = await ok<AccessMatrix>('checkAccess', check);
    const read = probe(before, 'GetObject (bytes 0-0)');
    expect(read.outcome).toBe('denied');
    expect(probe(before, 'GetBucketLocation')).toMatchObject({
      outcome: 'allowed',
      detail: 'region us-east-1',
    });
    expect(probe(before, 'GetBucketPolicyStatus')).toMatchObject({
      outcome: 'allowed',
      detail: 'not public',
    });
    expect(probe(before, 'GetBucketEncryption')).toMatchObject({
      outcome: 'allowed',
      detail: 'no default encryption configured',
    });
    // A HEAD denial has no body; the ranged GET carries AWS's reason.
    expect(read.error?.access).toMatchObject({
      form: 'enriched',
      policyType: 'identity-based',
      explicit: false,
    });

    const explanation = await ok<AccessExplanation>('explainAccess', {
      sessionId,
      denial: read.error?.access,
    });
    expect(explanation.findings[0]).toMatchObject({
      side: 'caller',
      account: ACCESS_ACCOUNT.dev,
      certainty: 'certain',
    });
    expect(explanation.findings).toHaveLength(1);
    const identity = statementOf(explanation, 'identity-policy');
    expect(identity.target).toBe('role auditor');
    await world.iamFor(ACCESS_ACCOUNT.dev).send(
      new PutRolePolicyCommand({
        RoleName: 'auditor',
        PolicyName: 'crossbucket-fix',
        PolicyDocument: await copied(explanation, identity),
      }),
    );

    const after = await ok<AccessMatrix>('checkAccess', check);
    expect(probe(after, 'HeadObject').outcome).toBe('allowed');
    expect(probe(after, 'GetObject (bytes 0-0)')).toMatchObject({
      outcome: 'allowed',
      detail: 'read 1 byte',
    });
  });

  it('an explicit deny in an SCP is the platform team’s: no statement is offered', async () => {
    const sessionId = await sessionOf(ACCESS_PROFILE.auditor);
    const matrix = await ok<AccessMatrix>('checkAccess', {
      ...{ sessionId, bucket: ACCESS_BUCKET.notes },
      prefix: 'secret/',
      key: 'secret/plan.txt',
    });
    const read = probe(matrix, 'GetObject (bytes 0-0)');
    expect(read.error?.access).toMatchObject({ policyType: 'service-control', explicit: true });
    const explanation = await ok<AccessExplanation>('explainAccess', {
      sessionId,
      denial: read.error?.access,
    });
    expect(explanation.findings).toEqual([
      expect.objectContaining({ side: 'guardrail', account: ACCESS_ACCOUNT.dev, statements: [] }),
    ]);
    expect(explanation.headline).toMatch(/explicit deny in a service control policy/);
  });
});

describe('AssumeRole denials', () => {
  it('a trust policy naming the wrong account: the generated trust policy (external ID and MFA) unlocks the switch', async () => {
    const error = await failed('openSession', { profile: ACCESS_PROFILE.partner });
    expect(error).toMatchObject({ code: 'assume-role-denied' });
    expect(error.access).toMatchObject({
      action: 'sts:AssumeRole',
      resource: ACCESS_ROLE.partner,
      assumeRole: { profile: ACCESS_PROFILE.partner, externalIdSent: true, mfaSent: true },
    });
    const explanation = await ok<AccessExplanation>('explainAccess', { denial: error.access });
    const trust = statementOf(explanation, 'trust-policy');
    expect(trust).toMatchObject({
      account: ACCESS_ACCOUNT.partner,
      target: 'role partner-access (trust policy)',
    });
    // The external ID stays in main: masked in what the renderer sees, whole on the clipboard.
    expect(trust.json).not.toContain(PARTNER_EXTERNAL_ID);
    const document = await copied(explanation, trust);
    expect(JSON.parse(document).Statement[0]).toEqual({
      Sid: 'CrossbucketAssumeFromDev',
      Effect: 'Allow',
      Principal: { AWS: world.users.dev?.arn },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'sts:ExternalId': PARTNER_EXTERNAL_ID },
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      },
    });
    expect(ACCESS_DEV_MFA).toContain(ACCESS_ACCOUNT.dev);

    await world
      .iamFor(ACCESS_ACCOUNT.partner)
      .send(new UpdateAssumeRolePolicyCommand({ RoleName: 'partner-access', PolicyDocument: document }));
    await expect(ok('openSession', { profile: ACCESS_PROFILE.partner })).resolves.toMatchObject({
      identity: { account: ACCESS_ACCOUNT.partner },
    });
  });

  it('a caller without sts:AssumeRole: its own account’s identity statement unlocks the switch', async () => {
    const error = await failed('openSession', { profile: ACCESS_PROFILE.caller });
    const explanation = await ok<AccessExplanation>('explainAccess', { denial: error.access });
    const identity = statementOf(explanation, 'identity-policy');
    expect(identity).toMatchObject({ account: ACCESS_ACCOUNT.dev, target: 'user intern' });
    await world.iamFor(ACCESS_ACCOUNT.dev).send(
      new PutUserPolicyCommand({
        UserName: 'intern',
        PolicyName: 'crossbucket-fix',
        PolicyDocument: await copied(explanation, identity),
      }),
    );
    await expect(ok('openSession', { profile: ACCESS_PROFILE.caller })).resolves.toMatchObject({
      identity: { arn: expect.stringContaining(':assumed-role/analyst/') },
    });
  });
});
