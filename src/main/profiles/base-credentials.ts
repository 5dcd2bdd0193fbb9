import type { Result } from '../../shared/models/errors';
import type { ConfigFiles, RawProfile } from './combine-files';
import type { ChainRoot } from './profile-model';
import { has, hasStaticKeys, profileError, setting } from './profile-settings';

const missingKeysError = (profile: string, what: string, missing: readonly string[]) =>
  profileError(
    'profile-invalid',
    profile,
    `Profile "${profile}" uses ${what} but lacks ${missing.join(', ')}.`,
  );

const usesSso = (profile: RawProfile): boolean =>
  ['sso_session', 'sso_start_url', 'sso_account_id', 'sso_role_name'].some((key) => has(profile, key));

/** IAM Identity Center: account and role in the profile; start URL and region in it or in its sso-session. */
function ssoRoot(profile: RawProfile, files: ConfigFiles): Result<ChainRoot> {
  const name = profile.name;
  const sessionName = setting(profile, 'sso_session');
  const session = sessionName === undefined ? undefined : files.ssoSessions.get(sessionName);
  if (sessionName !== undefined && session === undefined) {
    return {
      ok: false,
      error: profileError(
        'profile-invalid',
        name,
        `Profile "${name}" names sso_session = ${sessionName}, but ${files.configFile} has no [sso-session ${sessionName}] section.`,
      ),
    };
  }
  const lookup = (key: string): string | undefined =>
    setting(profile, key) ?? (session?.get(key) || undefined);
  const required = ['sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'];
  const missing = required.filter((key) => lookup(key) === undefined);
  if (missing.length > 0)
    return { ok: false, error: missingKeysError(name, 'IAM Identity Center (SSO)', missing) };
  return {
    ok: true,
    value: {
      kind: 'sso',
      profile: name,
      loginId: sessionName ?? lookup('sso_start_url') ?? '',
      accountId: lookup('sso_account_id') ?? '',
      roleName: lookup('sso_role_name') ?? '',
    },
  };
}

/**
 * How a profile gets credentials without assuming a role of its own, in the order of
 * botocore's per-profile providers: web identity, SSO, static keys, credential_process.
 * Undefined when it has none of them.
 */
export function baseRoot(profile: RawProfile, files: ConfigFiles): Result<ChainRoot> | undefined {
  const name = profile.name;
  if (has(profile, 'role_arn') && has(profile, 'web_identity_token_file')) {
    return { ok: true, value: { kind: 'web-identity', profile: name } };
  }
  if (usesSso(profile)) return ssoRoot(profile, files);
  if (hasStaticKeys(profile)) {
    const missing = ['aws_access_key_id', 'aws_secret_access_key'].filter((key) => !has(profile, key));
    if (missing.length > 0) return { ok: false, error: missingKeysError(name, 'static keys', missing) };
    return { ok: true, value: { kind: 'static', profile: name } };
  }
  if (has(profile, 'credential_process')) return { ok: true, value: { kind: 'process', profile: name } };
  return undefined;
}
