import type { AccessDenial } from './access';

/**
 * Errors cross IPC as plain data: a thrown Error loses its fields across `invoke`,
 * and the UI needs the code to choose wording and the details to name the resource.
 */
export const errorCodes = [
  'validation',
  'unauthorized',
  'not-found',
  'profile-invalid',
  'profile-cycle',
  'profile-missing-source',
  'profile-conflicting-source',
  'profile-malformed-arn',
  'config-unreadable',
  'credentials-missing',
  'assume-role-denied',
  'mfa-invalid',
  'mfa-cancelled',
  'duration-too-long',
  'token-expired',
  /** IAM Identity Center: no valid sign-in for the sso-session or start URL; sign in again. */
  'sso-sign-in-required',
  /** IAM Identity Center: a sign-in attempt did not complete (denied, expired, refused). */
  'sso-sign-in-failed',
  'access-denied',
  'no-such-bucket',
  'no-such-key',
  'wrong-region',
  'network',
  'conflict',
  'unsafe-key',
  'cancelled',
  /** This shell cannot do it (the browser shell has no native file dialog). */
  'unsupported',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface AppError {
  readonly code: ErrorCode;
  /** One sentence a user can act on. */
  readonly message: string;
  /** Which call failed and on what: `{ action: 's3:ListBucket', resource: 'arn:aws:s3:::b' }`. */
  readonly details?: Readonly<Record<string, string>>;
  /** Likely causes, in plain words, most likely first. */
  readonly hints?: readonly string[];
  /** For `access-denied` and `assume-role-denied`: AWS's denial, parsed, for the explanation panel. */
  readonly access?: AccessDenial;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: AppError };
