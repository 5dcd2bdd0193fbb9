import type { SsoSignInMethod } from './sso';

export type ConfirmPreference = 'always' | 'never';

export interface Settings {
  readonly downloadDir?: string;
  /** Files transferred at once. */
  readonly parallelFiles: number;
  /** Multipart part size in MiB. */
  readonly partSizeMiB: number;
  /** Parts of one file in flight at once. */
  readonly partConcurrency: number;
  readonly confirmDelete: ConfirmPreference;
  readonly theme: 'system' | 'light' | 'dark';
  /** Colour per session source (profile name), as a CSS hex colour. */
  readonly sessionColors: Readonly<Record<string, string>>;
  /** How to sign in to IAM Identity Center (sso-sessions; legacy profiles always use a device code). */
  readonly ssoSignIn: SsoSignInMethod;
}

export const defaultSettings: Settings = {
  parallelFiles: 4,
  partSizeMiB: 16,
  partConcurrency: 8,
  confirmDelete: 'always',
  theme: 'system',
  sessionColors: {},
  ssoSignIn: 'browser',
};
