import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

/** The process environment, injected so tests and several windows never share `process.env` by accident. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigFilePaths {
  readonly config: string;
  readonly credentials: string;
}

const expandHome = (path: string, home: string): string =>
  path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path;

/** Where the AWS CLI would look, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE. */
export function configFilePaths(env: Env): ConfigFilePaths {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  return {
    config: expandHome(env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'), home),
    credentials: expandHome(env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'), home),
  };
}

export type ProfileSection = Readonly<Record<string, string | undefined>>;

export interface ProfileSections {
  /** The `[name]` section of the credentials file, where the CLI looks for keys first. */
  readonly credentials: ProfileSection;
  /** The `[profile name]` section of the config file. */
  readonly config: ProfileSection;
}

/**
 * Reads one profile's sections fresh from disk (no SDK cache), so an edit made while the
 * app runs takes effect at the next session start, as it would for the next CLI command.
 */
export async function readProfileSections(profile: string, paths: ConfigFilePaths): Promise<ProfileSections> {
  const files = await loadSharedConfigFiles({
    filepath: paths.credentials,
    configFilepath: paths.config,
    ignoreCache: true,
  });
  return {
    credentials: files.credentialsFile[profile] ?? {},
    config: files.configFile[profile] ?? {},
  };
}
