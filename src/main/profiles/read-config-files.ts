import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type ConfigFiles, combineFiles, type FileText } from './combine-files';

/** The process environment, injected so tests never touch `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigFilePaths {
  readonly config: string;
  readonly credentials: string;
}

/** An empty variable counts as unset, as `export AWS_PROFILE=` means "no profile" to a user. */
export const envValue = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

const expandHome = (path: string, home: string): string =>
  path === '~' || path.startsWith('~/') || path.startsWith('~\\') ? join(home, path.slice(1)) : path;

/** Where the AWS CLI looks, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE. */
export function configFilePaths(env: Env): ConfigFilePaths {
  const home = envValue(env, 'HOME') ?? envValue(env, 'USERPROFILE') ?? homedir();
  return {
    config: expandHome(envValue(env, 'AWS_CONFIG_FILE') ?? join(home, '.aws', 'config'), home),
    credentials: expandHome(
      envValue(env, 'AWS_SHARED_CREDENTIALS_FILE') ?? join(home, '.aws', 'credentials'),
      home,
    ),
  };
}

/** Far above any real config; stops a mistyped AWS_CONFIG_FILE (a disk image, say) from stalling the app. */
const maxFileBytes = 32 * 1024 * 1024;

const unreadable = (path: string, why: string): FileText => ({
  path,
  error: {
    code: 'config-unreadable',
    message: `${path} could not be read: ${why}.`,
    details: { file: path },
  },
});

/** Reads one file; a missing file is normal (no profiles from it), any other failure is reported. */
export async function readFileText(path: string): Promise<FileText> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return unreadable(path, 'it is a directory');
    if (info.size > maxFileBytes)
      return unreadable(path, `it is larger than ${maxFileBytes / 1024 / 1024} MB`);
    const bytes = await readFile(path);
    // Invalid UTF-8 becomes U+FFFD instead of an exception; the parser then reports the lines.
    return { path, text: new TextDecoder('utf-8', { fatal: false }).decode(bytes) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path };
    if (code === 'EACCES' || code === 'EPERM') return unreadable(path, 'permission denied');
    return unreadable(path, code ?? 'unknown error');
  }
}

/** Reads both files fresh from disk. Never throws. */
export async function readConfigFiles(env: Env): Promise<ConfigFiles> {
  const paths = configFilePaths(env);
  const [config, credentials] = await Promise.all([
    readFileText(paths.config),
    readFileText(paths.credentials),
  ]);
  return combineFiles(config, credentials);
}
