import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { AppFailure } from '../../shared/errors/app-error';
import { toAppError } from '../../shared/errors/to-app-error';
import type {
  SsoLogin,
  SsoRecentRole,
  SsoRoleRef,
  SsoSignInMethod,
  SsoSnapshot,
} from '../../shared/models/sso';
import { systemClock as transferClock, sleep as waitFor } from '../../shared/transfers/clock';
import type { SsoRoleSource } from '../credentials/root-credentials';
import type { EventSink } from '../events/event-sink';
import type { ResolvedProfile, SsoRoot } from '../profiles/profile-model';
import type { Env } from '../profiles/read-config-files';
import type { SsoLoginConfig } from '../profiles/sso-logins';
import { log } from '../security/log';
import { type Clock, systemClock } from '../sessions/session-store';
import { CacheWatch } from './cache-watch';
import { type LoginState, loginView, newLoginState } from './login-state';
import { RecentSsoRoles } from './recent-sso-roles';
import { signIn } from './sign-in';
import { type OidcApiFactory, type PortalApiFactory, sdkOidc, sdkPortal } from './sso-apis';
import { SsoDirectories } from './sso-directories';
import { isTokenRefused, portalFailure, unknownLogin } from './sso-failures';
import { regionFor, renderSsoProfileBlock, ssoProfileName, ssoRoleProfile } from './sso-role-profile';
import { SsoTokens } from './sso-tokens';
import { SsoCache } from './token-cache';
import { clearTokenTimers, planTokenTimers } from './token-timers';

export interface SsoServiceOptions {
  readonly env: Env;
  readonly sink: EventSink;
  /** The sign-ins the config files describe, as last read. */
  readonly logins: () => readonly SsoLoginConfig[];
  /** The system browser (the platform's openExternal). */
  readonly openBrowser: (url: string) => Promise<void>;
  /** The user's choice between the browser flow and the device code flow. */
  readonly method: () => SsoSignInMethod;
  readonly dataDir: string;
  readonly clock?: Clock;
  readonly oidc?: OidcApiFactory;
  readonly portal?: PortalApiFactory;
  /** Waits between device code polls; real time unless a test needs otherwise. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * IAM Identity Center inside the app: signs in (and out), keeps each sign-in's token fresh in
 * the cache it shares with the AWS CLI, lists the accounts and roles each sign-in grants,
 * and hands role credentials to the sessions. State goes to the window as `SsoSnapshot`
 * events; tokens never leave this object and the cache file.
 */
export class SsoService implements SsoRoleSource {
  readonly #options: SsoServiceOptions;
  readonly #clock: Clock;
  readonly #cache: SsoCache;
  readonly #tokens: SsoTokens;
  readonly #oidc: OidcApiFactory;
  readonly #portal: PortalApiFactory;
  readonly #states = new Map<string, LoginState>();
  readonly #directories: SsoDirectories;
  readonly #recent: RecentSsoRoles;
  readonly #signedInListeners = new Set<(loginId: string) => void>();
  #recentList: readonly SsoRecentRole[] = [];
  readonly #cacheWatch = new CacheWatch(() => {
    void Promise.all(this.#options.logins().map((login) => this.#update(login))).then(() => this.#emit());
  });
  #disposed = false;

