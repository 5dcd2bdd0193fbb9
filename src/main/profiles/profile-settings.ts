import type { AppError, ErrorCode } from '../../shared/models/errors';
import type { RawProfile } from './combine-files';

/**
 * A setting with an empty value counts as absent: `mfa_serial =` left over from a template
 * must not make the app ask for an MFA code with no device.
 */
export const setting = (profile: RawProfile, key: string): string | undefined => {
  const value = profile.values.get(key);
  return value ? value : undefined;
};

export const has = (profile: RawProfile, key: string): boolean => setting(profile, key) !== undefined;

/** botocore treats a profile with either key as meaning to use static keys (and then needs both). */
export const hasStaticKeys = (profile: RawProfile): boolean =>
  has(profile, 'aws_access_key_id') || has(profile, 'aws_secret_access_key');

/** Role settings that the assume-role provider (not the web-identity one) acts on. */
export const hasAssumeRoleConfig = (profile: RawProfile): boolean =>
  has(profile, 'role_arn') && !has(profile, 'web_identity_token_file');

/** Values quoted in messages are settings, never secrets, but may be junk: keep them short. */
export const quote = (value: string): string => (value.length > 100 ? `${value.slice(0, 100)}…` : value);

export const profileError = (
  code: ErrorCode,
  profile: string,
  message: string,
  extra: Pick<AppError, 'details' | 'hints'> = {},
): AppError => ({ code, message, ...extra, details: { profile, ...extra.details } });
