// credential_process as the AWS CLI runs it, with the machine's botocore as the oracle on the very
// same files: every spelling of the line botocore accepts gives the same keys here, and every
// failure botocore refuses fails here too, naming the profile, the exit code and stderr but never
// what the process printed on stdout.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialProcess } from '../../../src/main/credentials/credential-process';
import { rootCredentials } from '../../../src/main/credentials/root-credentials';
import { failureOf } from '../../support/app-failure';
import { probeBotocore, pythonJson } from '../../support/botocore';

const botocore = probeBotocore();
if (!botocore.found) console.warn(`Skipping the credential_process oracle tests: ${botocore.reason}`);

/** What `aws … --profile p` gets: the keys, or the error botocore raised. */
const BOTOCORE_CREDENTIALS = `
import json, sys, botocore.session
try:
    creds = botocore.session.Session(profile=sys.argv[1]).get_credentials()
    frozen = creds.get_frozen_credentials()
    expiry = getattr(creds, '_expiry_time', None)
    print(json.dumps({'ok': True, 'accessKeyId': frozen.access_key, 'secretAccessKey': frozen.secret_key,
                      'sessionToken': frozen.token, 'expiration': expiry.isoformat() if expiry else None}))
except Exception as err:
    print(json.dumps({'ok': False, 'error': type(err).__name__, 'message': str(err)}))
`;

interface Oracle {
  readonly ok: boolean;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string | null;
  readonly expiration?: string | null;
  readonly error?: string;
  readonly message?: string;
}

/** Prints a Version 1 document from its arguments: key, secret, [token], [expiration]. */
const PRINT_CREDS = `#!/bin/sh
printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s"' "$1" "$2"
if [ -n "$3" ]; then printf ', "SessionToken": "%s"' "$3"; fi
if [ -n "$4" ]; then printf ', "Expiration": "%s"' "$4"; fi
printf '}\\n'
`;

/** Misbehaves as asked; stdout always carries a secret that no message may repeat. */
const MISBEHAVE = `#!/bin/sh
case "$1" in
  bad-json) printf '{"Version": 1, "AccessKeyId": "AKIALEAK", "SecretAccessKey": "stdout-secret-XYZ"' ;;
  version-2) printf '{"Version": 2, "AccessKeyId": "AKIALEAK", "SecretAccessKey": "stdout-secret-XYZ"}' ;;
  no-secret) printf '{"Version": 1, "AccessKeyId": "AKIALEAK", "SessionToken": "stdout-secret-XYZ"}' ;;
  exit-3)
    printf '{"Version": 1, "AccessKeyId": "AKIALEAK", "SecretAccessKey": "stdout-secret-XYZ"}'
    echo "token for corp has expired; run login again" >&2
    exit 3 ;;
  hang)
    sleep 600 &
    echo $! > "$2"
    wait ;;
esac
`;

let dir: string;
let env: Record<string, string>;
let printCreds: string;
let spaced: string;
let misbehave: string;

