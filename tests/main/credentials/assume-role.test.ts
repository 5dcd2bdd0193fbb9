import { describe, expect, it } from 'vitest';
import { assumeRoleStep, MAX_MFA_ATTEMPTS } from '../../../src/main/credentials/assume-role';
import { AppFailure } from '../../../src/shared/errors/app-error';
import { failureOf } from '../../support/app-failure';
import { AUDIT, awsError, DEPLOY, FakeSts, ROOT_KEYS, ScriptedMfa, step } from './fake-sts';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const now = () => NOW;

const run = (sts: FakeSts, mfa: ScriptedMfa, s = DEPLOY, callerIsRole = false) =>
  assumeRoleStep({
    step: s,
    credentials: ROOT_KEYS,
    callerIsRole,
    target: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:9/' },
    sts: sts.factory,
    mfa,
    now,
  });

describe('assumeRoleStep', () => {
  it('sends the profile settings and the explicit endpoint', async () => {
    const sts = new FakeSts(now);
    const out = await run(sts, new ScriptedMfa([]));
    expect(sts.calls[0]?.input).toEqual({
      RoleArn: DEPLOY.roleArn,
      RoleSessionName: 'deploy-session',
      ExternalId: 'ext-123',
      DurationSeconds: 3600,
    });
    expect(sts.calls[0]?.target).toEqual({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9/' });
    expect(sts.calls[0]?.caller).toEqual(ROOT_KEYS);
    expect(out.credentials.expiration).toEqual(new Date(NOW + 3600_000));
    expect(out.assumedRoleArn).toContain('assumed-role/deploy/deploy-session');
  });

  it('names the session crossbucket-<timestamp> when the profile sets none', async () => {
    const sts = new FakeSts(now);
    await run(sts, new ScriptedMfa([]), step({ profile: 'p', roleArn: DEPLOY.roleArn }));
    expect(sts.calls[0]?.input.RoleSessionName).toBe(`crossbucket-${NOW}`);
    expect(sts.calls[0]?.input.ExternalId).toBeUndefined();
  });

  it('asks for an MFA code and sends it with the serial; keeps duration_seconds for a user caller', async () => {
    const sts = new FakeSts(now);
    const mfa = new ScriptedMfa(['123456']);
    await run(sts, mfa, AUDIT);
    expect(mfa.requests).toEqual([
      { profile: 'audit', roleArn: AUDIT.roleArn, mfaSerial: AUDIT.mfaSerial, attempt: 1 },
    ]);
    expect(sts.calls[0]?.input).toMatchObject({
      SerialNumber: AUDIT.mfaSerial,
      TokenCode: '123456',
      DurationSeconds: 7200,
    });
  });

  it('caps the duration at one hour when the caller is itself a role', async () => {
    const sts = new FakeSts(now);
    await run(sts, new ScriptedMfa(['123456']), AUDIT, true);
    expect(sts.calls[0]?.input.DurationSeconds).toBe(3600);
  });

  it('asks again with the error shown when STS refuses the code', async () => {
    const sts = new FakeSts(now);
    sts.failWith = (call) =>
      call.input.TokenCode === '111111'
        ? awsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.')
        : undefined;
    const mfa = new ScriptedMfa(['111111', '222222']);
    await run(sts, mfa, AUDIT);
    expect(mfa.requests.map((r) => r.attempt)).toEqual([1, 2]);
    expect(mfa.requests[1]?.error?.code).toBe('mfa-invalid');
    expect(sts.calls.map((c) => c.input.TokenCode)).toEqual(['111111', '222222']);
  });

  it(`gives up with mfa-invalid after ${MAX_MFA_ATTEMPTS} refused codes`, async () => {
    const sts = new FakeSts(now);
    sts.failWith = () =>
      awsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
    const mfa = new ScriptedMfa(Array.from({ length: 9 }, () => '000000'));
    const failure = await failureOf(run(sts, mfa, AUDIT));
    expect(failure.appError.code).toBe('mfa-invalid');
    expect(mfa.requests).toHaveLength(MAX_MFA_ATTEMPTS);
  });

  it('stops at once when the user cancels the prompt', async () => {
    const sts = new FakeSts(now);
    const mfa = new ScriptedMfa([new AppFailure('mfa-cancelled', 'cancelled')]);
    const failure = await failureOf(run(sts, mfa, AUDIT));
    expect(failure.appError.code).toBe('mfa-cancelled');
    expect(sts.calls).toHaveLength(0);
  });

  it('explains a denial: permission, trust policy, external ID sent, no MFA sent', async () => {
    const sts = new FakeSts(now);
    sts.failWith = () =>
      awsError(
        'AccessDenied',
        `User: arn:aws:iam::111111111111:user/dev is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY.roleArn}`,
      );
    const { appError } = await failureOf(run(sts, new ScriptedMfa([])));
    expect(appError.code).toBe('assume-role-denied');
    expect(appError.details).toMatchObject({
      action: 'sts:AssumeRole',
      resource: DEPLOY.roleArn,
      caller: 'arn:aws:iam::111111111111:user/dev',
    });
    const hints = appError.hints?.join('\n') ?? '';
    expect(hints).toMatch(/sts:AssumeRole/);
    expect(hints).toMatch(/trust policy may not name your account/);
    expect(hints).toMatch(/An external ID was sent/);
    expect(hints).toMatch(/No MFA code was sent/);
  });

  it('says when no external ID was sent but an MFA code was', async () => {
    const sts = new FakeSts(now);
    sts.failWith = () => awsError('AccessDenied', 'Not authorized');
    const { appError } = await failureOf(run(sts, new ScriptedMfa(['123456']), AUDIT));
    const hints = appError.hints?.join('\n') ?? '';
    expect(hints).toMatch(/No external ID was sent/);
    expect(hints).toMatch(/An MFA code was sent/);
  });

  it("names the role's maximum when the duration is too long", async () => {
    const sts = new FakeSts(now);
    sts.failWith = () =>
      awsError(
        'ValidationError',
        "1 validation error detected: Value '90000' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
      );
    const { appError } = await failureOf(run(sts, new ScriptedMfa([])));
    expect(appError.code).toBe('duration-too-long');
    expect(appError.message).toContain('43200');
  });

  it('reports expired source credentials and unreachable endpoints in their own words', async () => {
    const sts = new FakeSts(now);
    sts.failWith = () => awsError('ExpiredToken', 'The security token included in the request is expired');
    expect((await failureOf(run(sts, new ScriptedMfa([])))).appError.code).toBe('token-expired');
    sts.failWith = () =>
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect((await failureOf(run(sts, new ScriptedMfa([])))).appError.code).toBe('network');
  });
});
