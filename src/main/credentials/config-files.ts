import { type Env, readConfigFiles } from '../profiles/read-config-files';

export type ProfileSection = Readonly<Record<string, string | undefined>>;

/**
 * One profile's settings fresh from disk, through the same parser that listed the profiles,
 * so an edit made while the app runs takes effect at the next session start (as for the next
 * CLI command) and keys are read exactly as the profile list understood them. The credentials
 * file wins key by key, as in the CLI.
 */
export async function readProfileSettings(profile: string, env: Env): Promise<ProfileSection> {
  const files = await readConfigFiles(env);
  return Object.fromEntries(files.profiles.get(profile)?.values ?? []);
}
