import { randomUUID } from 'node:crypto';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { AppFailure } from '../../shared/errors/app-error';
import { toAppError } from '../../shared/errors/to-app-error';
import { EXPIRY_WARNING_MS, type SessionState, type SessionStatus } from '../../shared/models/session';
import type { MfaPrompter } from '../credentials/mfa-prompter';
import { type ChainResult, runRoleChain } from '../credentials/role-chain';
import type { RootCredentialsResolver, SsoRoleSource } from '../credentials/root-credentials';
import type { StsApiFactory } from '../credentials/sts-api';
import type { EventSink } from '../events/event-sink';
import type { ResolvedProfile } from '../profiles/profile-model';
import type { Env } from '../profiles/read-config-files';
import type { SessionAccess, SessionContext } from './session-access';

/** Time, injectable so tests can walk a session through expiry without waiting an hour. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  // unref: a pending renewal must not keep a test run or a quitting app alive.
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Renew this long before expiry (or at half the remaining life, if that is sooner). */
export const RENEW_LEAD_MS = 5 * 60 * 1000;
/**
 * Credentials whose source keeps handing back the same near expiry (a caching credential_process)
 * would otherwise be renewed at ever shorter intervals.
 */
const MIN_RENEW_GAP_MS = 30_000;
/** setTimeout fires at once for longer delays; far expiries (env credentials) get a later re-check. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SessionStoreOptions {
  readonly getProfile: (name: string) => ResolvedProfile | undefined;
  readonly sink: EventSink;
  readonly mfa: MfaPrompter;
  readonly env: Env;
  readonly clock?: Clock;
  /** Seams for tests; by default the SDK's STS client and credential providers. */
  readonly sts?: StsApiFactory;
  readonly root?: RootCredentialsResolver;
  /** IAM Identity Center role credentials, for profiles (and discovered roles) whose root is SSO. */
  readonly sso?: SsoRoleSource;
  readonly newId?: () => string;
}

/** The main-process record of one session; the only place its credentials live. */
interface Session {
  readonly sessionId: string;
  profile: ResolvedProfile;
  state: SessionState;
  credentials?: AwsCredentialIdentity;
  expiresAt?: number;
  /** The credentials came from role chaining (see ChainResult). */
  chained?: boolean;
  timers: unknown[];
  opening?: Promise<SessionState>;
  renewing?: Promise<SessionState>;
}

export interface SignInContext {
  readonly region: string;
  readonly chained: boolean;
  readonly identityArn?: string;
  readonly stsEndpoint?: string;
}

const closedMeanwhile = (): AppFailure => new AppFailure('cancelled', 'The session was closed meanwhile.');

