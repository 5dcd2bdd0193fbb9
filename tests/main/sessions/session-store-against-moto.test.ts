import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { describe, expect, it, vi } from 'vitest';
import { adhocToResolved } from '../../../src/main/profiles/adhoc-profile';
import { MfaBroker } from '../../../src/main/sessions/mfa-broker';
import { SessionStore } from '../../../src/main/sessions/session-store';
import { AppFailure } from '../../../src/shared/errors/app-error';
import type { MfaPrompt } from '../../../src/shared/models/session';
import { assumeRoleCalls } from '../../support/moto';
import {
  ACCOUNT,
  DEPLOY_DURATION_SECONDS,
  DEV_MFA_SERIAL,
  EXTERNAL_ID,
  PROFILE,
  ROLE_ARN,
  SESSION_NAME,
  standardWorldSpec,
} from '../../support/standard-world';
import { setUpMotoSessions } from './moto-sessions';
import { ManualClock, RecordingSink } from './test-doubles';

const MINUTE = 60_000;

const moto = setUpMotoSessions(standardWorldSpec());

type MfaAnswer = (prompt: MfaPrompt) => string | 'cancel';

function setup(answer: MfaAnswer = () => moto.world.mfaCode(DEV_MFA_SERIAL)) {
  const sink = new RecordingSink();
  const clock = new ManualClock(Date.now());
  const mfa = new MfaBroker(sink);
  // Plays the user at the MFA dialog.
  sink.on((e) => {
    if (e.event !== 'mfaRequired') return;
    const prompt = e.payload as MfaPrompt;
    const reply = answer(prompt);
    queueMicrotask(() =>
      reply === 'cancel' ? mfa.cancel(prompt.promptId) : mfa.answer(prompt.promptId, reply),
    );
  });
  const store = new SessionStore({
    getProfile: (name) => moto.profiles.find((p) => p.summary.name === name),
    sink,
    mfa,
    clock,
    env: moto.world.env,
  });
  moto.track(store);
  const seen: AwsCredentialIdentity[] = [];
  const credentials = async (sessionId: string) => {
    const c = await store.credentials(sessionId);
    seen.push(c);
    return c;
  };
  const expectNoSecretsEmitted = () => {
    const json = sink.json();
    const secrets = [
      ...moto.world.secretsSeen(),
      ...seen.flatMap((c) => [c.secretAccessKey, c.sessionToken ?? '']),
    ];
    for (const secret of secrets.filter(Boolean)) expect(json).not.toContain(secret);
  };
  return { sink, clock, store, credentials, expectNoSecretsEmitted };
}

