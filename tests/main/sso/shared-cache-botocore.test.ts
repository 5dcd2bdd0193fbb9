// One sign-in for Crossbucket and the AWS CLI, both ways, proven with the machine's botocore and
// AWS CLI: botocore uses (and refreshes) the token Crossbucket wrote, `aws s3 ls --profile` works
// after signing in with Crossbucket, and Crossbucket uses a token botocore wrote.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tokenCacheKey } from '../../../src/main/sso/token-cache';
import { createWorld, type World } from '../../support/aws-world';
import { probeBotocore, pythonJson, runPython } from '../../support/botocore';
import {
  PERMISSION_SET,
  SSO_PROFILE,
  SSO_SESSION,
  SSO_START_URL,
  withIdentityCenter,
} from '../../support/sso-world';
import { ACCOUNT, BUCKET, REGION, standardWorldSpec } from '../../support/standard-world';
import { identityCenterOf, type SsoHarness, ssoHarness } from './sso-fixture';

const botocore = probeBotocore();
if (!botocore.found) console.warn(`Skipping the shared SSO cache tests: ${botocore.reason}`);

/** Credentials for a profile the way `aws … --profile` gets them, and who they belong to. */
const CALLER = `
import json, sys, botocore.session
session = botocore.session.Session(profile=sys.argv[1])
sts = session.create_client('sts', region_name='${REGION}')
print(json.dumps({'arn': sts.get_caller_identity()['Arn']}))
`;

/** botocore's SSOTokenProvider: reads the cached token and refreshes it inside its 15-minute window. */
const TOKEN_PROVIDER = `
import json, sys, botocore.session
from botocore.tokens import SSOTokenProvider
session = botocore.session.Session(profile=sys.argv[1])
token = SSOTokenProvider(session).load_token().get_frozen_token()
print(json.dumps({'token': token.token, 'expiration': token.expiration.isoformat()}))
`;

/** The first half of a device code sign-in with botocore's own sso-oidc client, as \`aws sso login\` runs it. */
const DEVICE_START = `
import json, sys, botocore.session
from botocore import UNSIGNED
from botocore.config import Config
oidc = botocore.session.Session().create_client('sso-oidc', config=Config(region_name='${REGION}', signature_version=UNSIGNED))
reg = oidc.register_client(clientName='botocore-client-${SSO_SESSION}', clientType='public', scopes=['sso:account:access'])
dev = oidc.start_device_authorization(clientId=reg['clientId'], clientSecret=reg['clientSecret'], startUrl=sys.argv[1])
print(json.dumps({'reg': reg, 'dev': dev}, default=str))
`;

/** The second half: the token, written with the CLI's own cache class and serializer. */
const DEVICE_FINISH = `
import datetime, json, os, sys, botocore.session
from botocore import UNSIGNED
from botocore.config import Config
from botocore.tokens import _sso_json_dumps
from botocore.utils import JSONFileCache, SSOTokenLoader
state = json.loads(sys.argv[1])
reg, dev = state['reg'], state['dev']
oidc = botocore.session.Session().create_client('sso-oidc', config=Config(region_name='${REGION}', signature_version=UNSIGNED))
answer = oidc.create_token(grantType='urn:ietf:params:oauth:grant-type:device_code', clientId=reg['clientId'], clientSecret=reg['clientSecret'], deviceCode=dev['deviceCode'])
now = datetime.datetime.now(datetime.timezone.utc)
token = {
    'startUrl': sys.argv[2], 'region': '${REGION}', 'accessToken': answer['accessToken'],
    'expiresAt': now + datetime.timedelta(seconds=answer['expiresIn']),
    'clientId': reg['clientId'], 'clientSecret': reg['clientSecret'],
    'registrationExpiresAt': datetime.datetime.fromtimestamp(reg['clientSecretExpiresAt'], datetime.timezone.utc),
    'refreshToken': answer['refreshToken'],
}
cache = JSONFileCache(os.path.expanduser(os.path.join('~', '.aws', 'sso', 'cache')), dumps_func=_sso_json_dumps)
SSOTokenLoader(cache=cache).save_token(sys.argv[2], token, session_name='${SSO_SESSION}')
print(json.dumps({'ok': True}))
`;

let world: World;
const harnesses: SsoHarness[] = [];
beforeAll(async () => {
  if (botocore.found) world = await createWorld(withIdentityCenter(standardWorldSpec()));
});
afterAll(() => world?.dispose());
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.dispose();
});

const harness = async () => {
  const h = await ssoHarness(world);
  harnesses.push(h);
  return h;
};

const tokenPath = (h: SsoHarness) =>
  join(
    h.home,
    '.aws/sso/cache',
    `${tokenCacheKey({ sessionName: SSO_SESSION, startUrl: SSO_START_URL })}.json`,
  );
const pythonEnv = (h: SsoHarness) => ({ ...h.env, HOME: h.home, AWS_DEFAULT_REGION: REGION });

