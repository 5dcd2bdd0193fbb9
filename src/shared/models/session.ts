import type { AppError } from './errors';

export type SessionStatus = 'assuming' | 'active' | 'expiring' | 'expired' | 'error';

export interface Identity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

/** One open role session as the renderer sees it: identity and lifetime, never credentials. */
export interface SessionState {
  readonly sessionId: string;
  /** The profile name, or `adhoc:<account>:<role>` for an ad-hoc switch. */
  readonly source: string;
  readonly label: string;
  readonly status: SessionStatus;
  readonly region: string;
  readonly identity?: Identity;
  /** ISO time; absent for credentials that do not expire (long-term keys). */
  readonly expiresAt?: string;
  /** Renewal happens without asking when no step needs MFA. */
  readonly autoRenew: boolean;
  readonly needsMfa: boolean;
  /** The IAM Identity Center sign-in the session's credentials come from, if any. */
  readonly ssoLogin?: string;
  readonly error?: AppError;
}

/** Main asks the renderer for one MFA code for one AssumeRole step. */
export interface MfaPrompt {
  readonly promptId: string;
  readonly profile: string;
  readonly roleArn: string;
  readonly mfaSerial: string;
  /** 1 for the first ask; higher after a rejected code. */
  readonly attempt: number;
  readonly error?: AppError;
}

/** A warning window before expiry, as the issue asks: five minutes. */
export const EXPIRY_WARNING_MS = 5 * 60 * 1000;
