import { describe, expect, it } from 'vitest';
import type { ResolvedProfile } from '../../../src/main/profiles/profile-model';
import { MfaBroker } from '../../../src/main/sessions/mfa-broker';
import { SessionStore } from '../../../src/main/sessions/session-store';
import { AppFailure } from '../../../src/shared/errors/app-error';
import { EXPIRY_WARNING_MS } from '../../../src/shared/models/session';
import { failureOf } from '../../support/app-failure';
import { AUDIT, awsError, DEPLOY, FakeSts, ROOT_KEYS, resolved, staticRoot } from '../credentials/fake-sts';
import { ManualClock, RecordingSink, settle } from './test-doubles';

const START = Date.parse('2030-01-01T00:00:00Z');
const HOUR = 3600_000;
const MINUTE = 60_000;

const PROFILES: Record<string, ResolvedProfile> = {
  dev: resolved('dev', []),
  deploy: resolved('deploy', [DEPLOY], { s3: 'http://s3.local:4566' }),
  audit: resolved('audit', [DEPLOY, AUDIT]),
  short: resolved('short', [{ ...DEPLOY, durationSeconds: 8 * 60 }]),
};

function setup(options: { autoAnswer?: string } = {}) {
  const sink = new RecordingSink();
  const clock = new ManualClock(START);
  const sts = new FakeSts(() => clock.now());
  const mfa = new MfaBroker(sink);
  if (options.autoAnswer) {
    const code = options.autoAnswer;
    sink.on((e) => {
      if (e.event === 'mfaRequired')
        queueMicrotask(() => mfa.answer((e.payload as { promptId: string }).promptId, code));
    });
  }
  const store = new SessionStore({
    getProfile: (name) => PROFILES[name],
    sink,
    mfa,
    clock,
    env: {},
    sts: sts.factory,
    root: staticRoot,
  });
  /** Secrets must stay in main: no emitted payload may contain any of them. */
  const expectNoSecretsEmitted = () => {
    const json = sink.json();
    for (const secret of sts.secrets()) expect(json).not.toContain(secret);
  };
  return { sink, clock, sts, mfa, store, expectNoSecretsEmitted };
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => (await failureOf(promise)).appError.code;

describe('SessionStore', () => {
  it('opens a session: assuming, then active with identity and expiry, credentials kept in main', async () => {
    const { store, sink, expectNoSecretsEmitted } = setup();
    const state = await store.open('deploy');
    expect(sink.of('sessionChanged').map((s) => s.status)).toEqual(['assuming', 'active']);
    expect(state).toMatchObject({
      source: 'deploy',
      label: 'deploy',
      status: 'active',
      region: 'eu-west-1',
      autoRenew: true,
      needsMfa: false,
      expiresAt: new Date(START + HOUR).toISOString(),
    });
    expect(state.identity?.account).toBe('222222222222');
    expect(JSON.stringify(state)).not.toContain('secret-');
    await expect(store.credentials(state.sessionId)).resolves.toMatchObject({ accessKeyId: 'ASIAFAKE1' });
    expect(store.context(state.sessionId)).toEqual({
      region: 'eu-west-1',
      s3Endpoint: 'http://s3.local:4566',
      expiresAt: new Date(START + HOUR),
    });
    expect(store.list()).toEqual([state]);
    expectNoSecretsEmitted();
  });

  it('reuses an open session for the same profile instead of assuming again', async () => {
    const { store, sts } = setup();
    const [a, b] = await Promise.all([store.open('deploy'), store.open('deploy')]);
    const c = await store.open('deploy');
    expect(new Set([a.sessionId, b.sessionId, c.sessionId]).size).toBe(1);
    expect(sts.calls).toHaveLength(1);
  });

  it('prompts for MFA only once when the same MFA profile is opened twice at once', async () => {
    const { store, sink, mfa } = setup();
    const first = store.open('audit');
    const second = store.open('audit');
    await settle();
    const prompts = sink.of('mfaRequired');
    expect(prompts).toHaveLength(1);
    mfa.answer(prompts[0]!.promptId, '123456');
    const [a, b] = await Promise.all([first, second]);
    expect(a.sessionId).toBe(b.sessionId);
    expect(a.identity?.account).toBe('333333333333');
  });

  it('keeps separate credentials for several sessions', async () => {
    const { store } = setup({ autoAnswer: '123456' });
    const deploy = await store.open('deploy');
    const audit = await store.open('audit');
    const dev = await store.open('dev');
    const keys = await Promise.all([deploy, audit, dev].map((s) => store.credentials(s.sessionId)));
    expect(new Set(keys.map((k) => k.accessKeyId)).size).toBe(3);
    store.close(deploy.sessionId);
    await expect(store.credentials(audit.sessionId)).resolves.toEqual(keys[1]);
  });

  it('gives long-term keys no expiry and no timers', async () => {
    const { store, clock } = setup();
    const state = await store.open('dev');
    expect(state.expiresAt).toBeUndefined();
    expect(state.status).toBe('active');
    expect(clock.pending()).toBe(0);
    await clock.advance(48 * HOUR);
    await expect(store.credentials(state.sessionId)).resolves.toMatchObject({
      accessKeyId: 'AKIAROOTROOTROOT',
    });
  });

  it('with MFA: warns before expiry, expires, refuses credentials, then renews on request', async () => {
    const { store, sink, clock } = setup({ autoAnswer: '123456' });
    const opened = await store.open('audit');
    expect(opened).toMatchObject({ autoRenew: false, needsMfa: true });
    const renewed: string[] = [];
    store.onRenewed((id) => renewed.push(id));

    await clock.advance(HOUR - EXPIRY_WARNING_MS);
    expect(store.state(opened.sessionId).status).toBe('expiring');
    expect(sink.of('mfaRequired')).toHaveLength(1); // no automatic renewal with MFA
    await expect(store.credentials(opened.sessionId)).resolves.toBeDefined();

    await clock.advance(EXPIRY_WARNING_MS);
    expect(store.state(opened.sessionId).status).toBe('expired');
    expect(await codeOf(store.credentials(opened.sessionId))).toBe('token-expired');
    expect(sink.of('sessionChanged').map((s) => s.status)).toEqual([
      'assuming',
      'active',
      'expiring',
      'expired',
    ]);

    const state = await store.renew(opened.sessionId);
    expect(state.status).toBe('active');
    expect(state.expiresAt).toBe(new Date(clock.now() + HOUR).toISOString());
    expect(sink.of('mfaRequired')).toHaveLength(2);
    expect(renewed).toEqual([opened.sessionId]);
    await expect(store.credentials(opened.sessionId)).resolves.toMatchObject({ accessKeyId: 'ASIAFAKE4' });
  });

  it('renews automatically before expiry when no step needs MFA', async () => {
    const { store, sink, clock, sts, expectNoSecretsEmitted } = setup();
    const opened = await store.open('deploy');
    const renewed: string[] = [];
    store.onRenewed((id) => renewed.push(id));
    await clock.advance(HOUR - 5 * MINUTE);
    expect(renewed).toEqual([opened.sessionId]);
    expect(sts.calls).toHaveLength(2);
    const state = store.state(opened.sessionId);
    expect(state.status).toBe('active');
    expect(state.expiresAt).toBe(new Date(START + 2 * HOUR - 5 * MINUTE).toISOString());
    expect(sink.of('sessionChanged').map((s) => s.status)).not.toContain('expiring');
    await expect(store.credentials(opened.sessionId)).resolves.toMatchObject({ accessKeyId: 'ASIAFAKE2' });
    expectNoSecretsEmitted();
  });

  it('renews at half the remaining life when the session is shorter than ten minutes', async () => {
    const { store, clock, sts } = setup();
    const opened = await store.open('short');
    await clock.advance(4 * MINUTE - 1);
    expect(sts.calls).toHaveLength(1);
    await clock.advance(1);
    expect(sts.calls).toHaveLength(2);
    expect(store.state(opened.sessionId).status).toBe('active');
  });

  it('leaves the previous credentials in place when the user cancels a renewal', async () => {
    const { store, sink, mfa } = setup();
    const opening = store.open('audit');
    await settle();
    mfa.answer(sink.of('mfaRequired')[0]!.promptId, '123456');
    const opened = await opening;
    const before = await store.credentials(opened.sessionId);

    const renewing = store.renew(opened.sessionId);
    await settle();
    mfa.cancel(sink.of('mfaRequired')[1]!.promptId);
    expect(await codeOf(renewing)).toBe('mfa-cancelled');
    await expect(store.credentials(opened.sessionId)).resolves.toEqual(before);
    expect(store.state(opened.sessionId)).toMatchObject({ status: 'active' });
    expect(store.state(opened.sessionId).error).toBeUndefined();
  });

  it('shows a failed renewal on the session and keeps the still-valid credentials', async () => {
    const { store, sts } = setup();
    const opened = await store.open('deploy');
    const before = await store.credentials(opened.sessionId);
    sts.failWith = () => awsError('AccessDenied', 'not authorized');
    expect(await codeOf(store.renew(opened.sessionId))).toBe('assume-role-denied');
    expect(store.state(opened.sessionId).error?.code).toBe('assume-role-denied');
    await expect(store.credentials(opened.sessionId)).resolves.toEqual(before);
  });

  it('drops a session that could not be opened and reports why', async () => {
    const { store, sink, sts } = setup();
    sts.failWith = () =>
      awsError('AccessDenied', 'User: arn:aws:iam::111111111111:user/dev is not authorized');
    expect(await codeOf(store.open('deploy'))).toBe('assume-role-denied');
    expect(store.list()).toEqual([]);
    const [assuming] = sink.of('sessionChanged');
    expect(sink.of('sessionClosed')).toEqual([{ sessionId: assuming!.sessionId }]);
    expect(await codeOf(store.open('missing'))).toBe('not-found');
  });

  it('closes a session: event, credentials wiped, timers stopped', async () => {
    const { store, sink, clock } = setup();
    const opened = await store.open('deploy');
    store.close(opened.sessionId);
    expect(sink.of('sessionClosed')).toEqual([{ sessionId: opened.sessionId }]);
    expect(await codeOf(store.credentials(opened.sessionId))).toBe('not-found');
    expect(clock.pending()).toBe(0);
    expect(() => store.close(opened.sessionId)).toThrow(AppFailure);
  });

  it('writes shell export lines for the terminal', async () => {
    const { store } = setup();
    const opened = await store.open('deploy');
    const c = await store.credentials(opened.sessionId);
    expect(await store.exportsText(opened.sessionId)).toBe(
      [
        `export AWS_ACCESS_KEY_ID=${c.accessKeyId}`,
        `export AWS_SECRET_ACCESS_KEY=${c.secretAccessKey}`,
        `export AWS_SESSION_TOKEN=${c.sessionToken}`,
      ].join('\n'),
    );
    const dev = await store.open('dev');
    expect(await store.exportsText(dev.sessionId)).toMatch(/\nunset AWS_SESSION_TOKEN$/);
  });

  it('opens an ad-hoc role under its own source and label', async () => {
    const { store } = setup();
    const adhoc = resolved('adhoc:222222222222:deploy', [DEPLOY]);
    const state = await store.openAdhoc(adhoc, 'Prod deploy');
    expect(state).toMatchObject({
      source: 'adhoc:222222222222:deploy',
      label: 'Prod deploy',
      status: 'active',
    });
    expect((await store.openAdhoc(adhoc)).sessionId).toBe(state.sessionId);
  });

  describe('with credentials whose source sets the expiry', () => {
    const storeWithRoot = (expiration: Date) => {
      const clock = new ManualClock(START);
      let rootCalls = 0;
      const store = new SessionStore({
        getProfile: (name) => PROFILES[name],
        sink: new RecordingSink(),
        mfa: new MfaBroker(new RecordingSink()),
        clock,
        env: {},
        sts: new FakeSts(() => clock.now()).factory,
        root: async () => {
          rootCalls += 1;
          return { ...ROOT_KEYS, sessionToken: 'process-token', expiration };
        },
      });
      return { store, clock, rootCalls: () => rootCalls };
    };

    it('does not renew in a tight loop when the source keeps handing back the same expiry', async () => {
      const { store, clock, rootCalls } = storeWithRoot(new Date(START + 2 * MINUTE));
      const state = await store.open('dev');
      await clock.advance(2 * MINUTE);
      expect(rootCalls()).toBeLessThanOrEqual(1 + (2 * MINUTE) / 30_000);
      expect(store.state(state.sessionId).status).toBe('expired');
    });

    it('waits for an expiry weeks away instead of renewing at once', async () => {
      const { store, clock, rootCalls } = storeWithRoot(new Date(START + 60 * 24 * HOUR));
      const state = await store.open('dev');
      await clock.advance(HOUR);
      expect(rootCalls()).toBe(1);
      expect(store.state(state.sessionId).status).toBe('active');
    });
  });
});
