import { fromContainerMetadata, fromInstanceMetadata, fromTokenFile } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { AppFailure } from '../../shared/errors/app-error';
import { toAppError } from '../../shared/errors/to-app-error';
import type { CredentialSource } from '../../shared/models/profile';
import type { ChainRoot, SsoRoot } from '../profiles/profile-model';
import { configFilePaths, type Env } from '../profiles/read-config-files';
import { readProfileSettings } from './config-files';
import { credentialProcess } from './credential-process';

/** IAM Identity Center role credentials: the app's sign-in service, which owns the tokens. */
export interface SsoRoleSource {
  roleCredentials(root: SsoRoot): Promise<AwsCredentialIdentity>;
}

/** Where the root's own STS calls go (web identity); the role steps get theirs separately. */
export interface RootOptions {
  readonly env: Env;
  readonly region: string;
  readonly stsEndpoint?: string;
  readonly sso?: SsoRoleSource;
}

/** Gets the first link's credentials; injected so the chain can be tested without files. */
export type RootCredentialsResolver = (
  root: ChainRoot,
  options: RootOptions,
) => Promise<AwsCredentialIdentity>;

const missing = (profile: string, where: string, extra: readonly string[] = []): AppFailure =>
  new AppFailure('credentials-missing', `Profile "${profile}" has no usable credentials.`, {
    details: { profile },
    hints: [`Add aws_access_key_id and aws_secret_access_key to [${profile}] in ${where}.`, ...extra],
  });

/**
 * Long-term keys, read from the files directly rather than through `fromIni`: for a profile
 * that has keys AND a role_arn, `fromIni` would assume that role itself, while the CLI
 * (botocore) uses the keys when the profile is someone's source_profile. The credentials
 * file wins over the config file, as in the CLI.
 */
async function staticKeys(profile: string, env: Env): Promise<AwsCredentialIdentity> {
  const paths = configFilePaths(env);
  const section = await readProfileSettings(profile, env);
  const accessKeyId = section.aws_access_key_id?.trim();
  const secretAccessKey = section.aws_secret_access_key?.trim();
  if (!accessKeyId || !secretAccessKey) {
    throw missing(profile, `${paths.credentials} (or ${paths.config})`, [
      'An empty value counts as missing; check for a stray line break.',
    ]);
  }
  const sessionToken = section.aws_session_token?.trim() || undefined;
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

/** `credential_source = Environment` reads the injected environment, the one the app was started with. */
function environmentKeys(profile: string, env: Env): AwsCredentialIdentity {
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (!accessKeyId || !secretAccessKey) {
    throw new AppFailure(
      'credentials-missing',
      `Profile "${profile}" uses credential_source = Environment, but AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is not set.`,
      {
        details: { profile },
        hints: ['Start Crossbucket from a shell where those variables are exported.'],
      },
    );
  }
  const sessionToken = env.AWS_SESSION_TOKEN?.trim() || undefined;
  const expiry = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiry && !Number.isNaN(expiry.getTime()) ? { expiration: expiry } : {}),
  };
}

async function webIdentity(profile: string, options: RootOptions): Promise<AwsCredentialIdentity> {
  const config = await readProfileSettings(profile, options.env);
  if (!config.web_identity_token_file || !config.role_arn) {
    throw new AppFailure(
      'credentials-missing',
      `Profile "${profile}" needs web_identity_token_file and role_arn.`,
      {
        details: { profile },
      },
    );
  }
  return fromTokenFile({
    webIdentityTokenFile: config.web_identity_token_file,
    roleArn: config.role_arn,
    ...(config.role_session_name ? { roleSessionName: config.role_session_name } : {}),
    clientConfig: {
      region: options.region,
      ...(options.stsEndpoint ? { endpoint: options.stsEndpoint } : {}),
    },
  })();
}

function rootOf(root: ChainRoot, options: RootOptions): Promise<AwsCredentialIdentity> {
  switch (root.kind) {
    case 'process':
      // Run here, not by the SDK's fromProcess: that re-reads the files with the SDK's parser,
      // which misses `CREDENTIAL_PROCESS = …` and `credential_process: …` (botocore reads both).
      return credentialProcess(root.profile, { env: options.env });
    case 'sso':
      if (!options.sso)
        throw new AppFailure('internal', 'IAM Identity Center sign-in is not available here.');
      return options.sso.roleCredentials(root);
    case 'web-identity':
      return webIdentity(root.profile, options);
    case 'credential-source':
      return credentialSource(root.profile, root.source, options.env);
    case 'static':
      return staticKeys(root.profile, options.env);
  }
}

async function credentialSource(
  profile: string,
  source: CredentialSource,
  env: Env,
): Promise<AwsCredentialIdentity> {
  switch (source) {
    case 'Environment':
      return environmentKeys(profile, env);
    case 'Ec2InstanceMetadata':
      return fromInstanceMetadata()();
    case 'EcsContainer':
      return fromContainerMetadata()();
  }
}

/** Base credentials for a chain's first link, failures worded for the UI. */
export const rootCredentials: RootCredentialsResolver = async (root, options) => {
  try {
    return await rootOf(root, options);
  } catch (err) {
    if (err instanceof AppFailure) throw err;
    const base = toAppError(err);
    // The SDK's provider errors (CredentialsProviderError) say what is missing but not where.
    const code = base.code === 'internal' ? 'credentials-missing' : base.code;
    throw new AppFailure(code, `Could not get credentials for profile "${root.profile}": ${base.message}`, {
      details: { ...base.details, profile: root.profile, source: root.kind },
      hints: base.hints ?? hintsFor(root),
    });
  }
};

function hintsFor(root: ChainRoot): readonly string[] {
  switch (root.kind) {
    case 'sso':
      return [
        'Sign in to IAM Identity Center from the sidebar, then try again.',
        `Or run "aws sso login --profile ${root.profile}": Crossbucket uses the same sign-in.`,
      ];
    case 'process':
      return ['Run the credential_process command in a shell to see its error.'];
    case 'web-identity':
      return ['Check that the web_identity_token_file exists and holds a current token.'];
    case 'credential-source':
      return [`credential_source = ${root.source} only works where that source exists.`];
    case 'static':
      return [];
  }
}
