// Signing in to IAM Identity Center against the stand-in, through the same SsoService the app
// uses: the browser flow with PKCE, the device code flow, refresh, and sign-out.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tokenCacheKey } from '../../../src/main/sso/token-cache';
import type { SsoSnapshot } from '../../../src/shared/models/sso';
import { createWorld, type World } from '../../support/aws-world';
import {
  PERMISSION_SET,
  SSO_PROFILE,
  SSO_SESSION,
  SSO_START_URL,
  withIdentityCenter,
} from '../../support/sso-world';
import { ACCOUNT, standardWorldSpec } from '../../support/standard-world';
import { ManualClock } from '../sessions/test-doubles';
import { identityCenterOf, type SsoHarness, ssoHarness } from './sso-fixture';

let world: World;
const harnesses: SsoHarness[] = [];
beforeAll(async () => {
  world = await createWorld(withIdentityCenter(standardWorldSpec()));
});
afterAll(() => world?.dispose());
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.dispose();
});

const harness = async (...args: Parameters<typeof ssoHarness> extends [World, ...infer R] ? R : never) => {
  const h = await ssoHarness(world, ...args);
  harnesses.push(h);
  return h;
};

const loginOf = (snapshot: SsoSnapshot, id: string) => {
  const found = snapshot.logins.find((l) => l.id === id);
  if (!found) throw new Error(`no login ${id}`);
  return found;
};

const cacheFile = (h: SsoHarness, name: string) =>
  `${h.home}/.aws/sso/cache/${tokenCacheKey({ sessionName: name, startUrl: '' })}.json`;

describe('signing in with the browser (authorization code + PKCE)', () => {
  it('opens the authorize page, takes the code on 127.0.0.1, and writes the CLI token file 0600', async () => {
    const h = await harness();
    const ic = identityCenterOf(world);
    expect(loginOf(h.service.snapshot(), SSO_SESSION)).toMatchObject({
      status: 'signed-out',
      kind: 'sso-session',
    });

    const opened = h.browser.next();
    const signingIn = h.service.signIn(SSO_SESSION);
    const url = new URL(await opened);
    // The page the CLI v2 opens: its endpoint's /authorize with PKCE and a loopback redirect.
    expect(url.origin).toBe(ic.endpoint);
    expect(url.pathname).toBe('/authorize');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    expect(url.searchParams.get('scopes')).toBe('sso:account:access');
    // The window is told what is going on, without anything secret.
    const pending = h.sink
      .of('ssoChanged')
      .map((s) => loginOf(s, SSO_SESSION).pending)
      .find(Boolean);
    expect(pending).toMatchObject({ method: 'browser', url: url.toString() });

    await ic.approve(url.toString());
    const login = await signingIn;
    expect(login).toMatchObject({ status: 'signed-in', refreshable: true });
    expect(login.pending).toBeUndefined();

    const path = cacheFile(h, SSO_SESSION);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const token = JSON.parse(await readFile(path, 'utf8'));
    expect(Object.keys(token).sort()).toEqual(
      [
        'accessToken',
        'clientId',
        'clientSecret',
        'expiresAt',
        'refreshToken',
        'region',
        'registrationExpiresAt',
        'startUrl',
      ].sort(),
    );
    expect(token).toMatchObject({ startUrl: SSO_START_URL, region: 'us-east-1' });
    expect(token.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(login.expiresAt ?? '')).toBe(Date.parse(token.expiresAt));
    // Nothing left behind but the token and the registration, both 0600.
    const files = await readdir(`${h.home}/.aws/sso/cache`);
    expect(files).toHaveLength(2);
    for (const file of files)
      expect((await stat(`${h.home}/.aws/sso/cache/${file}`)).mode & 0o777).toBe(0o600);
    expect(h.sink.json()).not.toContain(token.accessToken);
    expect(h.sink.json()).not.toContain(token.refreshToken);
    expect(h.sink.json()).not.toContain(token.clientSecret);
  });

  it('reuses the cached client registration until it expires', async () => {
    const h = await harness();
    const ic = identityCenterOf(world);
    const registrations = () => ic.calls().filter((c) => c.operation === 'RegisterClient').length;
    await h.signInApproving(SSO_SESSION);
    const after = registrations();
    await h.service.signOut(SSO_SESSION);
    await h.signInApproving(SSO_SESSION);
    expect(registrations()).toBe(after);
  });

  it('does not sign in when the user denies, and says so', async () => {
    const h = await harness();
    const opened = h.browser.next();
    const signingIn = h.service.signIn(SSO_SESSION);
    await identityCenterOf(world).deny(await opened);
    await expect(signingIn).rejects.toMatchObject({ appError: { code: 'sso-sign-in-failed' } });
    const login = loginOf(h.service.snapshot(), SSO_SESSION);
    expect(login.status).toBe('signed-out');
    expect(login.error?.message).toMatch(/not approved/);
  });

  it('ignores a request to the loopback with the wrong state, and can be cancelled', async () => {
    const h = await harness();
    const opened = h.browser.next();
    const signingIn = h.service.signIn(SSO_SESSION);
    const url = new URL(await opened);
    const redirect = url.searchParams.get('redirect_uri') ?? '';
    const forged = await fetch(`${redirect}?code=forged&state=not-the-one`);
    expect(forged.status).toBe(404);
    h.service.cancelSignIn(SSO_SESSION);
    await expect(signingIn).rejects.toMatchObject({ appError: { code: 'cancelled' } });
    expect(loginOf(h.service.snapshot(), SSO_SESSION)).toMatchObject({ status: 'signed-out' });
    expect(loginOf(h.service.snapshot(), SSO_SESSION).error).toBeUndefined();
  });
});

