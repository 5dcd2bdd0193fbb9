import type { AppError } from '../../shared/models/errors';
import type { CredentialKind, ProfileSummary } from '../../shared/models/profile';
import { baseRoot } from './base-credentials';
import type { ConfigFiles, RawProfile } from './combine-files';
import { endpointSettingsOf, resolveEndpoints } from './endpoints';
import type { ResolvedProfile } from './profile-model';
import { has, hasAssumeRoleConfig, setting } from './profile-settings';
import { type Env, envValue } from './read-config-files';
import { resolveChain } from './resolve-chain';
import { isCredentialSource, parseDurationSetting } from './role-config';

/** The CLI's region when nothing is configured, and the one STS's global endpoint lives in. */
const fallbackRegion = 'us-east-1';

/**
 * What the summary calls the profile. A role profile whose caller credentials come from
 * credential_source is `credential-source`; one with a source_profile is `role`.
 */
function kindOf(profile: RawProfile, files: ConfigFiles): CredentialKind {
  if (has(profile, 'role_arn') && has(profile, 'web_identity_token_file')) return 'web-identity';
  if (hasAssumeRoleConfig(profile)) {
    return has(profile, 'credential_source') && !has(profile, 'source_profile')
      ? 'credential-source'
      : 'role';
  }
  const root = baseRoot(profile, files);
  if (root === undefined) return 'none';
  // Only SSO and static settings can be broken without a role: label what the profile aimed at.
  return root.ok
    ? root.value.kind
    : has(profile, 'aws_access_key_id') || has(profile, 'aws_secret_access_key')
      ? 'static'
      : 'sso';
}

/** The profile's own region, else the nearest one along its source chain, else the environment's. */
function regionOf(profile: RawProfile, chainNames: readonly string[], files: ConfigFiles, env: Env): string {
  const sources = [...chainNames].reverse().map((name) => files.profiles.get(name));
  for (const candidate of [profile, ...sources]) {
    const region = candidate && setting(candidate, 'region');
    if (region) return region;
  }
  return envValue(env, 'AWS_REGION') ?? envValue(env, 'AWS_DEFAULT_REGION') ?? fallbackRegion;
}

function resolveOne(profile: RawProfile, files: ConfigFiles, env: Env): ResolvedProfile {
  const chain = resolveChain(profile, files);
  const names = chain.ok ? chain.value.names : [profile.name];
  const steps = chain.ok ? chain.value.steps : [];
  const error: AppError | undefined = chain.ok ? undefined : chain.error;
  const region = regionOf(profile, names, files, env);
  const endpoints = resolveEndpoints(endpointSettingsOf(profile, files), env);

  const credentialSource = setting(profile, 'credential_source');
  // Built field by field from non-secret settings: keys, tokens and the external ID value never enter it.
  const summary: ProfileSummary = {
    name: profile.name,
    kind: kindOf(profile, files),
    region,
    roleArn: setting(profile, 'role_arn'),
    sourceProfile: setting(profile, 'source_profile'),
    credentialSource:
      credentialSource !== undefined && isCredentialSource(credentialSource) ? credentialSource : undefined,
    mfaSerial: setting(profile, 'mfa_serial'),
    hasExternalId: has(profile, 'external_id'),
    durationSeconds: parseDurationSetting(setting(profile, 'duration_seconds')),
    roleSessionName: setting(profile, 'role_session_name'),
    ssoSession: setting(profile, 'sso_session'),
    chain: names,
    needsMfa: steps.some((step) => step.mfaSerial !== undefined),
    endpoints,
    error,
    ...(chain.ok && chain.value.warnings.length > 0 ? { warnings: chain.value.warnings } : {}),
  };
  return {
    summary,
    ...(chain.ok ? { root: chain.value.root } : {}),
    steps,
    region,
    endpoints,
  };
}

/** Resolves every profile independently: one broken profile never hides the others. */
export function resolveProfiles(files: ConfigFiles, env: Env): readonly ResolvedProfile[] {
  return [...files.profiles.values()].map((profile) => resolveOne(profile, files, env));
}

/**
 * The profile the CLI would use with no `--profile`: AWS_PROFILE, then AWS_DEFAULT_PROFILE,
 * then `default` when it exists. A variable naming a missing profile yields an error to show.
 */
export function defaultProfileOf(
  files: ConfigFiles,
  env: Env,
): { readonly name?: string; readonly error?: AppError } {
  const variable = envValue(env, 'AWS_PROFILE') !== undefined ? 'AWS_PROFILE' : 'AWS_DEFAULT_PROFILE';
  const named = envValue(env, variable);
  if (named === undefined) return files.profiles.has('default') ? { name: 'default' } : {};
  if (files.profiles.has(named)) return { name: named };
  return {
    error: {
      code: 'not-found',
      message: `${variable} names profile "${named}", which is in neither ${files.configFile} nor ${files.credentialsFile}.`,
      details: { profile: named },
    },
  };
}