describe.skipIf(!botocore.found)('the SSO token cache shared with the AWS CLI', () => {
  it('botocore and `aws s3 ls` use the sign-in Crossbucket made', async () => {
    const h = await harness();
    await h.signInApproving(SSO_SESSION);

    const caller = await pythonJson<{ arn: string }>(CALLER, pythonEnv(h), [SSO_PROFILE.dev]);
    expect(caller.arn).toMatch(
      new RegExp(`^arn:aws:sts::${ACCOUNT.dev}:assumed-role/AWSReservedSSO_${PERMISSION_SET.developer}_`),
    );
    const ls = await runPython(
      'import sys; from awscli.clidriver import main; sys.exit(main())',
      pythonEnv(h),
      ['s3', 'ls', '--profile', SSO_PROFILE.dev],
    );
    expect(ls.stderr).toBe('');
    expect(ls.code).toBe(0);
    expect(ls.stdout).toContain(BUCKET.devArtifacts);

    // "Copy profile block" for a role found by discovery, pasted into the config: the CLI opens it.
    const block = h.service.profileBlock(
      { loginId: SSO_SESSION, accountId: ACCOUNT.prod, roleName: PERMISSION_SET.readOnly },
      { name: 'pasted', withSession: false },
    );
    const config = join(h.home, 'config-with-pasted-block');
    await writeFile(config, `${await readFile(world.configFile, 'utf8')}\n${block}`);
    const pasted = await runPython(
      'import sys; from awscli.clidriver import main; sys.exit(main())',
      { ...pythonEnv(h), AWS_CONFIG_FILE: config },
      ['s3', 'ls', `s3://${BUCKET.prodData}/`, '--profile', 'pasted'],
    );
    expect(pasted.stderr).toBe('');
    expect(pasted.stdout).toContain('README.txt');
  });

  it('botocore refreshes the token Crossbucket wrote, and Crossbucket carries on with the refreshed one', async () => {
    const h = await harness();
    await h.signInApproving(SSO_SESSION);
    const ours = JSON.parse(await readFile(tokenPath(h), 'utf8'));
    const soon = new Date(Date.now() + 5 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    await writeFile(tokenPath(h), JSON.stringify({ ...ours, expiresAt: soon }));

    const refreshed = await pythonJson<{ token: string }>(TOKEN_PROVIDER, pythonEnv(h), [SSO_PROFILE.dev]);
    expect(refreshed.token).not.toBe(ours.accessToken);
    const written = JSON.parse(await readFile(tokenPath(h), 'utf8'));
    expect(written.accessToken).toBe(refreshed.token);

    // Crossbucket reads botocore's rewrite: a later expiry, and role credentials with the new token.
    await expect
      .poll(
        () => Date.parse(h.service.snapshot().logins.find((l) => l.id === SSO_SESSION)?.expiresAt ?? ''),
        {
          timeout: 10_000,
        },
      )
      .toBeGreaterThan(Date.now() + 50 * 60_000);
    const creds = await h.service.roleCredentials({
      kind: 'sso',
      profile: SSO_PROFILE.dev,
      loginId: SSO_SESSION,
      accountId: ACCOUNT.dev,
      roleName: PERMISSION_SET.developer,
    });
    expect(creds.accessKeyId).toMatch(/^ASIA/);
  });

  it('Crossbucket uses a token botocore wrote, and botocore reads the one Crossbucket refreshes', async () => {
    const h = await harness();
    const ic = identityCenterOf(world);
    const env = pythonEnv(h);
    const started = await pythonJson<{ dev: { verificationUriComplete: string } }>(DEVICE_START, env, [
      SSO_START_URL,
    ]);
    await ic.approve(started.dev.verificationUriComplete);
    await pythonJson(DEVICE_FINISH, env, [JSON.stringify(started), SSO_START_URL]);

    await expect
      .poll(() => h.service.snapshot().logins.find((l) => l.id === SSO_SESSION)?.status, { timeout: 10_000 })
      .toBe('signed-in');
    const root = {
      kind: 'sso',
      profile: SSO_PROFILE.dev,
      loginId: SSO_SESSION,
      accountId: ACCOUNT.dev,
      roleName: PERMISSION_SET.developer,
    } as const;
    expect((await h.service.roleCredentials(root)).accessKeyId).toMatch(/^ASIA/);

    // Crossbucket refreshes botocore's token (it is due) and botocore takes Crossbucket's result.
    const theirs = JSON.parse(await readFile(tokenPath(h), 'utf8'));
    const soon = new Date(Date.now() + 5 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    await writeFile(tokenPath(h), JSON.stringify({ ...theirs, expiresAt: soon }));
    await h.service.roleCredentials(root);
    const ours = JSON.parse(await readFile(tokenPath(h), 'utf8'));
    expect(ours.accessToken).not.toBe(theirs.accessToken);
    const read = await pythonJson<{ token: string }>(TOKEN_PROVIDER, env, [SSO_PROFILE.dev]);
    expect(read.token).toBe(ours.accessToken);
  });

  it('names the client registration file as the AWS CLI v2 does, so both reuse one registration', async () => {
    const h = await harness();
    await h.signInApproving(SSO_SESSION);
    const key = await pythonJson<{ key: string }>(
      `
import hashlib, json
args = {'tool': 'botocore', 'startUrl': '${SSO_START_URL}', 'region': '${REGION}', 'scopes': ['sso:account:access'], 'session_name': '${SSO_SESSION}'}
print(json.dumps({'key': hashlib.sha1(json.dumps(args, sort_keys=True).encode('utf-8')).hexdigest()}))
`,
      pythonEnv(h),
    );
    const registration = JSON.parse(
      await readFile(join(h.home, '.aws/sso/cache', `${key.key}.json`), 'utf8'),
    );
    expect(registration).toMatchObject({
      scopes: ['sso:account:access'],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    expect(Object.keys(registration).sort()).toEqual([
      'clientId',
      'clientSecret',
      'expiresAt',
      'grantTypes',
      'scopes',
    ]);
  });
});
