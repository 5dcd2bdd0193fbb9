import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rootCredentials } from '../../../src/main/credentials/root-credentials';
import { failureOf } from '../../support/app-failure';

let dir: string;
let env: Record<string, string>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-root-'));
  env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('rootCredentials', () => {
  it('uses the keys of a source profile that also names a role, as the CLI does', async () => {
    await writeFile(
      env.AWS_SHARED_CREDENTIALS_FILE!,
      '[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = devsecret\n',
    );
    // Were this assumed (fromIni would), the call would go to an unreachable STS and fail.
    await writeFile(
      env.AWS_CONFIG_FILE!,
      '[profile dev]\nrole_arn = arn:aws:iam::999999999999:role/x\nsource_profile = other\nregion = eu-west-1\n',
    );
    const creds = await rootCredentials({ kind: 'static', profile: 'dev' }, { env, region: 'eu-west-1' });
    expect(creds).toEqual({ accessKeyId: 'AKIADEV', secretAccessKey: 'devsecret' });
  });

  it('reads keys (and a session token) from the config file when the credentials file has none', async () => {
    await writeFile(
      env.AWS_CONFIG_FILE!,
      '[profile ops]\naws_access_key_id = AKIAOPS\naws_secret_access_key = opssecret\naws_session_token = tok\n',
    );
    const creds = await rootCredentials({ kind: 'static', profile: 'ops' }, { env, region: 'eu-west-1' });
    expect(creds).toEqual({ accessKeyId: 'AKIAOPS', secretAccessKey: 'opssecret', sessionToken: 'tok' });
  });

  it('reports empty keys as credentials-missing, naming the profile and the file', async () => {
    await writeFile(
      env.AWS_SHARED_CREDENTIALS_FILE!,
      '[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key =\n',
    );
    const { appError } = await failureOf(
      rootCredentials({ kind: 'static', profile: 'dev' }, { env, region: 'eu-west-1' }),
    );
    expect(appError.code).toBe('credentials-missing');
    expect(appError.message).toContain('"dev"');
    expect(appError.hints?.[0]).toContain(env.AWS_SHARED_CREDENTIALS_FILE);
  });

  it('runs credential_process from the injected config file', async () => {
    const out = JSON.stringify({ Version: 1, AccessKeyId: 'AKIAPROC', SecretAccessKey: 'procsecret' });
    await writeFile(env.AWS_CONFIG_FILE!, `[profile proc]\ncredential_process = echo '${out}'\n`);
    const creds = await rootCredentials({ kind: 'process', profile: 'proc' }, { env, region: 'eu-west-1' });
    expect(creds).toMatchObject({ accessKeyId: 'AKIAPROC', secretAccessKey: 'procsecret' });
  });

  it('takes credential_source = Environment from the injected environment', async () => {
    const root = { kind: 'credential-source', profile: 'ci', source: 'Environment' } as const;
    const creds = await rootCredentials(root, {
      env: { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'envsecret', AWS_SESSION_TOKEN: 'envtok' },
      region: 'eu-west-1',
    });
    expect(creds).toEqual({ accessKeyId: 'AKIAENV', secretAccessKey: 'envsecret', sessionToken: 'envtok' });
    const { appError } = await failureOf(rootCredentials(root, { env: {}, region: 'eu-west-1' }));
    expect(appError.code).toBe('credentials-missing');
  });

  it('asks the sign-in service for IAM Identity Center roots', async () => {
    const root = {
      kind: 'sso',
      profile: 'sso',
      loginId: 'corp',
      accountId: '111111111111',
      roleName: 'Dev',
    } as const;
    const asked: unknown[] = [];
    const creds = await rootCredentials(root, {
      env,
      region: 'eu-west-1',
      sso: {
        roleCredentials: async (r) => {
          asked.push(r);
          return { accessKeyId: 'ASIASSO', secretAccessKey: 'ssosecret', sessionToken: 'ssotok' };
        },
      },
    });
    expect(asked).toEqual([root]);
    expect(creds.accessKeyId).toBe('ASIASSO');
  });
});
