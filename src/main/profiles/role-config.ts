import type { Result } from '../../shared/models/errors';
import type { CredentialSource } from '../../shared/models/profile';
import type { RawProfile } from './combine-files';
import type { RoleStep } from './profile-model';
import { profileError, quote, setting } from './profile-settings';

export type RoleSource =
  | { readonly kind: 'profile'; readonly name: string }
  | { readonly kind: 'credential-source'; readonly source: CredentialSource };

export interface RoleConfig {
  readonly step: RoleStep;
  readonly source: RoleSource;
  /** Settings the CLI ignores rather than refuses; the profile still works, with a word about them. */
  readonly warnings: readonly string[];
}

const credentialSources: readonly CredentialSource[] = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'];

export const isCredentialSource = (value: string): value is CredentialSource =>
  (credentialSources as readonly string[]).includes(value);

/** Any partition (aws, aws-cn, aws-us-gov, …), a 12-digit account, and a role name with an optional path. */
const roleArnPattern = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

export const isRoleArn = (value: string): boolean => roleArnPattern.test(value);

/** AssumeRole accepts 900 s up to 12 h; the role's own maximum is only known to AWS. */
export const minDurationSeconds = 900;
export const maxDurationSeconds = 43_200;
/** What STS grants when AssumeRole names no DurationSeconds, and so the CLI's default. */
export const defaultDurationSeconds = 3600;

export const isValidDuration = (seconds: number): boolean =>
  Number.isInteger(seconds) && seconds >= minDurationSeconds && seconds <= maxDurationSeconds;

/** A Unicode decimal digit's value: digits come in runs of ten, so it is the distance from its run's start. */
function digitValue(char: string): number {
  let start = char.codePointAt(0) ?? 0;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return ((char.codePointAt(0) ?? 0) - start) % 10;
}

/**
 * duration_seconds as botocore reads it: Python's `int()` of the text (an optional sign, then
 * decimal digits of any script with single underscores between them), or undefined when
 * `int()` would fail, in which case botocore leaves DurationSeconds out and STS uses its default.
 */
export function parseDurationSetting(text: string | undefined): number | undefined {
  const trimmed = text?.trim();
  if (!trimmed || !/^[+-]?\p{Nd}+(?:_\p{Nd}+)*$/u.test(trimmed)) return undefined;
  const digits = [...trimmed.replace(/^[+-]|_/g, '')].reduce((sum, char) => sum * 10 + digitValue(char), 0);
  return trimmed.startsWith('-') ? -digits : digits;
}

const ignoredDurationWarning = (profile: string, text: string): string =>
  `Profile "${profile}" has duration_seconds = ${quote(text)}, which is not a whole number; like the AWS CLI, Crossbucket ignores it and asks for the default session length (${defaultDurationSeconds} s).`;

/** Where the role's caller credentials come from: exactly one of the two settings, as botocore demands. */
function readSource(profile: RawProfile): Result<RoleSource> {
  const name = profile.name;
  const sourceProfile = setting(profile, 'source_profile');
  const credentialSource = setting(profile, 'credential_source');
  if (sourceProfile !== undefined && credentialSource !== undefined) {
    return {
      ok: false,
      error: profileError(
        'profile-conflicting-source',
        name,
        `Profile "${name}" sets both source_profile and credential_source; the AWS CLI refuses it.`,
        {
          hints: [
            'Keep source_profile to start from another profile, or credential_source for the environment.',
          ],
        },
      ),
    };
  }
  if (sourceProfile !== undefined) return { ok: true, value: { kind: 'profile', name: sourceProfile } };
  if (credentialSource === undefined) {
    return {
      ok: false,
      error: profileError(
        'profile-invalid',
        name,
        `Profile "${name}" has a role_arn but neither source_profile nor credential_source, so nothing can assume the role.`,
      ),
    };
  }
  if (!isCredentialSource(credentialSource)) {
    return {
      ok: false,
      error: profileError(
        'profile-invalid',
        name,
        `Profile "${name}" has credential_source = ${quote(credentialSource)}; it must be ${credentialSources.join(', ')}.`,
      ),
    };
  }
  return { ok: true, value: { kind: 'credential-source', source: credentialSource } };
}

/** Reads and checks the assume-role settings of one profile that has a role_arn. */
export function readRoleConfig(profile: RawProfile): Result<RoleConfig> {
  const name = profile.name;
  const source = readSource(profile);
  if (!source.ok) return source;

  const roleArn = setting(profile, 'role_arn') ?? '';
  if (!isRoleArn(roleArn)) {
    return {
      ok: false,
      error: profileError(
        'profile-malformed-arn',
        name,
        `Profile "${name}" has role_arn = ${quote(roleArn)}, which is not an IAM role ARN like arn:aws:iam::123456789012:role/name.`,
      ),
    };
  }
  const durationText = setting(profile, 'duration_seconds');
  const durationSeconds = parseDurationSetting(durationText);
  if (durationSeconds !== undefined && !isValidDuration(durationSeconds)) {
    return {
      ok: false,
      error: profileError(
        'profile-invalid',
        name,
        `Profile "${name}" has duration_seconds = ${quote(durationText ?? '')}; it must be a whole number from ${minDurationSeconds} to ${maxDurationSeconds}.`,
      ),
    };
  }
  const warnings =
    durationText !== undefined && durationSeconds === undefined
      ? [ignoredDurationWarning(name, durationText)]
      : [];

  const externalId = setting(profile, 'external_id');
  const mfaSerial = setting(profile, 'mfa_serial');
  const roleSessionName = setting(profile, 'role_session_name');
  const step: RoleStep = {
    profile: name,
    roleArn,
    ...(externalId !== undefined ? { externalId } : {}),
    ...(mfaSerial !== undefined ? { mfaSerial } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(roleSessionName !== undefined ? { roleSessionName } : {}),
  };
  return { ok: true, value: { step, source: source.value, warnings } };
}