/** What AWS says about credentials, asked independently of the code under test. */
async function accountOf(credentials: AwsCredentialIdentity): Promise<string | undefined> {
  const sts = new STSClient({
    endpoint: moto.world.moto.endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Account;
  } finally {
    sts.destroy();
  }
}

describe('SessionStore against moto', () => {
  it('runs dev → deploy → audit with the configured settings on each AssumeRole', async () => {
    const { sink, store, credentials, expectNoSecretsEmitted } = setup();
    const state = await store.open(PROFILE.audit);
    expect(state.identity?.account).toBe(ACCOUNT.audit);
    expect(state.identity?.arn).toContain(':assumed-role/audit/');
    expect(await accountOf(await credentials(state.sessionId))).toBe(ACCOUNT.audit);

    const [deploy, audit, ...rest] = assumeRoleCalls(await moto.world.moto.recorded());
    expect(rest).toEqual([]);
    expect(deploy).toMatchObject({
      roleArn: ROLE_ARN.deploy,
      roleSessionName: SESSION_NAME,
      externalId: EXTERNAL_ID,
      durationSeconds: DEPLOY_DURATION_SECONDS,
      accessKeyId: moto.world.users.dev?.accessKeyId,
    });
    expect(deploy?.serialNumber).toBeUndefined();
    expect(audit).toMatchObject({
      roleArn: ROLE_ARN.audit,
      serialNumber: DEV_MFA_SERIAL,
      tokenCode: moto.world.mfaCode(DEV_MFA_SERIAL),
      durationSeconds: 3600,
    });
    expect(audit?.roleSessionName).toMatch(/^crossbucket-\d+$/);
    expect(audit?.externalId).toBeUndefined();
    expect(sink.of('mfaRequired')).toHaveLength(1);
    expectNoSecretsEmitted();
  });

  it('reuses the open session: no second AssumeRole, no second MFA prompt', async () => {
    const { sink, store } = setup();
    const first = await store.open(PROFILE.audit);
    const again = await store.open(PROFILE.audit);
    expect(again.sessionId).toBe(first.sessionId);
    expect(assumeRoleCalls(await moto.world.moto.recorded())).toHaveLength(2);
    expect(sink.of('mfaRequired')).toHaveLength(1);
  });

  it('keeps the previous session untouched when the user cancels the MFA prompt of a renewal', async () => {
    let cancel = false;
    const { store, credentials } = setup(() => (cancel ? 'cancel' : moto.world.mfaCode(DEV_MFA_SERIAL)));
    const state = await store.open(PROFILE.audit);
    const before = await credentials(state.sessionId);
    cancel = true;
    await expect(store.renew(state.sessionId)).rejects.toMatchObject({ appError: { code: 'mfa-cancelled' } });
    expect(await credentials(state.sessionId)).toEqual(before);
    expect(await accountOf(before)).toBe(ACCOUNT.audit);
    expect(store.state(state.sessionId)).toMatchObject({ status: 'active', identity: state.identity });
  });

  it('explains why nobody may switch to deploy', async () => {
    const { store } = setup();
    const nobody = moto.profiles.find((p) => p.summary.name === PROFILE.nobody);
    if (!nobody) throw new Error('standard world has no nobody profile');
    const role = adhocToResolved(
      { sourceProfile: PROFILE.nobody, accountId: ACCOUNT.prod, roleName: 'deploy' },
      nobody,
    );
    const err = await store.openAdhoc(role).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppFailure);
    const { appError } = err as AppFailure;
    expect(appError.code).toBe('assume-role-denied');
    expect(appError.details).toMatchObject({ action: 'sts:AssumeRole', resource: ROLE_ARN.deploy });
    const hints = appError.hints?.join('\n') ?? '';
    expect(hints).toMatch(/not be allowed sts:AssumeRole/);
    expect(hints).toMatch(/trust policy/);
    expect(hints).toMatch(/No external ID was sent/);
    expect(hints).toMatch(/No MFA code was sent/);
    expect(store.list()).toEqual([]);
  });

  // moto stamps expiry by the real clock while the store's clock is moved by hand, so a renewed
  // session lands near the end of its life on the store's clock: the unit tests cover the exact
  // status sequence; here the point is that real STS round trips renew and expire as they should.
  // The extra half minute covers the real time between creating the clock and moto's answer.
  it('turns an MFA session expiring, renews it on request with a new code, then lets it expire', async () => {
    const { sink, clock, store, credentials, expectNoSecretsEmitted } = setup();
    const state = await store.open(PROFILE.audit);
    const before = await credentials(state.sessionId);

    await clock.advance(55 * MINUTE + 30_000);
    expect(store.state(state.sessionId).status).toBe('expiring');
    const renewed = await store.renew(state.sessionId);
    expect(Date.parse(renewed.expiresAt ?? '')).toBeGreaterThan(Date.parse(state.expiresAt ?? ''));
    const after = await credentials(state.sessionId);
    expect(after.accessKeyId).not.toBe(before.accessKeyId);
    expect(await accountOf(after)).toBe(ACCOUNT.audit);
    expect(sink.of('mfaRequired')).toHaveLength(2);

    await clock.advance(10 * MINUTE);
    expect(store.state(state.sessionId).status).toBe('expired');
    await expect(store.credentials(state.sessionId)).rejects.toMatchObject({
      appError: { code: 'token-expired' },
    });
    expect(sink.of('sessionChanged').at(-1)?.status).toBe('expired');
    expectNoSecretsEmitted();
  });

  it('renews a session without MFA by itself before it expires', async () => {
    const { clock, store, credentials } = setup();
    const state = await store.open(PROFILE.deploy);
    const before = await credentials(state.sessionId);
    const renewedIds: string[] = [];
    store.onRenewed((id) => renewedIds.push(id));
    await clock.advance(DEPLOY_DURATION_SECONDS * 1000 - 5 * MINUTE + 30_000);
    // The renewal the timer started is a real round trip to moto.
    await vi.waitFor(() => expect(renewedIds).toEqual([state.sessionId]));
    const calls = assumeRoleCalls(await moto.world.moto.recorded());
    expect(calls.map((c) => c.roleArn)).toEqual([ROLE_ARN.deploy, ROLE_ARN.deploy]);
    const after = await credentials(state.sessionId);
    expect(after.accessKeyId).not.toBe(before.accessKeyId);
    expect(await accountOf(after)).toBe(ACCOUNT.prod);
  });
});
