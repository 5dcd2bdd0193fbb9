import type { CredentialSource, ProfileSummary } from '../../shared/models/profile';

/**
 * The main-process view of a profile: everything needed to obtain credentials, including
 * values the renderer never sees (external IDs). Built by the profile loader, consumed by
 * the credential chain. Secrets themselves (keys, tokens) are not here: the SDK's own
 * providers read them from the files when a session starts.
 */

/**
 * The first link of a chain: where base credentials come from. `static` means the keys of
 * that profile only, even when it also has a role_arn: botocore uses a source profile's keys
 * as they are (so `fromIni`, which would assume that role, is the wrong reader for it).
 */
export type ChainRoot =
  | { readonly kind: 'static'; readonly profile: string }
  | { readonly kind: 'process'; readonly profile: string }
  | SsoRoot
  | { readonly kind: 'web-identity'; readonly profile: string }
  | { readonly kind: 'credential-source'; readonly profile: string; readonly source: CredentialSource };

/**
 * An IAM Identity Center role: GetRoleCredentials for the account and role, with the token of
 * the sign-in `loginId` (an sso-session name, or a legacy start URL).
 */
export interface SsoRoot {
  readonly kind: 'sso';
  readonly profile: string;
  readonly loginId: string;
  readonly accountId: string;
  readonly roleName: string;
}

/** One AssumeRole call of a chain, with the settings of the profile that names the role. */
export interface RoleStep {
  readonly profile: string;
  readonly roleArn: string;
  readonly externalId?: string;
  readonly mfaSerial?: string;
  readonly durationSeconds?: number;
  readonly roleSessionName?: string;
}

/**
 * Custom endpoints of the profile being resolved (undefined: the AWS default). Every step's
 * AssumeRole goes to this profile's `sts`, not to the source profiles' endpoints: as in the
 * CLI, an endpoint belongs to the profile a client is made for, so a user pointing a whole
 * config at a local endpoint sets endpoint_url on every profile.
 */
export interface Endpoints {
  readonly s3?: string;
  readonly sts?: string;
  /** S3 Control (Batch Operations jobs): `AWS_ENDPOINT_URL_S3_CONTROL`, services `s3_control`. */
  readonly s3Control?: string;
}

export interface ResolvedProfile {
  readonly summary: ProfileSummary;
  /** Absent when the profile has an error. */
  readonly root?: ChainRoot;
  /** Role steps in call order: steps[0] is assumed with the root's credentials. */
  readonly steps: readonly RoleStep[];
  /**
   * The profile's own region, else the nearest one along its source chain, else AWS_REGION /
   * AWS_DEFAULT_REGION, else `us-east-1` as the CLI's fallback for STS.
   */
  readonly region: string;
  readonly endpoints: Endpoints;
}
