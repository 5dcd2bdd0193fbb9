import { createHash } from 'node:crypto';
import type { SsoLoginConfig } from '../profiles/sso-logins';
import type { OidcApiFactory } from './sso-apis';
import { isTokenRefused, signInFailure, signInRequired } from './sso-failures';
import { type CachedToken, cacheTime, type SsoCache } from './token-cache';

const MINUTE = 60_000;
/** botocore refreshes a cached token that has less than this left; so does Crossbucket. */
export const REFRESH_WINDOW_MS = 15 * MINUTE;

const fingerprint = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** What a cached token can still do. */
export type TokenStanding = 'valid' | 'refreshable' | 'dead';

export interface SsoTokensDeps {
  readonly cache: SsoCache;
  readonly oidc: OidcApiFactory;
  readonly now: () => number;
}

/**
 * Tokens of the shared cache, read fresh on every use (the CLI may have signed in or
 * refreshed meanwhile) and refreshed the way botocore's SSOTokenProvider does, one refresh
 * per sign-in at a time. Tokens AWS refused are remembered (as hashes, in memory) so a file
 * that still looks valid by its date is not offered again.
 */
export class SsoTokens {
  readonly #deps: SsoTokensDeps;
  readonly #refreshing = new Map<string, Promise<CachedToken>>();
  readonly #refused = new Set<string>();

  constructor(deps: SsoTokensDeps) {
    this.#deps = deps;
  }

  /** The cached token, unless AWS has refused it. */
  async read(login: SsoLoginConfig): Promise<CachedToken | undefined> {
    const token = await this.#deps.cache.readToken(login);
    return token && !this.#refused.has(fingerprint(token.accessToken)) ? token : undefined;
  }

  /** Whether the token file holds something, refused or not (what sign-out has to remove). */
  async present(login: SsoLoginConfig): Promise<CachedToken | undefined> {
    return this.#deps.cache.readToken(login);
  }

  standing(token: CachedToken | undefined): TokenStanding {
    if (!token) return 'dead';
    if (Date.parse(token.expiresAt) > this.#deps.now()) return 'valid';
    return this.canRefresh(token) ? 'refreshable' : 'dead';
  }

  /** A refresh token, a live registration, and AWS has not refused that refresh token. */
  canRefresh(token: CachedToken): boolean {
    const registration = token.registrationExpiresAt ? Date.parse(token.registrationExpiresAt) : Number.NaN;
    return (
      token.refreshToken !== undefined &&
      token.clientId !== undefined &&
      token.clientSecret !== undefined &&
      registration > this.#deps.now() &&
      !this.#refused.has(fingerprint(token.refreshToken))
    );
  }

  /**
   * An access token to call the portal with. Inside the refresh window the token is
   * refreshed first; if that fails while the old one is still valid, the old one is used (as
   * botocore does), otherwise the user has to sign in again.
   */
  async accessToken(login: SsoLoginConfig): Promise<string> {
    const token = await this.read(login);
    if (!token) throw signInRequired(login, 'there is no current sign-in.');
    const remaining = Date.parse(token.expiresAt) - this.#deps.now();
    if (remaining >= REFRESH_WINDOW_MS || !this.canRefresh(token)) {
      if (remaining > 0) return token.accessToken;
      throw signInRequired(login, 'the sign-in has expired.');
    }
    try {
      return (await this.refresh(login)).accessToken;
    } catch (err) {
      if (remaining > 0) return token.accessToken;
      throw err;
    }
  }

  /** Exchanges the refresh token for a new access token and writes it to the cache. */
  refresh(login: SsoLoginConfig): Promise<CachedToken> {
    const running = this.#refreshing.get(login.id);
    if (running) return running;
    const refresh = this.#refresh(login).finally(() => this.#refreshing.delete(login.id));
    this.#refreshing.set(login.id, refresh);
    return refresh;
  }

  /** AWS answered that this access token is not (or no longer) valid. */
  refuse(accessToken: string): void {
    this.#refused.add(fingerprint(accessToken));
  }

  async #refresh(login: SsoLoginConfig): Promise<CachedToken> {
    const token = await this.read(login);
    // Someone else (the CLI, another window of time) refreshed it meanwhile.
    if (token && Date.parse(token.expiresAt) - this.#deps.now() >= REFRESH_WINDOW_MS) return token;
    if (!token || !this.canRefresh(token)) throw signInRequired(login, 'the sign-in has expired.');
    const { clientId = '', clientSecret = '', refreshToken = '' } = token;
    try {
      const answer = await this.#deps
        .oidc({ region: login.region, endpoint: login.endpoints.oidc })
        .createToken({
          grantType: 'refresh_token',
          clientId,
          clientSecret,
          refreshToken,
        });
      const fresh: CachedToken = {
        ...token,
        startUrl: login.startUrl,
        region: login.region,
        accessToken: answer.accessToken,
        expiresAt: cacheTime(this.#deps.now() + answer.expiresIn * 1000),
        // Kept when the answer has none: OAuth lets a refresh token be used again.
        refreshToken: answer.refreshToken ?? refreshToken,
      };
      await this.#deps.cache.writeToken(login, fresh);
      return fresh;
    } catch (err) {
      if (!isTokenRefused(err)) throw signInFailure(err, login);
      this.#refused.add(fingerprint(refreshToken));
      throw signInRequired(login, 'the sign-in has ended and cannot be renewed.');
    }
  }
}
