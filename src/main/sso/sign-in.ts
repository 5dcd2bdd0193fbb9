import type { SsoPendingSignIn, SsoSignInMethod } from '../../shared/models/sso';
import type { SsoLoginConfig } from '../profiles/sso-logins';
import { createPkce, REGISTERED_REDIRECT_URI, startLoopbackRedirect } from './loopback-redirect';
import type { NewToken, OidcApi } from './sso-apis';
import { signInFailure } from './sso-failures';
import { type CachedRegistration, type CachedToken, cacheTime, type SsoCache } from './token-cache';

/**
 * The two sign-in flows of the AWS CLI v2, step for step, so that registrations and tokens
 * in the shared cache mean the same to both: authorization code with PKCE through a loopback
 * redirect (sso-sessions, the default), and the device code flow (legacy profiles, or chosen).
 */

export interface SignInDeps {
  readonly cache: SsoCache;
  readonly oidc: OidcApi;
  readonly now: () => number;
  /** Opens the system browser; a failure is not fatal, the page is also shown in the app. */
  readonly openBrowser: (url: string) => Promise<void>;
  /** Waits between device code polls; rejects when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The user has something to do in the browser. */
  readonly onPending: (pending: SsoPendingSignIn) => void;
  readonly signal: AbortSignal;
}

const MINUTE = 60_000;
/** The CLI re-registers when a registration has less than this left (botocore's expiry window). */
const REGISTRATION_WINDOW_MS = 15 * MINUTE;
/** How long the CLI waits for the browser to come back with a code. */
export const AUTHORIZATION_TIMEOUT_MS = 10 * MINUTE;
const AUTH_CODE_GRANTS = ['authorization_code', 'refresh_token'] as const;
const DEFAULT_SCOPE = 'sso:account:access';
/** RFC 8628: poll every five seconds unless told otherwise, five more after each slow_down. */
const DEFAULT_INTERVAL_S = 5;
const SLOW_DOWN_S = 5;

const clientName = (login: SsoLoginConfig, now: number): string =>
  `crossbucket-client-${login.sessionName ?? Math.floor(now / 1000)}`;

const isForAuthCode = (registration: CachedRegistration): boolean =>
  registration.grantTypes?.includes('authorization_code') ?? false;

/** botocore's `_registration`: the cached one while it lives and suits the flow, else a new one. */
async function registration(
  login: SsoLoginConfig,
  method: SsoSignInMethod,
  deps: SignInDeps,
): Promise<CachedRegistration> {
  const cached = await deps.cache.readRegistration(login);
  const authCode = method === 'browser';
  if (
    cached &&
    Date.parse(cached.expiresAt) - deps.now() >= REGISTRATION_WINDOW_MS &&
    isForAuthCode(cached) === authCode
  ) {
    return cached;
  }
  const scopes = authCode ? [...(login.scopes?.length ? login.scopes : [DEFAULT_SCOPE])] : login.scopes;
  const answer = await deps.oidc.registerClient({
    clientName: clientName(login, deps.now()),
    clientType: 'public',
    ...(scopes?.length ? { scopes: [...scopes] } : {}),
    ...(authCode
      ? {
          grantTypes: [...AUTH_CODE_GRANTS],
          redirectUris: [REGISTERED_REDIRECT_URI],
          issuerUrl: login.startUrl,
        }
      : {}),
  });
  const fresh: CachedRegistration = {
    clientId: answer.clientId,
    clientSecret: answer.clientSecret,
    expiresAt: cacheTime(answer.clientSecretExpiresAt * 1000),
    ...(scopes?.length ? { scopes: [...scopes] } : {}),
    ...(authCode ? { grantTypes: [...AUTH_CODE_GRANTS] } : {}),
  };
  await deps.cache.writeRegistration(login, fresh);
  return fresh;
}

/** The token file's content, with the registration alongside so anyone can refresh it. */
export const tokenFor = (
  login: SsoLoginConfig,
  reg: CachedRegistration,
  answer: NewToken,
  now: number,
): CachedToken => ({
  startUrl: login.startUrl,
  region: login.region,
  accessToken: answer.accessToken,
  expiresAt: cacheTime(now + answer.expiresIn * 1000),
  clientId: reg.clientId,
  clientSecret: reg.clientSecret,
  registrationExpiresAt: reg.expiresAt,
  ...(answer.refreshToken ? { refreshToken: answer.refreshToken } : {}),
});

