import { describe, expect, it } from 'vitest';
import { load } from './aws-home';

const config = [
  '[sso-session corp]',
  'sso_start_url = https://corp.awsapps.com/start',
  'sso_region = eu-west-1',
  'sso_registration_scopes = sso:account:access, ,codewhisperer:completions',
  '[sso-session incomplete]',
  'sso_start_url = https://other.awsapps.com/start',
  '[profile dev]',
  'sso_session = corp',
  'sso_account_id = 111111111111',
  'sso_role_name = Developer',
  'services = local',
  '[profile ops]',
  'sso_session = corp',
  'sso_account_id = 222222222222',
  'sso_role_name = Ops',
  '[profile legacy-a]',
  'sso_start_url = https://old.awsapps.com/start',
  'sso_region = us-east-1',
  'sso_account_id = 333333333333',
  'sso_role_name = ReadOnly',
  '[profile legacy-b]',
  'sso_start_url = https://old.awsapps.com/start',
  'sso_region = us-east-1',
  'sso_account_id = 444444444444',
  'sso_role_name = ReadOnly',
  '[services local]',
  'sso_oidc =',
  '  endpoint_url = http://127.0.0.1:4566',
].join('\n');

describe('IAM Identity Center sign-ins from the config files', () => {
  it('lists each sso-session and each legacy start URL once, with the profiles that use it', async () => {
    const { ssoLogins } = await load({ config });
    expect(ssoLogins.map((l) => [l.id, l.sessionName, l.profiles])).toEqual([
      ['corp', 'corp', ['dev', 'ops']],
      ['https://old.awsapps.com/start', undefined, ['legacy-a', 'legacy-b']],
    ]);
    // The CLI's parse_sso_registration_scopes: split on commas, trimmed, empty entries dropped.
    expect(ssoLogins[0]?.scopes).toEqual(['sso:account:access', 'codewhisperer:completions']);
    expect(ssoLogins[1]?.scopes).toBeUndefined();
  });

  it('takes the sign-in endpoints from the environment, then from the first profile that uses it', async () => {
    const fromProfile = await load({ config });
    expect(fromProfile.ssoLogins[0]?.endpoints).toEqual({ oidc: 'http://127.0.0.1:4566' });
    const fromEnv = await load(
      { config },
      { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9001', AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9002' },
    );
    expect(fromEnv.ssoLogins[0]?.endpoints).toEqual({
      portal: 'http://127.0.0.1:9001',
      oidc: 'http://127.0.0.1:9002',
    });
    expect(fromEnv.ssoLogins[1]?.endpoints).toEqual({
      portal: 'http://127.0.0.1:9001',
      oidc: 'http://127.0.0.1:9002',
    });
  });

  it('points each SSO profile at its sign-in, account and role', async () => {
    const { resolved } = await load({ config });
    const root = (name: string) => resolved.find((p) => p.summary.name === name)?.root;
    expect(root('dev')).toEqual({
      kind: 'sso',
      profile: 'dev',
      loginId: 'corp',
      accountId: '111111111111',
      roleName: 'Developer',
    });
    expect(root('legacy-b')).toEqual({
      kind: 'sso',
      profile: 'legacy-b',
      loginId: 'https://old.awsapps.com/start',
      accountId: '444444444444',
      roleName: 'ReadOnly',
    });
  });
});
