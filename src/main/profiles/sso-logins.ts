import type { ConfigFiles, RawProfile, Settings } from './combine-files';
import { endpointSettingsOf, resolveEndpoint } from './endpoints';
import { setting } from './profile-settings';
import type { Env } from './read-config-files';

/**
 * One place to sign in to IAM Identity Center, as the CLI keys its token cache: an
 * `[sso-session NAME]` (keyed by the name), or the start URL written into legacy profiles
 * (keyed by the URL). Main-only; the renderer gets `SsoLogin` from the SSO service.
 */
export interface SsoLoginConfig {
  readonly id: string;
  /** Absent for legacy profiles, which the CLI signs in with the device code flow only. */
  readonly sessionName?: string;
  readonly startUrl: string;
  readonly region: string;
  /** `sso_registration_scopes` as the CLI parses it; absent when the setting is absent. */
  readonly scopes?: readonly string[];
  /** Custom endpoints for the portal (`sso`) and the OIDC service (`sso_oidc`); undefined: AWS. */
  readonly endpoints: { readonly portal?: string; readonly oidc?: string };
  readonly profiles: readonly string[];
}

/** The CLI's `parse_sso_registration_scopes`: comma-separated, trimmed, empty entries dropped. */
export const parseScopes = (raw: string): readonly string[] =>
  raw
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');

const value = (settings: Settings, key: string): string | undefined => settings.get(key) || undefined;

/**
 * The endpoints a sign-in uses: those of the first profile that uses it (its services block,
 * its endpoint_url), after AWS_ENDPOINT_URL_SSO(_OIDC) and AWS_ENDPOINT_URL, as botocore
 * resolves them for `aws sso login --profile <that profile>`.
 */
function endpointsFor(profile: RawProfile | undefined, files: ConfigFiles, env: Env) {
  const settings = profile ? endpointSettingsOf(profile, files) : { values: new Map<string, string>() };
  const portal = resolveEndpoint('sso', settings, env);
  const oidc = resolveEndpoint('sso_oidc', settings, env);
  return { ...(portal ? { portal } : {}), ...(oidc ? { oidc } : {}) };
}

/** Every sign-in the config files describe, sso-sessions first, each once. Never throws. */
export function ssoLoginsOf(files: ConfigFiles, env: Env): readonly SsoLoginConfig[] {
  const profiles = [...files.profiles.values()];
  const logins = new Map<string, SsoLoginConfig>();

  for (const [name, settings] of files.ssoSessions) {
    const startUrl = value(settings, 'sso_start_url');
    const region = value(settings, 'sso_region');
    // An incomplete section is reported on the profiles that use it (see base-credentials.ts).
    if (!startUrl || !region) continue;
    const users = profiles.filter((p) => setting(p, 'sso_session') === name);
    const scopes = settings.get('sso_registration_scopes');
    logins.set(name, {
      id: name,
      sessionName: name,
      startUrl,
      region,
      ...(scopes !== undefined ? { scopes: parseScopes(scopes) } : {}),
      endpoints: endpointsFor(users[0], files, env),
      profiles: users.map((p) => p.name),
    });
  }

  for (const profile of profiles) {
    if (setting(profile, 'sso_session') !== undefined) continue;
    const startUrl = setting(profile, 'sso_start_url');
    const region = setting(profile, 'sso_region');
    if (!startUrl || !region) continue;
    const existing = logins.get(startUrl);
    if (existing) {
      if (existing.sessionName === undefined) {
        logins.set(startUrl, { ...existing, profiles: [...existing.profiles, profile.name] });
      }
      continue;
    }
    logins.set(startUrl, {
      id: startUrl,
      startUrl,
      region,
      endpoints: endpointsFor(profile, files, env),
      profiles: [profile.name],
    });
  }
  return [...logins.values()];
}