const lines = (): Record<string, string> => ({
  'quoted-path': `credential_process = "${spaced}" AKIAQUOTED quoted-secret`,
  upper: `CREDENTIAL_PROCESS = ${printCreds} AKIAUPPER upper-secret`,
  colon: `credential_process: ${printCreds} AKIACOLON colon-secret`,
  mixed: `Credential_Process=${printCreds} 'AKIA MIXED' "mixed secret" ''`,
  'single-quoted': `credential_process = '${spaced}' AKIATEMP temp-secret temp-token 2099-06-01T12:00:00Z`,
  escaped: `credential_process = ${spaced.replace(/ /g, '\\ ')} AKIAESCAPED escaped-secret`,
  'utc-suffix': `credential_process = ${printCreds} AKIAUTC utc-secret tok 2099-06-01T12:00:00UTC`,
  'bad-json': `credential_process = ${misbehave} bad-json`,
  'version-2': `credential_process = ${misbehave} version-2`,
  'no-secret': `credential_process = ${misbehave} no-secret`,
  'exit-3': `credential_process = ${misbehave} exit-3`,
  'no-command': `credential_process = ${join(dir, 'not-there', 'creds')} x`,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crossbucket-process-'));
  await mkdir(join(dir, 'my tools'));
  printCreds = join(dir, 'creds.sh');
  spaced = join(dir, 'my tools', 'creds.sh');
  misbehave = join(dir, 'misbehave.sh');
  for (const [path, text] of [
    [printCreds, PRINT_CREDS],
    [spaced, PRINT_CREDS],
    [misbehave, MISBEHAVE],
  ] as const) {
    await writeFile(path, text);
    await chmod(path, 0o755);
  }
  env = {
    HOME: dir,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
  };
  const config = Object.entries(lines()).map(([name, line]) => `[profile ${name}]\n${line}\n`);
  await writeFile(env.AWS_CONFIG_FILE!, config.join('\n'));
  // The credentials file takes credential_process too (botocore merges it into the profile).
  await writeFile(
    env.AWS_SHARED_CREDENTIALS_FILE!,
    `[in-credentials]\ncredential_process = ${printCreds} AKIACREDFILE credfile-secret\n`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Whether a process lives (a zombie waiting for its reaper counts as ended). Linux's /proc. */
async function running(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat !== undefined && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

const oracle = (profile: string) => pythonJson<Oracle>(BOTOCORE_CREDENTIALS, env, [profile]);
const ours = (profile: string) => rootCredentials({ kind: 'process', profile }, { env, region: 'eu-west-1' });

describe.skipIf(!botocore.found)('credential_process, with botocore as the oracle', () => {
  it.each([
    'quoted-path',
    'upper',
    'colon',
    'mixed',
    'single-quoted',
    'escaped',
    'utc-suffix',
    'in-credentials',
  ])('%s: the same credentials as botocore', async (profile) => {
    const expected = await oracle(profile);
    expect(expected.ok, expected.message).toBe(true);
    const creds = await ours(profile);
    expect(creds.accessKeyId).toBe(expected.accessKeyId);
    expect(creds.secretAccessKey).toBe(expected.secretAccessKey);
    expect(creds.sessionToken).toBe(expected.sessionToken ?? undefined);
    expect(creds.expiration?.getTime()).toBe(
      expected.expiration ? Date.parse(expected.expiration) : undefined,
    );
  });

  it('splits arguments as botocore does: quotes, escapes and an empty argument', async () => {
    const creds = await ours('mixed');
    expect(creds).toEqual({ accessKeyId: 'AKIA MIXED', secretAccessKey: 'mixed secret' });
  });

  it.each([
    ['bad-json', /printed something that is not JSON/],
    ['version-2', /printed Version 2; .* reads Version 1/],
    ['no-secret', /printed no SecretAccessKey/],
    ['exit-3', /exited with code 3: token for corp has expired; run login again/],
    ['no-command', /could not start: ".*not-there\/creds" was not found/],
  ])('%s: refused like botocore, named, and nothing of stdout shown', async (profile, message) => {
    const expected = await oracle(profile);
    expect(expected.ok).toBe(false);
    const { appError } = await failureOf(ours(profile));
    expect(appError.message).toMatch(message);
    expect(appError.message).toContain(`profile "${profile}"`);
    expect(JSON.stringify(appError)).not.toContain('stdout-secret-XYZ');
    expect(JSON.stringify(appError)).not.toContain('AKIALEAK');
  });

  it('stops a process that hangs, and everything it started, at the time limit', async () => {
    // botocore has no limit (it would wait for ever): Crossbucket gives up and names the profile.
    const pidFile = join(dir, 'hang.pid');
    const hangEnv = { ...env, AWS_CONFIG_FILE: join(dir, 'hang-config') };
    await writeFile(
      hangEnv.AWS_CONFIG_FILE,
      `[profile hang]\ncredential_process = ${misbehave} hang ${pidFile}\n`,
    );
    const { appError } = await failureOf(credentialProcess('hang', { env: hangEnv, timeoutMs: 1500 }));
    expect(appError.message).toBe(
      'credential_process of profile "hang" did not finish within 2 s and was stopped.',
    );
    const sleeper = Number(await readFile(pidFile, 'utf8'));
    expect(sleeper).toBeGreaterThan(0);
    expect(await running(sleeper)).toBe(false);
  });
});
