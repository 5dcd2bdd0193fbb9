import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseAwsTimestamp } from '../credentials/aws-timestamp';
import { type Env, envValue } from '../profiles/read-config-files';
import type { SsoLoginConfig } from '../profiles/sso-logins';

/**
 * The AWS CLI's SSO cache, `~/.aws/sso/cache/<sha1>.json`, read and written the way the CLI
 * (botocore) does, so one sign-in serves both: the token file is named after the SHA-1 of the
 * sso-session name (of the start URL for legacy profiles) and the client registration after
 * the SHA-1 of botocore's registration key. Files are 0600 and replaced atomically.
 */

/** The token file's fields, named as botocore names them. */
export interface CachedToken {
  readonly startUrl: string;
  readonly region: string;
  readonly accessToken: string;
  /**
   * `%Y-%m-%dT%H:%M:%SZ`, as the current CLI writes it: a file written in another form botocore
   * reads (`…UTC`, `+00:00`, fractional seconds) is read into this form.
   */
  readonly expiresAt: string;
  readonly refreshToken?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly registrationExpiresAt?: string;
}

/** A client registration (RegisterClient's answer), cached until it expires. */
export interface CachedRegistration {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly expiresAt: string;
  readonly scopes?: readonly string[];
  /** Present for registrations made for the authorization code grant. */
  readonly grantTypes?: readonly string[];
}

const sha1 = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

/** Where the CLI keeps the cache: under the injected HOME, as botocore expands `~`. */
export function ssoCacheDir(env: Env): string {
  return join(envValue(env, 'HOME') ?? envValue(env, 'USERPROFILE') ?? homedir(), '.aws', 'sso', 'cache');
}

/** botocore's `_token_cache_key`: the session name when there is one, else the start URL. */
export const tokenCacheKey = (login: Pick<SsoLoginConfig, 'sessionName' | 'startUrl'>): string =>
  sha1(login.sessionName ?? login.startUrl);

/** Python's `json.dumps(value, sort_keys=True)` for the shapes a registration key holds. */
function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') {
    // ensure_ascii: everything outside ASCII as \uXXXX (UTF-16 units, as Python writes them).
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`).join(', ')}}`;
}

/** botocore's `_registration_cache_key`: one registration per tool, start URL, region, scopes and session. */
export const registrationCacheKey = (
  login: Pick<SsoLoginConfig, 'sessionName' | 'startUrl' | 'region' | 'scopes'>,
): string =>
  sha1(
    pythonJson({
      tool: 'botocore',
      startUrl: login.startUrl,
      region: login.region,
      scopes: login.scopes ?? null,
      session_name: login.sessionName ?? null,
    }),
  );

/** The CLI's timestamp format: whole seconds, UTC, `Z`. */
export const cacheTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const isString = (value: unknown): value is string => typeof value === 'string' && value !== '';

const optionalStrings = (data: Record<string, unknown>, keys: readonly string[]): Record<string, string> =>
  Object.fromEntries(keys.filter((key) => isString(data[key])).map((key) => [key, data[key] as string]));

const stringList = (value: unknown): readonly string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;

/** A time in any form botocore reads, in the CLI's form; undefined when botocore could not use it. */
const cliTime = (value: string): string | undefined => {
  const ms = parseAwsTimestamp(value);
  return ms === undefined ? undefined : cacheTime(ms);
};

/** A cache file's top-level fields; undefined when it is not a JSON object (botocore skips those too). */
function jsonFields(text: string): Record<string, unknown> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
}

/**
 * A token file as botocore's SSOTokenLoader accepts it: an object with accessToken and an
 * expiresAt that dateutil reads as a zoned time. Times come back in the CLI's current form, so
 * the rest of the app (and a refreshed file it writes) only ever sees that one.
 */
export function parseToken(text: string): CachedToken | undefined {
  const fields = jsonFields(text);
  if (!fields) return undefined;
  if (!isString(fields.accessToken) || !isString(fields.expiresAt)) return undefined;
  const expiresAt = cliTime(fields.expiresAt);
  if (expiresAt === undefined) return undefined;
  const registrationExpiresAt = isString(fields.registrationExpiresAt)
    ? cliTime(fields.registrationExpiresAt)
    : undefined;
  return {
    startUrl: isString(fields.startUrl) ? fields.startUrl : '',
    region: isString(fields.region) ? fields.region : '',
    accessToken: fields.accessToken,
    expiresAt,
    ...optionalStrings(fields, ['refreshToken', 'clientId', 'clientSecret']),
    ...(registrationExpiresAt ? { registrationExpiresAt } : {}),
  };
}

function parseRegistration(text: string): CachedRegistration | undefined {
  const fields = jsonFields(text);
  if (!fields) return undefined;
  if (!isString(fields.clientId) || !isString(fields.clientSecret) || !isString(fields.expiresAt)) {
    return undefined;
  }
  const expiresAt = cliTime(fields.expiresAt);
  if (expiresAt === undefined) return undefined;
  const scopes = stringList(fields.scopes);
  const grantTypes = stringList(fields.grantTypes);
  return {
    clientId: fields.clientId,
    clientSecret: fields.clientSecret,
    expiresAt,
    ...(scopes ? { scopes } : {}),
    ...(grantTypes ? { grantTypes } : {}),
  };
}

/** Reads and writes the cache directory. Reads never throw: a missing or broken file is "none". */
export class SsoCache {
  readonly dir: string;

  constructor(env: Env) {
    this.dir = ssoCacheDir(env);
  }

  tokenPath(login: Pick<SsoLoginConfig, 'sessionName' | 'startUrl'>): string {
    return join(this.dir, `${tokenCacheKey(login)}.json`);
  }

  async readToken(login: Pick<SsoLoginConfig, 'sessionName' | 'startUrl'>): Promise<CachedToken | undefined> {
    const text = await readFile(this.tokenPath(login), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : parseToken(text);
  }

  writeToken(login: Pick<SsoLoginConfig, 'sessionName' | 'startUrl'>, token: CachedToken): Promise<void> {
    return this.#write(this.tokenPath(login), token);
  }

  /** Removes the token file (sign-out); the registration stays, as `aws sso logout` leaves it. */
  async deleteToken(login: Pick<SsoLoginConfig, 'sessionName' | 'startUrl'>): Promise<void> {
    await rm(this.tokenPath(login), { force: true });
  }

  async readRegistration(login: SsoLoginConfig): Promise<CachedRegistration | undefined> {
    const path = join(this.dir, `${registrationCacheKey(login)}.json`);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    return text === undefined ? undefined : parseRegistration(text);
  }

  writeRegistration(login: SsoLoginConfig, registration: CachedRegistration): Promise<void> {
    return this.#write(join(this.dir, `${registrationCacheKey(login)}.json`), registration);
  }

  /**
   * A new file created 0600 next to the target, then renamed over it: a reader (the CLI, or
   * this app after a crash) sees the old file or the new one, never half of one.
   */
  async #write(path: string, value: object): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const file = await open(temp, 'wx', 0o600);
    try {
      await file.writeFile(JSON.stringify(value), 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      // The umask may have narrowed the mode further, never widened it; make it exactly 0600.
      await chmod(temp, 0o600);
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }
}
