import type { SsoSignInMethod } from './sso';

export type ConfirmPreference = 'always' | 'never';

export interface Settings {
  readonly downloadDir?: string;
  /** Large files transferred at once; small files (up to 1 MiB) run 16 to each (files-in-flight.ts). */
  readonly parallelFiles: number;
  /** Multipart part size in MiB; larger when a file would need more than S3's 10,000 parts. */
  readonly partSizeMiB: number;
  /** Parts of one file in flight at once. */
  readonly partConcurrency: number;
  readonly confirmDelete: ConfirmPreference;
  readonly theme: 'system' | 'light' | 'dark';
  /** Colour per session source (profile name), as a CSS hex colour. */
  readonly sessionColors: Readonly<Record<string, string>>;
  /** A copy past either of these is offered to S3 Batch Operations (models/batch.ts). */
  readonly batchThresholdObjects: number;
  readonly batchThresholdGiB: number;
  /** How to sign in to IAM Identity Center (sso-sessions; legacy profiles always use a device code). */
  readonly ssoSignIn: SsoSignInMethod;
  /** USD per GB-month by storage class, over the price table shipped with the app. */
  readonly storagePrices: Readonly<Record<string, number>>;
  /** A storage summary stops listing here and suggests the bucket's S3 Inventory. */
  readonly summaryKeyLimit: number;
}

export const defaultSettings: Settings = {
  parallelFiles: 4,
  partSizeMiB: 16,
  partConcurrency: 8,
  confirmDelete: 'always',
  theme: 'system',
  sessionColors: {},
  ssoSignIn: 'browser',
  storagePrices: {},
  summaryKeyLimit: 10_000_000,
  batchThresholdObjects: 100_000,
  batchThresholdGiB: 1024,
};
