import { describe, expect, it } from 'vitest';
import type { LoadedProfiles } from '../../../src/main/profiles/profile-store';
import { load } from './aws-home';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY';
const TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKENVALUE==';
const EXTERNAL_ID = 'ext-id-shared-secret-4711';
const keys = `aws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = ${SECRET}\n`;

const resolved = (loaded: LoadedProfiles, name: string) => {
  const found = loaded.resolved.find((p) => p.summary.name === name);
  if (!found) throw new Error(`no profile ${name}`);
  return found;
};

describe('profile kinds', () => {
  it('reads a plain static profile from the credentials file', async () => {
    const loaded = await load({ credentials: `[default]\n${keys}aws_session_token = ${TOKEN}\n` });
    const p = resolved(loaded, 'default');
    expect(p.summary).toMatchObject({ kind: 'static', chain: ['default'], needsMfa: false });
    expect(p.summary.error).toBeUndefined();
    expect(p.root).toEqual({ kind: 'static', profile: 'default' });
    expect(p.steps).toEqual([]);
    expect(loaded.snapshot.defaultProfile).toBe('default');
  });

  it('recognises sso-session, legacy sso, credential_process and web identity profiles', async () => {
    const loaded = await load({
      config: [
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = eu-west-1',
        '[profile sso]',
        'sso_session = corp',
        'sso_account_id = 111111111111',
        'sso_role_name = ReadOnly',
        '[profile legacy-sso]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = eu-west-1',
        'sso_account_id = 111111111111',
        'sso_role_name = ReadOnly',
        '[profile proc]',
        'credential_process = /usr/bin/get-creds --json',
        '[profile web]',
        'role_arn = arn:aws:iam::111111111111:role/ci',
        'web_identity_token_file = /var/run/token',
        '[profile bad-sso]',
        'sso_session = nowhere',
        'sso_account_id = 111111111111',
        'sso_role_name = ReadOnly',
        '[profile region-only]',
        'region = eu-central-1',
      ].join('\n'),
    });
    expect(resolved(loaded, 'sso').summary).toMatchObject({ kind: 'sso', ssoSession: 'corp' });
    expect(resolved(loaded, 'sso').root).toEqual({
      kind: 'sso',
      profile: 'sso',
      loginId: 'corp',
      accountId: '111111111111',
      roleName: 'ReadOnly',
    });
    expect(resolved(loaded, 'legacy-sso').root).toEqual({
      kind: 'sso',
      profile: 'legacy-sso',
      loginId: 'https://corp.awsapps.com/start',
      accountId: '111111111111',
      roleName: 'ReadOnly',
    });
    expect(resolved(loaded, 'proc').root).toEqual({ kind: 'process', profile: 'proc' });
    expect(resolved(loaded, 'web').summary.kind).toBe('web-identity');
    expect(resolved(loaded, 'web').root).toEqual({ kind: 'web-identity', profile: 'web' });
    expect(resolved(loaded, 'bad-sso').summary.error?.message).toContain('[sso-session nowhere]');
    expect(resolved(loaded, 'region-only').summary).toMatchObject({ kind: 'none' });
    expect(resolved(loaded, 'region-only').summary.error?.code).toBe('credentials-missing');
  });

  it('reports a static profile with only half of its keys', async () => {
    const loaded = await load({ credentials: '[half]\naws_access_key_id = AKIAEXAMPLE\n' });
    expect(resolved(loaded, 'half').summary.error).toMatchObject({ code: 'profile-invalid' });
    expect(resolved(loaded, 'half').summary.error?.message).toContain('aws_secret_access_key');
  });
});

