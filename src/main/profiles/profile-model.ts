import type { CredentialSource, ProfileSummary } from '../../shared/models/profile';

/**
 * The main-process view of a profile: everything needed to obtain credentials, including
 * values the renderer never sees (external IDs). Built by the profile loader, consumed by
 * the credential chain. Secrets themselves (keys, tokens) are not here: the SDK's own
 * providers read them from the files when a session starts.
 */

/** The first link of a chain: where base credentials come from. */
export type ChainRoot =
  | { readonly kind: 'static'; readonly profile: string }
  | { readonly kind: 'process'; readonly profile: string }
  | { readonly kind: 'sso'; readonly profile: string }
  | { readonly kind: 'web-identity'; readonly profile: string }
  | { readonly kind: 'credential-source'; readonly profile: string; readonly source: CredentialSource };

/** One AssumeRole call of a chain, with the settings of the profile that names the role. */
export interface RoleStep {
  readonly profile: string;
  readonly roleArn: string;
  readonly externalId?: string;
  readonly mfaSerial?: string;
  readonly durationSeconds?: number;
  readonly roleSessionName?: string;
}

export interface Endpoints {
  readonly s3?: string;
  readonly sts?: string;
}

export interface ResolvedProfile {
  readonly summary: ProfileSummary;
  /** Absent when the profile has an error. */
  readonly root?: ChainRoot;
  /** Role steps in call order: steps[0] is assumed with the root's credentials. */
  readonly steps: readonly RoleStep[];
  /** The profile's own region, else the root's, else `us-east-1` as the CLI's fallback for STS. */
  readonly region: string;
  readonly endpoints: Endpoints;
}
