import type { ConfigFiles, RawProfile, Settings } from './combine-files';
import type { Endpoints } from './profile-model';
import { type Env, envValue } from './read-config-files';

/** Service ids as botocore names them in `[services]` blocks (`sso_oidc`, not `sso-oidc`). */
export type EndpointService = 's3' | 's3_control' | 'sts' | 'sso' | 'sso_oidc';

/** What endpoint resolution reads from a profile: its own settings and its `[services …]` block. */
export interface EndpointSettings {
  readonly values: Settings;
  /** Service id → settings, from the `[services name]` section the profile names, if any. */
  readonly services?: ReadonlyMap<string, Settings>;
}

const envSuffix: Readonly<Record<EndpointService, string>> = {
  s3: 'S3',
  s3_control: 'S3_CONTROL',
  sts: 'STS',
  sso: 'SSO',
  sso_oidc: 'SSO_OIDC',
};

const nonEmpty = (value: string | undefined): string | undefined => (value ? value : undefined);

/** botocore's boolean: only the word `true`, in any case, is true. */
const isTrue = (value: string): boolean => value.toLowerCase() === 'true';

/**
 * Whether configured endpoints are switched off. The environment variable wins over the
 * profile setting in both directions, as with every botocore setting that has both.
 */
function ignoresConfiguredEndpoints(profile: EndpointSettings, env: Env): boolean {
  const fromEnv = envValue(env, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS');
  if (fromEnv !== undefined) return isTrue(fromEnv);
  const fromProfile = nonEmpty(profile.values.get('ignore_configured_endpoint_urls'));
  return fromProfile !== undefined && isTrue(fromProfile);
}

/**
 * The endpoint a client for `service` must be given explicitly (the SDK ignores a profile's
 * endpoint_url when the client is built with `{ profile }`), in botocore's order:
 * AWS_ENDPOINT_URL_<SVC>, AWS_ENDPOINT_URL, the profile's services block, its endpoint_url.
 * Undefined means the SDK's default AWS endpoint.
 */
export function resolveEndpoint(
  service: EndpointService,
  profile: EndpointSettings,
  env: Env,
): string | undefined {
  if (ignoresConfiguredEndpoints(profile, env)) return undefined;
  return (
    envValue(env, `AWS_ENDPOINT_URL_${envSuffix[service]}`) ??
    envValue(env, 'AWS_ENDPOINT_URL') ??
    nonEmpty(profile.services?.get(service)?.get('endpoint_url')) ??
    nonEmpty(profile.values.get('endpoint_url'))
  );
}

/** Attaches the `[services …]` block a profile names; a name with no section contributes nothing. */
export function endpointSettingsOf(profile: RawProfile, files: ConfigFiles): EndpointSettings {
  const servicesName = nonEmpty(profile.values.get('services'));
  const services = servicesName === undefined ? undefined : files.services.get(servicesName);
  return services ? { values: profile.values, services } : { values: profile.values };
}

export function resolveEndpoints(profile: EndpointSettings, env: Env): Endpoints {
  const s3 = resolveEndpoint('s3', profile, env);
  const sts = resolveEndpoint('sts', profile, env);
  const s3Control = resolveEndpoint('s3_control', profile, env);
  return { ...(s3 ? { s3 } : {}), ...(sts ? { sts } : {}), ...(s3Control ? { s3Control } : {}) };
}