const open = async (deps: SignInDeps, url: string): Promise<void> => {
  try {
    await deps.openBrowser(url);
  } catch {
    // The page is shown in the app too; the user can open it by hand.
  }
};

async function withBrowser(login: SsoLoginConfig, deps: SignInDeps): Promise<CachedToken> {
  const reg = await registration(login, 'browser', deps);
  const pkce = createPkce();
  const loopback = await startLoopbackRedirect(deps.signal, AUTHORIZATION_TIMEOUT_MS);
  try {
    const scopes = login.scopes?.length ? login.scopes.join(' ') : DEFAULT_SCOPE;
    const query = [
      ['response_type', 'code'],
      ['client_id', reg.clientId],
      ['redirect_uri', loopback.redirectUri],
      ['state', loopback.state],
      ['code_challenge_method', 'S256'],
      ['scopes', scopes],
      ['code_challenge', pkce.challenge],
    ]
      .map(([key, value]) => `${key}=${encodeURIComponent(value ?? '')}`)
      .join('&');
    const url = `${await deps.oidc.authorizeBase()}/authorize?${query}`;
    deps.onPending({
      method: 'browser',
      url,
      expiresAt: new Date(deps.now() + AUTHORIZATION_TIMEOUT_MS).toISOString(),
    });
    await open(deps, url);
    const code = await loopback.code;
    const answer = await deps.oidc.createToken({
      grantType: 'authorization_code',
      clientId: reg.clientId,
      clientSecret: reg.clientSecret,
      redirectUri: loopback.redirectUri,
      codeVerifier: pkce.verifier,
      code,
    });
    return tokenFor(login, reg, answer, deps.now());
  } finally {
    loopback.close();
  }
}

const errorName = (err: unknown): string =>
  typeof err === 'object' && err !== null ? String((err as { name?: unknown }).name ?? '') : '';

async function withDeviceCode(login: SsoLoginConfig, deps: SignInDeps): Promise<CachedToken> {
  const reg = await registration(login, 'device-code', deps);
  const device = await deps.oidc.startDeviceAuthorization({
    clientId: reg.clientId,
    clientSecret: reg.clientSecret,
    startUrl: login.startUrl,
  });
  const expiresAt = deps.now() + device.expiresIn * 1000;
  let interval = device.interval ?? DEFAULT_INTERVAL_S;
  const attempt = async (): Promise<CachedToken | undefined> => {
    try {
      const answer = await deps.oidc.createToken({
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        clientId: reg.clientId,
        clientSecret: reg.clientSecret,
        deviceCode: device.deviceCode,
      });
      return tokenFor(login, reg, answer, deps.now());
    } catch (err) {
      if (errorName(err) === 'AuthorizationPendingException') return undefined;
      if (errorName(err) === 'SlowDownException') {
        interval += SLOW_DOWN_S;
        return undefined;
      }
      throw err;
    }
  };
  // As the CLI: one try before asking the user, in case the client is already authorized.
  const early = await attempt();
  if (early) return early;
  deps.onPending({
    method: 'device-code',
    url: device.verificationUriComplete,
    userCode: device.userCode,
    expiresAt: new Date(expiresAt).toISOString(),
  });
  await open(deps, device.verificationUriComplete);
  for (;;) {
    await deps.sleep(interval * 1000, deps.signal);
    const token = await attempt();
    if (token) return token;
    // The service answers expired_token by then; this ends the wait even if it keeps saying "pending".
    if (deps.now() > expiresAt)
      throw Object.assign(new Error('device code expired'), { name: 'ExpiredTokenException' });
  }
}

/** Runs one sign-in to the end and writes the token to the shared cache. */
export async function signIn(
  login: SsoLoginConfig,
  method: SsoSignInMethod,
  deps: SignInDeps,
): Promise<CachedToken> {
  try {
    const token = await (method === 'browser' ? withBrowser(login, deps) : withDeviceCode(login, deps));
    await deps.cache.writeToken(login, token);
    return token;
  } catch (err) {
    throw signInFailure(err, login);
  }
}
