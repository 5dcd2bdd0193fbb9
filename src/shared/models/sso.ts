import type { AppError } from './errors';

/**
 * IAM Identity Center as the renderer sees it: who is signed in where, until when, and which
 * accounts and roles that sign-in grants. Never a token, a refresh token or a client secret:
 * those stay in main and in the shared cache file (~/.aws/sso/cache).
 */

/** How to sign in: the browser with a loopback redirect (the CLI's default), or a device code. */
export type SsoSignInMethod = 'browser' | 'device-code';

export type SsoStatus = 'signed-out' | 'signing-in' | 'signed-in' | 'expired';

/** A sign-in waiting for the user in the browser. */
export interface SsoPendingSignIn {
  readonly method: SsoSignInMethod;
  /** The page opened in the system browser, shown so the user can open it on another device. */
  readonly url: string;
  /** Device code only: the code the page asks to confirm. */
  readonly userCode?: string;
  /** When the request lapses and has to be started again. */
  readonly expiresAt: string;
}

/** One place to sign in to: an `[sso-session NAME]`, or the start URL of legacy SSO profiles. */
export interface SsoLogin {
  /** The sso-session name, or the start URL for legacy profiles (the key of the CLI's cache). */
  readonly id: string;
  readonly kind: 'sso-session' | 'legacy';
  readonly startUrl: string;
  /** The Identity Center region (sso_region). */
  readonly region: string;
  /** Profiles in ~/.aws/config that use this sign-in. */
  readonly profiles: readonly string[];
  readonly status: SsoStatus;
  /** When the access token lapses (absent when signed out). */
  readonly expiresAt?: string;
  /** Whether the token can be renewed without the browser (a refresh token and a live client registration). */
  readonly refreshable: boolean;
  /** Legacy profiles only know the device code flow, as in the CLI. */
  readonly methods: readonly SsoSignInMethod[];
  readonly pending?: SsoPendingSignIn;
  /** The last failure (sign-in, refresh or discovery), until the next success. */
  readonly error?: AppError;
}

export interface SsoAccount {
  readonly accountId: string;
  readonly accountName: string;
  readonly emailAddress?: string;
  /** Absent while the account's roles are still being listed. */
  readonly roles?: readonly string[];
  readonly rolesError?: AppError;
}

/** Every account and role a sign-in grants (ListAccounts, then ListAccountRoles per account). */
export interface SsoDirectory {
  readonly loginId: string;
  readonly status: 'loading' | 'ready' | 'error';
  readonly accounts: readonly SsoAccount[];
  readonly error?: AppError;
}

/** An account and role of a sign-in, opened without a profile in ~/.aws/config. */
export interface SsoRoleRef {
  readonly loginId: string;
  readonly accountId: string;
  readonly roleName: string;
}

export interface SsoRecentRole extends SsoRoleRef {
  readonly accountName?: string;
  readonly openedAt: string;
}

/** Everything the window needs to draw sign-ins; sent whole on every change (it is small). */
export interface SsoSnapshot {
  readonly logins: readonly SsoLogin[];
  readonly directories: readonly SsoDirectory[];
  readonly recent: readonly SsoRecentRole[];
}

/** The session source name of a discovered role: `sso:<login>:<account>:<role>`. */
export const ssoRoleSource = (role: SsoRoleRef): string =>
  `sso:${role.loginId}:${role.accountId}:${role.roleName}`;

/** The inverse of `ssoRoleSource`; the login may contain colons (a start URL), the account and role cannot. */
export function parseSsoRoleSource(source: string): SsoRoleRef | undefined {
  const match = /^sso:(.+):(\d{12}):([\w+=,.@-]+)$/.exec(source);
  return match ? { loginId: match[1] ?? '', accountId: match[2] ?? '', roleName: match[3] ?? '' } : undefined;
}