describe('role chains', () => {
  it('assumes a role from a source profile with keys, keeping that step’s settings', async () => {
    const loaded = await load({
      credentials: `[base]\n${keys}`,
      config: [
        '[profile admin]',
        'role_arn = arn:aws:iam::222222222222:role/Admin',
        'source_profile = base',
        `external_id = ${EXTERNAL_ID}`,
        'mfa_serial = arn:aws:iam::111111111111:mfa/alice',
        'duration_seconds = 3600',
        'role_session_name = alice',
      ].join('\n'),
    });
    const admin = resolved(loaded, 'admin');
    expect(admin.summary).toMatchObject({
      kind: 'role',
      roleArn: 'arn:aws:iam::222222222222:role/Admin',
      sourceProfile: 'base',
      hasExternalId: true,
      needsMfa: true,
      durationSeconds: 3600,
      chain: ['base', 'admin'],
    });
    expect(admin.root).toEqual({ kind: 'static', profile: 'base' });
    expect(admin.steps).toEqual([
      {
        profile: 'admin',
        roleArn: 'arn:aws:iam::222222222222:role/Admin',
        externalId: EXTERNAL_ID,
        mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
        durationSeconds: 3600,
        roleSessionName: 'alice',
      },
    ]);
  });

  it('follows a chain of four links, each step with its own options, in call order', async () => {
    const loaded = await load({
      credentials: `[root]\n${keys}`,
      config: [
        '[profile hop1]',
        'role_arn = arn:aws:iam::111111111111:role/one',
        'source_profile = root',
        'mfa_serial = arn:aws:iam::111111111111:mfa/bob',
        '[profile hop2]',
        'role_arn = arn:aws:iam::222222222222:role/two',
        'source_profile = hop1',
        'external_id = x2',
        '[profile hop3]',
        'role_arn = arn:aws-cn:iam::333333333333:role/path/three',
        'source_profile = hop2',
      ].join('\n'),
    });
    const hop3 = resolved(loaded, 'hop3');
    expect(hop3.summary.error).toBeUndefined();
    expect(hop3.summary.chain).toEqual(['root', 'hop1', 'hop2', 'hop3']);
    expect(hop3.steps.map((s) => [s.profile, s.roleArn, s.externalId, s.mfaSerial])).toEqual([
      ['hop1', 'arn:aws:iam::111111111111:role/one', undefined, 'arn:aws:iam::111111111111:mfa/bob'],
      ['hop2', 'arn:aws:iam::222222222222:role/two', 'x2', undefined],
      ['hop3', 'arn:aws-cn:iam::333333333333:role/path/three', undefined, undefined],
    ]);
    // The MFA device sits on the first hop, yet the whole chain needs the code.
    expect(hop3.summary.needsMfa).toBe(true);
    expect(hop3.summary.mfaSerial).toBeUndefined();
  });

  it('uses a source profile’s static keys even when it also has a role_arn', async () => {
    const loaded = await load({
      config: [
        '[profile both]',
        keys,
        'role_arn = arn:aws:iam::111111111111:role/ignored-as-source',
        'source_profile = other',
        '[profile other]',
        keys,
        '[profile child]',
        'role_arn = arn:aws:iam::222222222222:role/child',
        'source_profile = both',
      ].join('\n'),
    });
    const child = resolved(loaded, 'child');
    expect(child.root).toEqual({ kind: 'static', profile: 'both' });
    expect(child.steps.map((s) => s.roleArn)).toEqual(['arn:aws:iam::222222222222:role/child']);
    // Used directly, `both` assumes its own role with `other`'s keys.
    expect(resolved(loaded, 'both').summary.chain).toEqual(['other', 'both']);
  });

  it('allows a profile to be its own source only when it has static keys', async () => {
    const loaded = await load({
      config: [
        '[profile self-ok]',
        keys,
        'role_arn = arn:aws:iam::111111111111:role/r',
        'source_profile = self-ok',
        '[profile self-loop]',
        'role_arn = arn:aws:iam::111111111111:role/r',
        'source_profile = self-loop',
      ].join('\n'),
    });
    const ok = resolved(loaded, 'self-ok');
    expect(ok.summary.error).toBeUndefined();
    expect(ok.root).toEqual({ kind: 'static', profile: 'self-ok' });
    expect(ok.steps).toHaveLength(1);
    expect(resolved(loaded, 'self-loop').summary.error).toMatchObject({
      code: 'profile-cycle',
      message: expect.stringContaining('self-loop → self-loop'),
    });
  });

  it('names the loop for a → b → a and a → b → c → a, and leaves other profiles working', async () => {
    const role = (n: string, source: string) =>
      `[profile ${n}]\nrole_arn = arn:aws:iam::111111111111:role/${n}\nsource_profile = ${source}\n`;
    const loaded = await load({
      config: [
        role('a', 'b'),
        role('b', 'a'),
        role('x', 'y'),
        role('y', 'z'),
        role('z', 'x'),
        role('fine', 'k'),
      ].join(''),
      credentials: `[k]\n${keys}`,
    });
    expect(resolved(loaded, 'a').summary.error).toMatchObject({ code: 'profile-cycle' });
    expect(resolved(loaded, 'a').summary.error?.message).toContain('a → b → a');
    expect(resolved(loaded, 'x').summary.error?.message).toContain('x → y → z → x');
    expect(resolved(loaded, 'fine').summary.error).toBeUndefined();
    expect(resolved(loaded, 'fine').root).toEqual({ kind: 'static', profile: 'k' });
  });

  it('reports each configuration mistake on its own profile', async () => {
    const loaded = await load({
      credentials: `[k]\n${keys}`,
      config: [
        '[profile missing]',
        'role_arn = arn:aws:iam::111111111111:role/r',
        'source_profile = ghost',
        '[profile both-sources]',
        'role_arn = arn:aws:iam::111111111111:role/r',
        'source_profile = k',
        'credential_source = Environment',
        '[profile bad-source]',
        'role_arn = arn:aws:iam::111111111111:role/r',
        'credential_source = Laptop',
        '[profile bad-arn]',
        'role_arn = arn:aws:iam::1234:role/r',
        'source_profile = k',
        '[profile user-arn]',
        'role_arn = arn:aws:iam::111111111111:user/bob',
        'source_profile = k',
        '[profile no-source]',
        'role_arn = arn:aws:iam::111111111111:role/r',
        '[profile short]',
        'role_arn = arn:aws:iam::111111111111:role/r',
        'source_profile = k',
        'duration_seconds = 60',
        '[profile fraction]',
        'role_arn = arn:aws:iam::111111111111:role/r',
        'source_profile = k',
        'duration_seconds = 3600.5',
        '[profile long]',
        'role_arn = arn:aws:iam::111111111111:role/r',
        'source_profile = k',
        'duration_seconds = 43201',
        '[profile env]',
        'role_arn = arn:aws:iam::111111111111:role/r',
        'credential_source = Ec2InstanceMetadata',
      ].join('\n'),
    });
    const code = (name: string) => resolved(loaded, name).summary.error?.code;
    expect(code('missing')).toBe('profile-missing-source');
    expect(resolved(loaded, 'missing').summary.error?.message).toContain('ghost');
    expect(code('both-sources')).toBe('profile-conflicting-source');
    expect(code('bad-source')).toBe('profile-invalid');
    expect(code('bad-arn')).toBe('profile-malformed-arn');
    expect(code('user-arn')).toBe('profile-malformed-arn');
    expect(code('no-source')).toBe('profile-invalid');
    expect(code('short')).toBe('profile-invalid');
    // The CLI cannot read 3600.5 as a number and asks for the default; so does Crossbucket, with a warning.
    expect(code('fraction')).toBeUndefined();
    expect(resolved(loaded, 'fraction').steps.at(-1)?.durationSeconds).toBeUndefined();
    expect(resolved(loaded, 'fraction').summary.warnings?.[0]).toContain('duration_seconds = 3600.5');
    expect(code('long')).toBe('profile-invalid');
    expect(code('k')).toBeUndefined();
    const env = resolved(loaded, 'env');
    expect(env.summary).toMatchObject({ kind: 'credential-source', credentialSource: 'Ec2InstanceMetadata' });
    expect(env.root).toEqual({ kind: 'credential-source', profile: 'env', source: 'Ec2InstanceMetadata' });
    expect(env.summary.error).toBeUndefined();
  });

  it('fails a dependent profile when a link of its chain is broken, naming that link', async () => {
    const loaded = await load({
      config: [
        '[profile broken]',
        'role_arn = not-an-arn',
        'source_profile = k',
        '[profile child]',
        'role_arn = arn:aws:iam::111111111111:role/c',
        'source_profile = broken',
        '[profile grandchild]',
        'role_arn = arn:aws:iam::111111111111:role/g',
        'source_profile = child',
        '[profile on-empty]',
        'role_arn = arn:aws:iam::111111111111:role/e',
        'source_profile = empty',
        '[profile empty]',
        'region = eu-west-1',
      ].join('\n'),
      credentials: `[k]\n${keys}`,
    });
    const grandchild = resolved(loaded, 'grandchild').summary.error;
    expect(grandchild?.code).toBe('profile-malformed-arn');
    expect(grandchild?.message).toContain('"broken"');
    expect(grandchild?.details?.failedLink).toBe('broken');
    expect(resolved(loaded, 'grandchild').root).toBeUndefined();
    expect(resolved(loaded, 'on-empty').summary.error).toMatchObject({
      code: 'credentials-missing',
      details: expect.objectContaining({ failedLink: 'empty' }),
    });
  });
});