const shellValue = (value: string): string =>
  /^[\w+/=.-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * Open role sessions: one lifecycle (assuming → active → expiring → expired, with renewal)
 * for every profile kind. Credentials stay in this object; events and states carry identity
 * and expiry only.
 */
export class SessionStore implements SessionAccess {
  readonly #options: SessionStoreOptions;
  readonly #clock: Clock;
  readonly #newId: () => string;
  readonly #sessions = new Map<string, Session>();
  readonly #renewedListeners = new Set<(sessionId: string) => void>();

  constructor(options: SessionStoreOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#newId = options.newId ?? randomUUID;
  }

  /** Opens (or reuses, without a new MFA prompt) the session of a named profile. */
  open(profileName: string): Promise<SessionState> {
    const existing = this.#bySource(profileName);
    if (existing) return this.#reuse(existing);
    const profile = this.#options.getProfile(profileName);
    if (!profile) {
      return Promise.reject(
        new AppFailure('not-found', `There is no profile named "${profileName}".`, {
          details: { profile: profileName },
          hints: ['Reload the profiles if you just added it to ~/.aws/config.'],
        }),
      );
    }
    return this.#start(profileName, profileName, profile);
  }

  /** Opens a session for an ad-hoc role switch built by the profile loader. */
  openAdhoc(resolved: ResolvedProfile, label?: string): Promise<SessionState> {
    const source = resolved.summary.name;
    const existing = this.#bySource(source);
    if (existing) return this.#reuse(existing);
    return this.#start(source, label ?? source, resolved);
  }

  /**
   * Runs the chain again, asking for MFA when a step needs it. On failure or cancel the old
   * credentials stay in use for as long as they are valid.
   */
  renew(sessionId: string): Promise<SessionState> {
    const session = this.#get(sessionId);
    if (session.opening) return session.opening;
    if (session.renewing) return session.renewing;
    // A named profile may have been edited since the session opened; ad-hoc ones live only here.
    const profile = this.#options.getProfile(session.state.source) ?? session.profile;
    const renewing = this.#renewWith(session, profile);
    session.renewing = renewing;
    return renewing;
  }

  close(sessionId: string): void {
    const session = this.#get(sessionId);
    this.#forget(session);
    this.#options.sink.emit('sessionClosed', { sessionId });
  }

  /** Wipes every session, e.g. when the app quits. */
  closeAll(): void {
    for (const sessionId of [...this.#sessions.keys()]) this.close(sessionId);
  }

  list(): readonly SessionState[] {
    return [...this.#sessions.values()].map((s) => s.state);
  }

  state(sessionId: string): SessionState {
    return this.#get(sessionId).state;
  }

  async credentials(sessionId: string): Promise<AwsCredentialIdentity> {
    const session = this.#get(sessionId);
    if (session.opening) await session.opening;
    // A renewal already under way (automatic, or the user's) may rescue lapsed credentials.
    if (!this.#valid(session) && session.renewing) await session.renewing.catch(() => undefined);
    if (!session.credentials || !this.#valid(session)) {
      throw new AppFailure('token-expired', `The session "${session.state.label}" has expired.`, {
        details: { sessionId, profile: session.state.source },
        hints: ['Renew the session (you may be asked for an MFA code).'],
      });
    }
    return { ...session.credentials };
  }

  context(sessionId: string): SessionContext {
    const session = this.#get(sessionId);
    return {
      region: session.profile.region,
      ...(session.profile.endpoints.s3 ? { s3Endpoint: session.profile.endpoints.s3 } : {}),
      ...(session.profile.endpoints.s3Control
        ? { s3ControlEndpoint: session.profile.endpoints.s3Control }
        : {}),
      ...(session.expiresAt !== undefined ? { expiresAt: new Date(session.expiresAt) } : {}),
    };
  }

  /** What a Console sign-in needs besides the credentials; main-only, like the credentials. */
  signInContext(sessionId: string): SignInContext {
    const session = this.#get(sessionId);
    const { sts } = session.profile.endpoints;
    return {
      region: session.profile.region,
      chained: session.chained ?? false,
      ...(session.state.identity ? { identityArn: session.state.identity.arn } : {}),
      ...(sts ? { stsEndpoint: sts } : {}),
    };
  }

  onRenewed(listener: (sessionId: string) => void): () => void {
    this.#renewedListeners.add(listener);
    return () => this.#renewedListeners.delete(listener);
  }

  /**
   * Shell lines that put the session's credentials in a terminal. The caller copies them to
   * the clipboard after the user confirmed; they must never travel over IPC.
   */
  async exportsText(sessionId: string): Promise<string> {
    const c = await this.credentials(sessionId);
    return [
      `export AWS_ACCESS_KEY_ID=${shellValue(c.accessKeyId)}`,
      `export AWS_SECRET_ACCESS_KEY=${shellValue(c.secretAccessKey)}`,
      // Long-term keys have no token; a stale one left in the shell would break them.
      c.sessionToken ? `export AWS_SESSION_TOKEN=${shellValue(c.sessionToken)}` : 'unset AWS_SESSION_TOKEN',
    ].join('\n');
  }

  #reuse(session: Session): Promise<SessionState> {
    if (session.opening) return session.opening;
    if (session.renewing) return session.renewing;
    if (!this.#valid(session)) return this.renew(session.sessionId);
    return Promise.resolve(session.state);
  }

  #start(source: string, label: string, profile: ResolvedProfile): Promise<SessionState> {
    const needsMfa = profile.steps.some((step) => step.mfaSerial !== undefined);
    const sessionId = this.#newId();
    const session: Session = {
      sessionId,
      profile,
      timers: [],
      state: {
        sessionId,
        source,
        label,
        status: 'assuming',
        region: profile.region,
        autoRenew: !needsMfa,
        needsMfa,
        ...(profile.root?.kind === 'sso' ? { ssoLogin: profile.root.loginId } : {}),
      },
    };
    this.#sessions.set(session.sessionId, session);
    this.#emit(session);
    const opening = this.#firstRun(session);
    session.opening = opening;
    return opening;
  }

  async #firstRun(session: Session): Promise<SessionState> {
    try {
      const result = await this.#runChain(session.profile);
      if (!this.#isOpen(session)) throw closedMeanwhile();
      this.#apply(session, result);
      return session.state;
    } catch (err) {
      // A session that never got credentials is not worth keeping; the caller shows the error.
      if (this.#isOpen(session)) this.close(session.sessionId);
      throw err;
    } finally {
      session.opening = undefined;
    }
  }

  async #renewWith(session: Session, profile: ResolvedProfile): Promise<SessionState> {
    try {
      const result = await this.#runChain(profile);
      if (!this.#isOpen(session)) throw closedMeanwhile();
      session.profile = profile;
      this.#apply(session, result);
      for (const listener of this.#renewedListeners) listener(session.sessionId);
      return session.state;
    } catch (err) {
      if (this.#isOpen(session)) {
        const cancelled = err instanceof AppFailure && err.appError.code === 'mfa-cancelled';
        const { error: _previous, ...rest } = session.state;
        session.state = {
          ...rest,
          status: this.#statusNow(session),
          // Cancelling is the user's choice, not a fault to show on the session.
          ...(cancelled ? {} : { error: toAppError(err) }),
        };
        this.#emit(session);
      }
      throw err;
    } finally {
      session.renewing = undefined;
    }
  }

  #runChain(profile: ResolvedProfile): Promise<ChainResult> {
    const { env, mfa, sts, root, sso, getProfile } = this.#options;
    return runRoleChain(profile, {
      env,
      mfa,
      now: () => this.#clock.now(),
      endpointsOf: (name) => getProfile(name)?.endpoints,
      ...(sts ? { sts } : {}),
      ...(root ? { root } : {}),
      ...(sso ? { sso } : {}),
    });
  }

  #apply(session: Session, result: ChainResult): void {
    session.credentials = result.credentials;
    session.chained = result.chained;
    session.expiresAt = result.expiresAt?.getTime();
    const { error: _previous, expiresAt: _old, ...rest } = session.state;
    session.state = {
      ...rest,
      identity: result.identity,
      status: this.#statusNow(session),
      ...(result.expiresAt ? { expiresAt: result.expiresAt.toISOString() } : {}),
    };
    this.#schedule(session);
    this.#emit(session);
  }

  #schedule(session: Session): void {
    this.#clearTimers(session);
    const expiresAt = session.expiresAt;
    if (expiresAt === undefined) return;
    const now = this.#clock.now();
    const at = (time: number, action: () => void): void => {
      session.timers.push(this.#clock.setTimeout(action, Math.max(0, time - now)));
    };
    if (expiresAt - now - RENEW_LEAD_MS > MAX_TIMER_MS) {
      at(now + MAX_TIMER_MS, () => this.#schedule(session));
      return;
    }
    // Registered first so that, at the same instant, the renewal starts before the warning.
    if (session.state.autoRenew) {
      const lead = Math.min(RENEW_LEAD_MS, (expiresAt - now) / 2);
      const renewAt = Math.max(expiresAt - lead, now + MIN_RENEW_GAP_MS);
      if (renewAt < expiresAt) {
        at(renewAt, () => {
          this.renew(session.sessionId).catch(() => undefined);
        });
      }
    }
    at(expiresAt - EXPIRY_WARNING_MS, () => this.#refreshStatus(session));
    at(expiresAt, () => this.#refreshStatus(session));
  }

  #refreshStatus(session: Session): void {
    if (!this.#isOpen(session)) return;
    const status = this.#statusNow(session);
    // An automatic renewal under way will make the session active again; no need to alarm.
    if (status === 'expiring' && session.renewing) return;
    if (status === 'expired') session.credentials = undefined;
    if (status === session.state.status) return;
    session.state = { ...session.state, status };
    this.#emit(session);
  }

  #statusNow(session: Session): SessionStatus {
    if (session.expiresAt === undefined) return 'active';
    const now = this.#clock.now();
    if (now >= session.expiresAt) return 'expired';
    return now >= session.expiresAt - EXPIRY_WARNING_MS ? 'expiring' : 'active';
  }

  #valid(session: Session): boolean {
    return session.credentials !== undefined && this.#statusNow(session) !== 'expired';
  }

  #forget(session: Session): void {
    this.#clearTimers(session);
    session.credentials = undefined;
    this.#sessions.delete(session.sessionId);
  }

  #clearTimers(session: Session): void {
    for (const timer of session.timers) this.#clock.clearTimeout(timer);
    session.timers = [];
  }

  #isOpen(session: Session): boolean {
    return this.#sessions.get(session.sessionId) === session;
  }

  #bySource(source: string): Session | undefined {
    for (const session of this.#sessions.values()) if (session.state.source === source) return session;
    return undefined;
  }

  #get(sessionId: string): Session {
    const session = this.#sessions.get(sessionId);
    if (!session) {
      throw new AppFailure('not-found', 'That session is not open.', { details: { sessionId } });
    }
    return session;
  }

  #emit(session: Session): void {
    this.#options.sink.emit('sessionChanged', session.state);
  }
}
