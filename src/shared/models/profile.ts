import type { AppError } from './errors';

/** How the first link of a profile's chain gets credentials, as the AWS CLI decides it. */
export type CredentialKind =
  | 'static'
  | 'role'
  | 'sso'
  | 'process'
  | 'credential-source'
  | 'web-identity'
  | 'none';

export type CredentialSource = 'Environment' | 'Ec2InstanceMetadata' | 'EcsContainer';

/** What the renderer may know about a profile: never a key, secret or token. */
export interface ProfileSummary {
  readonly name: string;
  readonly kind: CredentialKind;
  readonly region?: string;
  readonly roleArn?: string;
  readonly sourceProfile?: string;
  readonly credentialSource?: CredentialSource;
  readonly mfaSerial?: string;
  /** Whether an external ID is configured; its value is shared-secret-like and stays in main. */
  readonly hasExternalId: boolean;
  readonly durationSeconds?: number;
  readonly roleSessionName?: string;
  readonly ssoSession?: string;
  /** Profile names from the first link (the one with credentials) to this profile. */
  readonly chain: readonly string[];
  /** Whether any step of the chain needs an MFA code. */
  readonly needsMfa: boolean;
  readonly endpoints: { readonly s3?: string; readonly sts?: string };
  /** Set when the profile cannot be used; the other profiles keep working. */
  readonly error?: AppError;
  /** Settings the AWS CLI ignores instead of refusing (a non-numeric duration_seconds): usable, with a word. */
  readonly warnings?: readonly string[];
}

export interface ProfilesSnapshot {
  readonly profiles: readonly ProfileSummary[];
  readonly configFile: string;
  readonly credentialsFile: string;
  /** `AWS_PROFILE`, or `default` when that profile exists. */
  readonly defaultProfile?: string;
  /** Problems with a whole file (unreadable, not INI); profiles that did parse are still listed. */
  readonly fileErrors: readonly AppError[];
}

/** An ad-hoc role switch, like the Console's "Switch role": no secrets, so it can be remembered. */
export interface AdhocRole {
  readonly sourceProfile: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly externalId?: string;
  readonly mfaSerial?: string;
  readonly durationSeconds?: number;
  readonly roleSessionName?: string;
  readonly region?: string;
  readonly label?: string;
}