describe('signing in with a device code', () => {
  it('shows the code, opens the verification page, polls until approved, and slows down when told', async () => {
    const waits: number[] = [];
    const h = await harness({
      sleep: async (ms) => {
        waits.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
    });
    h.setMethod('device-code');
    const ic = identityCenterOf(world);
    const opened = h.browser.next();
    const signingIn = h.service.signIn(SSO_SESSION);
    const url = await opened;
    ic.slowDownNext(1);
    const pending = loginOf(h.service.snapshot(), SSO_SESSION).pending;
    expect(pending?.method).toBe('device-code');
    expect(pending?.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(url).toContain(`user_code=${pending?.userCode}`);
    // Polls that found the request pending, then one that was told to slow down.
    await expect.poll(() => waits.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await ic.approve(url);
    await expect(signingIn).resolves.toMatchObject({ status: 'signed-in' });
    // RFC 8628: the interval the service gave (1 s), five more after slow_down.
    expect(waits[0]).toBe(1000);
    expect(waits).toContain(6000);
  });

  it('is the only flow for a legacy profile, keyed by its start URL', async () => {
    const h = await harness({ sleep: () => new Promise((resolve) => setTimeout(resolve, 20)) });
    const legacy = loginOf(h.service.snapshot(), SSO_START_URL);
    expect(legacy).toMatchObject({ kind: 'legacy', methods: ['device-code'] });
    await h.signInApproving(SSO_START_URL);
    const file = `${h.home}/.aws/sso/cache/${tokenCacheKey({ startUrl: SSO_START_URL })}.json`;
    const token = JSON.parse(await readFile(file, 'utf8'));
    expect(token.startUrl).toBe(SSO_START_URL);
    // A legacy client registers without scopes and so gets no refresh token, as with the CLI.
    expect(token.refreshToken).toBeUndefined();
    expect(loginOf(h.service.snapshot(), SSO_START_URL)).toMatchObject({
      status: 'signed-in',
      refreshable: false,
    });
    // The legacy profile's role, through the token keyed by its start URL.
    const creds = await h.service.roleCredentials({
      kind: 'sso',
      profile: SSO_PROFILE.legacy,
      loginId: SSO_START_URL,
      accountId: ACCOUNT.audit,
      roleName: PERMISSION_SET.auditor,
    });
    expect(creds.accessKeyId).toMatch(/^ASIA/);
  });
});

describe('keeping and ending a sign-in', () => {
  it('refreshes a token that is close to expiry and writes the new one to the cache', async () => {
    const h = await harness();
    await h.signInApproving(SSO_SESSION);
    const path = cacheFile(h, SSO_SESSION);
    const before = JSON.parse(await readFile(path, 'utf8'));
    // Five minutes left: inside the fifteen-minute window in which botocore refreshes too.
    const soon = new Date(Date.now() + 5 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    await writeFile(path, JSON.stringify({ ...before, expiresAt: soon }));
    await h.service.roleCredentials({
      kind: 'sso',
      profile: 'x',
      loginId: SSO_SESSION,
      accountId: '111111111111',
      roleName: 'Developer',
    });
    const after = JSON.parse(await readFile(path, 'utf8'));
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(Date.parse(after.expiresAt)).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(
      identityCenterOf(world)
        .calls()
        .some((c) => c.operation === 'CreateToken' && c.grantType === 'refresh_token'),
    ).toBe(true);
  });

  it('refreshes ahead of expiry by itself, without being asked for a token', async () => {
    const clock = new ManualClock(Date.now());
    const h = await harness({ clock });
    await h.signInApproving(SSO_SESSION);
    const path = cacheFile(h, SSO_SESSION);
    const before = JSON.parse(await readFile(path, 'utf8'));
    const expiresAt = Date.parse(before.expiresAt);
    // Eleven minutes before expiry nothing has happened yet; nine minutes before, it has.
    await clock.advance(expiresAt - 11 * 60_000 - clock.now());
    expect(JSON.parse(await readFile(path, 'utf8')).accessToken).toBe(before.accessToken);
    await clock.advance(2 * 60_000);
    await expect
      .poll(async () => JSON.parse(await readFile(path, 'utf8')).accessToken)
      .not.toBe(before.accessToken);
    await expect
      .poll(() => Date.parse(h.service.snapshot().logins.find((l) => l.id === SSO_SESSION)?.expiresAt ?? ''))
      .toBeGreaterThan(expiresAt);
  });

  it('signs out with Logout: the token file goes and AWS no longer takes the token', async () => {
    const h = await harness();
    await h.signInApproving(SSO_SESSION);
    const path = cacheFile(h, SSO_SESSION);
    const token = JSON.parse(await readFile(path, 'utf8'));
    const login = await h.service.signOut(SSO_SESSION);
    expect(login.status).toBe('signed-out');
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(
      identityCenterOf(world)
        .calls()
        .map((c) => c.operation),
    ).toContain('Logout');
    const refused = await fetch(`${identityCenterOf(world).endpoint}/assignment/accounts`, {
      headers: { 'x-amz-sso_bearer_token': token.accessToken },
    });
    expect(refused.status).toBe(401);
  });
});
