import type { ProfileSummary } from '../../shared/models/profile';
import { type SsoRoleRef, ssoRoleSource } from '../../shared/models/sso';
import { clean, headerName } from '../profiles/adhoc-profile';
import { resolveEndpoints } from '../profiles/endpoints';
import type { ResolvedProfile } from '../profiles/profile-model';
import { type Env, envValue } from '../profiles/read-config-files';
import type { SsoLoginConfig } from '../profiles/sso-logins';

/**
 * A role found through discovery, opened without editing ~/.aws/config: resolved as the
 * profile "Copy profile block" would add, `sso_account_id` + `sso_role_name` on the sign-in.
 * Like a new profile with no settings of its own, it takes its region and endpoints from the
 * environment (AWS_REGION, AWS_ENDPOINT_URL…), the region falling back to the sign-in's.
 */
export function ssoRoleProfile(role: SsoRoleRef, login: SsoLoginConfig, env: Env): ResolvedProfile {
  const name = ssoRoleSource(role);
  const region = regionFor(login, env);
  const endpoints = resolveEndpoints({ values: new Map() }, env);
  const summary: ProfileSummary = {
    name,
    kind: 'sso',
    region,
    hasExternalId: false,
    ...(login.sessionName ? { ssoSession: login.sessionName } : {}),
    chain: [name],
    needsMfa: false,
    endpoints,
  };
  return {
    summary,
    root: {
      kind: 'sso',
      profile: name,
      loginId: login.id,
      accountId: role.accountId,
      roleName: role.roleName,
    },
    steps: [],
    region,
    endpoints,
  };
}

export const regionFor = (login: SsoLoginConfig, env: Env): string =>
  envValue(env, 'AWS_REGION') ?? envValue(env, 'AWS_DEFAULT_REGION') ?? login.region;

const section = (header: string, settings: readonly (readonly [string, string | undefined])[]): string =>
  `[${header}]\n${settings
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined && clean(entry[1]) !== '')
    .map(([key, value]) => `${key} = ${clean(value)}`)
    .join('\n')}\n`;

/** A profile name people type: letters, digits, dashes; from the account name and role when none is given. */
export const ssoProfileName = (role: SsoRoleRef, accountName: string | undefined): string =>
  `${accountName ?? role.accountId}-${role.roleName}`
    .toLowerCase()
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * The `[profile …]` (and `[sso-session …]`) text that makes the AWS CLI open the same role,
 * for the user to paste into ~/.aws/config: `aws s3 ls --profile <name>` then works with the
 * sign-in Crossbucket shares with the CLI. The sso-session section is already in the config
 * the sign-in came from (a second copy makes the CLI refuse the file), so it is added only on
 * request, for setting up another machine.
 */
export function renderSsoProfileBlock(
  role: SsoRoleRef,
  login: SsoLoginConfig,
  region: string,
  options: { readonly name?: string; readonly accountName?: string; readonly withSession?: boolean } = {},
): string {
  const name = clean(options.name ?? '') || ssoProfileName(role, options.accountName);
  const roleSettings = [
    ['sso_account_id', role.accountId],
    ['sso_role_name', role.roleName],
    ['region', region],
  ] as const;
  if (!login.sessionName) {
    return section(`profile ${headerName(name)}`, [
      ['sso_start_url', login.startUrl],
      ['sso_region', login.region],
      ...roleSettings,
    ]);
  }
  const profile = section(`profile ${headerName(name)}`, [
    ['sso_session', login.sessionName],
    ...roleSettings,
  ]);
  if (!options.withSession) return profile;
  return [
    profile,
    section(`sso-session ${headerName(login.sessionName)}`, [
      ['sso_start_url', login.startUrl],
      ['sso_region', login.region],
      ['sso_registration_scopes', login.scopes?.join(', ')],
    ]),
  ].join('\n');
}