describe('files and environment', () => {
  it('lists profiles that exist only in the credentials file, and lets its values win', async () => {
    const loaded = await load({
      config:
        '[profile shared]\nregion = eu-west-1\nrole_arn = arn:aws:iam::111111111111:role/from-config\nsource_profile = k\n',
      credentials: `[k]\n${keys}[shared]\nrole_arn = arn:aws:iam::222222222222:role/from-credentials\n[only-creds]\n${keys}`,
    });
    expect(loaded.snapshot.profiles.map((p) => p.name)).toEqual(['shared', 'k', 'only-creds']);
    expect(resolved(loaded, 'shared').summary).toMatchObject({
      roleArn: 'arn:aws:iam::222222222222:role/from-credentials',
      region: 'eu-west-1',
    });
    expect(resolved(loaded, 'only-creds').summary.kind).toBe('static');
  });

  it('honours AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and AWS_PROFILE', async () => {
    const first = await load({ config: '[profile elsewhere]\n' });
    const loaded = await load(
      { config: `[profile work]\n${keys}`, credentials: `[play]\n${keys}` },
      { AWS_PROFILE: 'play', AWS_DEFAULT_PROFILE: 'work' },
    );
    expect(loaded.snapshot.defaultProfile).toBe('play');
    expect(first.snapshot.defaultProfile).toBeUndefined();
    const viaEnv = await load(
      {},
      {
        AWS_CONFIG_FILE: loaded.snapshot.configFile,
        AWS_SHARED_CREDENTIALS_FILE: loaded.snapshot.credentialsFile,
      },
    );
    expect(viaEnv.snapshot.profiles.map((p) => p.name)).toEqual(['work', 'play']);
    const missing = await load({ credentials: `[default]\n${keys}` }, { AWS_PROFILE: 'typo' });
    expect(missing.snapshot.defaultProfile).toBeUndefined();
    expect(missing.snapshot.fileErrors.map((e) => e.message).join()).toContain(
      'AWS_PROFILE names profile "typo"',
    );
  });

  it('takes the region from the profile, else its chain, else the environment, else us-east-1', async () => {
    const config = [
      '[profile src]',
      'region = ap-southeast-2',
      '[profile mid]',
      'role_arn = arn:aws:iam::111111111111:role/m',
      'source_profile = src',
      '[profile own]',
      'region = eu-north-1',
      'role_arn = arn:aws:iam::111111111111:role/o',
      'source_profile = mid',
      '[profile inherits]',
      'role_arn = arn:aws:iam::111111111111:role/i',
      'source_profile = mid',
      '[profile bare]',
    ].join('\n');
    const loaded = await load(
      { config, credentials: `[src]\n${keys}[bare]\n${keys}` },
      { AWS_REGION: 'ca-central-1' },
    );
    expect(resolved(loaded, 'own').region).toBe('eu-north-1');
    expect(resolved(loaded, 'inherits').region).toBe('ap-southeast-2');
    expect(resolved(loaded, 'bare').region).toBe('ca-central-1');
    const noEnv = await load({ config, credentials: `[bare]\n${keys}` });
    expect(resolved(noEnv, 'bare').summary.region).toBe('us-east-1');
  });

  it('treats a missing config and credentials file as no profiles, without errors', async () => {
    const loaded = await load({});
    expect(loaded.snapshot.profiles).toEqual([]);
    expect(loaded.snapshot.fileErrors).toEqual([]);
  });

  it('never puts a secret key, session token or external ID value in any summary', async () => {
    const loaded = await load({
      config: `[default]\n${keys}aws_session_token = ${TOKEN}\n[profile r]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = default\nexternal_id = ${EXTERNAL_ID}\n[profile broken]\n${keys.slice(0, 30)}\nsecret ${SECRET}\n`,
      credentials: `[c]\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n${TOKEN}\n`,
    });
    const serialized = JSON.stringify(loaded.snapshot);
    expect(loaded.snapshot.profiles.length).toBeGreaterThanOrEqual(3);
    expect(loaded.snapshot.fileErrors.length).toBeGreaterThan(0);
    for (const secret of [SECRET, TOKEN, EXTERNAL_ID, 'AKIAEXAMPLE'])
      expect(serialized).not.toContain(secret);
  });
});