  constructor(options: SsoServiceOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#cache = new SsoCache(options.env);
    this.#oidc = options.oidc ?? sdkOidc;
    this.#portal = options.portal ?? sdkPortal;
    this.#tokens = new SsoTokens({ cache: this.#cache, oidc: this.#oidc, now: () => this.#clock.now() });
    this.#recent = new RecentSsoRoles(options.dataDir);
    this.#directories = new SsoDirectories({
      portal: this.#portal,
      accessToken: (login) => this.#tokens.accessToken(login),
      changed: () => this.#emit(),
      refused: (login) => void this.#updateAndEmit(login),
    });
  }

  /** Reads every sign-in's state from the cache, starts watching it, lists what signed-in ones grant. */
  async start(): Promise<void> {
    this.#recentList = await this.#recent.list();
    await this.configChanged();
  }

  /** The config files changed: sign-ins may have come or gone. */
  async configChanged(): Promise<void> {
    const logins = this.#options.logins();
    const ids = new Set(logins.map((l) => l.id));
    for (const [id, state] of this.#states) {
      if (ids.has(id)) continue;
      state.signingIn?.abort.abort(new AppFailure('cancelled', 'The sign-in was removed from the config.'));
      clearTokenTimers(this.#clock, state);
      this.#states.delete(id);
      this.#directories.delete(id);
    }
    this.#cacheWatch.follow(logins.map((login) => this.#cache.tokenPath(login)));
    await Promise.all(logins.map((login) => this.#update(login)));
    this.#emit();
  }

  snapshot(): SsoSnapshot {
    return {
      logins: this.#options.logins().map((login) => this.#view(login)),
      directories: this.#directories.all(),
      recent: this.#recentList,
    };
  }

  /** Called after a sign-in (here or by the CLI) makes a login usable, so waiting sessions renew. */
  onSignedIn(listener: (loginId: string) => void): () => void {
    this.#signedInListeners.add(listener);
    return () => this.#signedInListeners.delete(listener);
  }

  /** Signs in and resolves once signed in; progress (the page, the code) arrives as events. */
  signIn(loginId: string): Promise<SsoLogin> {
    const login = this.#login(loginId);
    const state = this.#stateOf(login.id);
    if (state.signingIn) return state.signingIn.promise;
    const abort = new AbortController();
    const method: SsoSignInMethod = login.sessionName ? this.#options.method() : 'device-code';
    const promise = this.#runSignIn(login, method, state, abort.signal);
    state.signingIn = { promise, abort };
    state.error = undefined;
    this.#emit();
    return promise;
  }

  cancelSignIn(loginId: string): void {
    this.#states
      .get(loginId)
      ?.signingIn?.abort.abort(new AppFailure('cancelled', 'The sign-in was cancelled.'));
  }

  /** Opens the pending sign-in page again (the browser tab was closed, or opened elsewhere). */
  async reopenSignIn(loginId: string): Promise<void> {
    const pending = this.#states.get(loginId)?.pending;
    if (!pending) throw new AppFailure('not-found', 'No sign-in is waiting for the browser.');
    await this.#options.openBrowser(pending.url);
  }

  /**
   * Signs out as `aws sso logout` does: Logout at AWS, then the token file goes. Open role
   * sessions keep their credentials until they expire, as AWS keeps them valid.
   */
  async signOut(loginId: string): Promise<SsoLogin> {
    const login = this.#login(loginId);
    this.cancelSignIn(login.id);
    const token = await this.#tokens.present(login);
    if (token) {
      try {
        await this.#portal({ region: login.region, endpoint: login.endpoints.portal }).logout(
          token.accessToken,
        );
      } catch (err) {
        // Already invalid at AWS (or unreachable): the local sign-out still has to happen.
        if (!isTokenRefused(err))
          log.warn(`Identity Center logout for ${login.id} failed: ${toAppError(err).message}`);
      }
      this.#tokens.refuse(token.accessToken);
    }
    await this.#cache.deleteToken(login);
    this.#directories.delete(login.id);
    const state = this.#stateOf(login.id);
    state.error = undefined;
    await this.#update(login);
    this.#emit();
    return this.#view(login);
  }

  /** Lists the accounts and roles again. */
  refreshDirectory(loginId: string): void {
    this.#directories.load(this.#login(loginId));
  }

  /** A discovered role as a profile the session store can open. */
  roleProfile(role: SsoRoleRef): ResolvedProfile {
    return ssoRoleProfile(role, this.#login(role.loginId), this.#options.env);
  }

  /** How a session of the role is labelled: the account's name (or ID) and the role. */
  roleLabel(role: SsoRoleRef): string {
    return `${this.#accountName(role) ?? role.accountId} · ${role.roleName}`;
  }

  /** Keeps a role that was opened at the top of the recent list. */
  async rememberOpened(role: SsoRoleRef): Promise<void> {
    const accountName = this.#accountName(role);
    this.#recentList = await this.#recent.remember({
      loginId: role.loginId,
      accountId: role.accountId,
      roleName: role.roleName,
      ...(accountName ? { accountName } : {}),
      openedAt: new Date(this.#clock.now()).toISOString(),
    });
    this.#emit();
  }

  /** The name "Copy profile block" gives the role's profile unless the user names it. */
  profileName(role: SsoRoleRef): string {
    return ssoProfileName(role, this.#accountName(role));
  }

  /** The text to paste into ~/.aws/config for the CLI to open the same role. */
  profileBlock(
    role: SsoRoleRef,
    options: { readonly name?: string; readonly withSession?: boolean } = {},
  ): string {
    const login = this.#login(role.loginId);
    const accountName = this.#accountName(role);
    return renderSsoProfileBlock(role, login, regionFor(login, this.#options.env), {
      ...options,
      ...(accountName ? { accountName } : {}),
    });
  }

  /** GetRoleCredentials with the sign-in's token, refreshing the token first when it is due. */
  async roleCredentials(root: SsoRoot): Promise<AwsCredentialIdentity> {
    const login = this.#login(root.loginId, root.profile);
    const resource = `${root.accountId}/${root.roleName}`;
    let accessToken: string;
    try {
      accessToken = await this.#tokens.accessToken(login);
    } finally {
      // A refresh may have happened, or the sign-in turned out to be over.
      await this.#updateAndEmit(login);
    }
    try {
      return await this.#portal({
        region: login.region,
        endpoint: login.endpoints.portal,
      }).getRoleCredentials(accessToken, root.accountId, root.roleName);
    } catch (err) {
      if (isTokenRefused(err)) {
        this.#tokens.refuse(accessToken);
        await this.#updateAndEmit(login);
      }
      throw portalFailure(err, login, 'sso:GetRoleCredentials', resource);
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#cacheWatch.close();
    this.#directories.dispose();
    for (const state of this.#states.values()) {
      state.signingIn?.abort.abort(new AppFailure('cancelled', 'Crossbucket is closing.'));
      clearTokenTimers(this.#clock, state);
    }
  }

  async #runSignIn(
    login: SsoLoginConfig,
    method: SsoSignInMethod,
    state: LoginState,
    signal: AbortSignal,
  ): Promise<SsoLogin> {
    let failure: unknown;
    try {
      await signIn(login, method, {
        cache: this.#cache,
        oidc: this.#oidc({ region: login.region, endpoint: login.endpoints.oidc }),
        now: () => this.#clock.now(),
        openBrowser: this.#options.openBrowser,
        sleep: this.#options.sleep ?? ((ms, s) => waitFor(transferClock, ms, s)),
        onPending: (pending) => {
          state.pending = pending;
          this.#emit();
        },
        signal,
      });
      state.error = undefined;
    } catch (err) {
      failure = err;
      const error = toAppError(err);
      if (error.code !== 'cancelled') state.error = error;
    }
    state.pending = undefined;
    state.signingIn = undefined;
    await this.#update(login);
    this.#emit();
    if (failure) throw failure;
    return this.#view(login);
  }

  /** Re-reads the cache file for one sign-in, reschedules its refresh, and notices a new sign-in. */
  #update(login: SsoLoginConfig): Promise<void> {
    const state = this.#stateOf(login.id);
    const run = state.updating.then(() => this.#read(login, state));
    state.updating = run.catch(() => undefined);
    return run;
  }

  async #read(login: SsoLoginConfig, state: LoginState): Promise<void> {
    const before = state.status;
    const token = await this.#tokens.read(login);
    const present = token ?? (await this.#tokens.present(login));
    const standing = this.#tokens.standing(token);
    state.refreshable = token !== undefined && this.#tokens.canRefresh(token);
    state.expiresAt = token?.expiresAt ? new Date(token.expiresAt).toISOString() : undefined;
    state.status = state.signingIn
      ? 'signing-in'
      : standing !== 'dead'
        ? 'signed-in'
        : present
          ? 'expired'
          : 'signed-out';
    this.#schedule(login, state, token ? Date.parse(token.expiresAt) : undefined);
    if (state.status === 'signed-in' && before !== 'signed-in') {
      // Signed in elsewhere (the CLI): an old failure no longer applies. In-app sign-ins clear their own.
      if (before !== 'signing-in') state.error = undefined;
      this.#signedIn(login);
    }
    if (state.status !== 'signed-in' && before === 'signed-in') this.#directories.delete(login.id);
  }

  async #updateAndEmit(login: SsoLoginConfig): Promise<void> {
    await this.#update(login);
    this.#emit();
  }

  #signedIn(login: SsoLoginConfig): void {
    this.#directories.load(login);
    for (const listener of this.#signedInListeners) listener(login.id);
  }

  /** Plans the token's refresh and its look at expiry (token-timers); a failed refresh shows on the login. */
  #schedule(login: SsoLoginConfig, state: LoginState, expiresAt: number | undefined): void {
    planTokenTimers(this.#clock, state, expiresAt, {
      refresh: () => {
        this.#tokens.refresh(login).then(
          () => {
            state.error = undefined;
            return this.#updateAndEmit(login);
          },
          async (err: unknown) => {
            state.error = toAppError(err);
            await this.#updateAndEmit(login);
          },
        );
      },
      recheck: () => void this.#updateAndEmit(login),
    });
  }

  #view(login: SsoLoginConfig): SsoLogin {
    return loginView(login, this.#stateOf(login.id));
  }

  /** From the listing, else from the recent list (which outlives a sign-out). */
  #accountName(role: SsoRoleRef): string | undefined {
    return (
      this.#directories.accountName(role) ??
      this.#recentList.find((r) => r.loginId === role.loginId && r.accountId === role.accountId)?.accountName
    );
  }

  #stateOf(id: string): LoginState {
    let state = this.#states.get(id);
    if (!state) {
      state = newLoginState();
      this.#states.set(id, state);
    }
    return state;
  }

  #login(id: string, profile?: string): SsoLoginConfig {
    const login = this.#options.logins().find((l) => l.id === id);
    if (login) return login;
    throw unknownLogin(id, profile);
  }

  #emit(): void {
    if (!this.#disposed) this.#options.sink.emit('ssoChanged', this.snapshot());
  }
}
