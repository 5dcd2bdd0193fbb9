import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { type LoadedProfiles, readProfiles } from '../../../src/main/profiles/profile-store';
import type { ProfileSummary, ProfilesSnapshot } from '../../../src/shared/models/profile';

export interface AwsHome {
  readonly home: string;
  readonly configPath: string;
  readonly credentialsPath: string;
  readonly env: Record<string, string>;
}

const homes: string[] = [];

afterEach(async () => {
  await Promise.all(homes.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A throwaway HOME with ~/.aws/config and ~/.aws/credentials as given (absent when undefined). */
export async function awsHome(
  files: { readonly config?: string | Buffer; readonly credentials?: string | Buffer },
  env: Record<string, string> = {},
): Promise<AwsHome> {
  const home = await mkdtemp(join(tmpdir(), 'crossbucket-profiles-'));
  homes.push(home);
  await mkdir(join(home, '.aws'));
  const configPath = join(home, '.aws', 'config');
  const credentialsPath = join(home, '.aws', 'credentials');
  if (files.config !== undefined) await writeFile(configPath, files.config);
  if (files.credentials !== undefined) await writeFile(credentialsPath, files.credentials);
  return { home, configPath, credentialsPath, env: { HOME: home, ...env } };
}

export async function load(
  files: { readonly config?: string | Buffer; readonly credentials?: string | Buffer },
  env: Record<string, string> = {},
): Promise<LoadedProfiles> {
  return readProfiles((await awsHome(files, env)).env);
}

export const profileNamed = (snapshot: ProfilesSnapshot, name: string): ProfileSummary => {
  const found = snapshot.profiles.find((p) => p.name === name);
  if (!found) throw new Error(`no profile ${name} in ${snapshot.profiles.map((p) => p.name).join(', ')}`);
  return found;
};
