// SessionStore against moto behind sts-guard: the refusals AWS gives when a role's trust policy,
// its external ID or an MFA code say no, which plain moto never gives.
import { describe, expect, it } from 'vitest';
import { adhocToResolved } from '../../../src/main/profiles/adhoc-profile';
import type { ResolvedProfile } from '../../../src/main/profiles/profile-model';
import { MfaBroker } from '../../../src/main/sessions/mfa-broker';
import { SessionStore } from '../../../src/main/sessions/session-store';
import { AppFailure } from '../../../src/shared/errors/app-error';
import type { AdhocRole } from '../../../src/shared/models/profile';
import type { MfaPrompt } from '../../../src/shared/models/session';
import { assumeRoleCalls } from '../../support/moto';
import {
  ACCOUNT,
  DEV_MFA_SERIAL,
  EXTERNAL_ID,
  PROFILE,
  ROLE_ARN,
  standardWorldSpec,
} from '../../support/standard-world';
import { setUpMotoSessions } from './moto-sessions';
import { RecordingSink } from './test-doubles';

const moto = setUpMotoSessions({ ...standardWorldSpec(), guardSts: true });

/** A store whose MFA prompts are answered with `codes` in turn (then the world's valid code). */
function setup(codes: string[] = []) {
  const sink = new RecordingSink();
  const mfa = new MfaBroker(sink);
  sink.on((e) => {
    if (e.event !== 'mfaRequired') return;
    const prompt = e.payload as MfaPrompt;
    const code = codes.shift() ?? moto.world.mfaCode(prompt.mfaSerial);
    queueMicrotask(() => mfa.answer(prompt.promptId, code));
  });
  const store = new SessionStore({
    getProfile: (name) => moto.profiles.find((p) => p.summary.name === name),
    sink,
    mfa,
    env: moto.world.env,
  });
  moto.track(store);
  return { sink, store };
}

function adhoc(role: AdhocRole): ResolvedProfile {
  const source = moto.profiles.find((p) => p.summary.name === role.sourceProfile);
  if (!source) throw new Error(`standard world has no profile ${role.sourceProfile}`);
  return adhocToResolved(role, source);
}

async function failure(opening: Promise<unknown>): Promise<AppFailure> {
  const err = await opening.catch((e: unknown) => e);
  if (!(err instanceof AppFailure)) throw new Error(`expected an AppFailure, got ${String(err)}`);
  return err;
}

const devArn = (): string => moto.world.users.dev?.arn ?? '';
const notAuthorized = (caller: string, role: string): string =>
  `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${role}`;

describe('trust policies as AWS evaluates them', () => {
  it('refuses a role whose trust policy names another account, in AWS words', async () => {
    const { store } = setup();
    // audit trusts account 222222222222 only; dev itself may call sts:AssumeRole on it.
    const err = await failure(
      store.openAdhoc(adhoc({ sourceProfile: PROFILE.dev, accountId: ACCOUNT.audit, roleName: 'audit' })),
    );
    expect(err.appError.code).toBe('assume-role-denied');
    expect(err.appError.details).toMatchObject({
      action: 'sts:AssumeRole',
      resource: ROLE_ARN.audit,
      caller: devArn(),
      aws: notAuthorized(devArn(), ROLE_ARN.audit),
    });
    expect(assumeRoleCalls(await moto.world.moto.recorded())).toEqual([]);
  });

  it('refuses deploy without its external ID and with a wrong one', async () => {
    const { store } = setup();
    const missing = await failure(
      store.openAdhoc(adhoc({ sourceProfile: PROFILE.dev, accountId: ACCOUNT.prod, roleName: 'deploy' })),
    );
    expect(missing.appError.details?.aws).toBe(notAuthorized(devArn(), ROLE_ARN.deploy));
    expect(missing.appError.hints).toContain(
      'No external ID was sent; if the trust policy requires one, set external_id in the profile.',
    );
    const wrong = await failure(
      store.openAdhoc(
        adhoc({
          sourceProfile: PROFILE.dev,
          accountId: ACCOUNT.prod,
          roleName: 'deploy',
          externalId: 'guess',
        }),
      ),
    );
    expect(wrong.appError.code).toBe('assume-role-denied');
    expect(wrong.appError.hints).toContain(
      'An external ID was sent; it may not match the sts:ExternalId the trust policy expects.',
    );
    const right = await store.openAdhoc(
      adhoc({
        sourceProfile: PROFILE.dev,
        accountId: ACCOUNT.prod,
        roleName: 'deploy',
        externalId: EXTERNAL_ID,
      }),
    );
    expect(right.identity?.account).toBe(ACCOUNT.prod);
  });

  it('refuses audit without MFA, naming the deploy session as the caller', async () => {
    const { store, sink } = setup();
    const err = await failure(
      store.openAdhoc(adhoc({ sourceProfile: PROFILE.deploy, accountId: ACCOUNT.audit, roleName: 'audit' })),
    );
    expect(err.appError.code).toBe('assume-role-denied');
    expect(err.appError.details?.aws).toMatch(
      new RegExp(`^User: arn:aws:sts::${ACCOUNT.prod}:assumed-role/deploy/\\S+ is not authorized`),
    );
    expect(err.appError.hints).toContain(
      'No MFA code was sent; if the trust policy requires MFA, set mfa_serial in the profile.',
    );
    expect(sink.of('mfaRequired')).toEqual([]);
  });

  it('asks again after a wrong MFA code and accepts only the device code', async () => {
    const { store, sink } = setup(['000000', '654321']);
    const state = await store.open(PROFILE.audit);
    expect(state.identity?.account).toBe(ACCOUNT.audit);
    const prompts = sink.of('mfaRequired');
    expect(prompts.map((p) => p.attempt)).toEqual([1, 2, 3]);
    expect(prompts.map((p) => p.error?.code)).toEqual([undefined, 'mfa-invalid', 'mfa-invalid']);
    // Refused codes never reach moto: only the accepted one is on its record.
    const calls = assumeRoleCalls(await moto.world.moto.recorded()).filter(
      (c) => c.roleArn === ROLE_ARN.audit,
    );
    expect(calls.map((c) => c.tokenCode)).toEqual([moto.world.mfaCode(DEV_MFA_SERIAL)]);
  });
});
