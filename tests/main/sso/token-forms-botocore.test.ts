// Every form of a token file's `expiresAt` the machine's botocore reads, read the same way by
// Crossbucket: a file botocore's SSOTokenProvider uses shows as signed in, one it finds expired
// (or cannot use) does not. botocore is the oracle, on the very file Crossbucket reads.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProfiles } from '../../../src/main/profiles/profile-store';
import type { Env } from '../../../src/main/profiles/read-config-files';
import type { PortalApiFactory } from '../../../src/main/sso/sso-apis';
import { SsoService } from '../../../src/main/sso/sso-service';
import { SsoCache, tokenCacheKey } from '../../../src/main/sso/token-cache';
import { probeBotocore, pythonJson } from '../../support/botocore';
import { ManualClock, RecordingSink } from '../sessions/test-doubles';

const botocore = probeBotocore();
if (!botocore.found) console.warn(`Skipping the SSO token form tests: ${botocore.reason}`);

const SESSION = 'corp';
const CONFIG = `[profile dev]
sso_session = ${SESSION}
sso_account_id = 111111111111
sso_role_name = Dev
region = eu-west-1

[sso-session ${SESSION}]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-west-1
`;

/** botocore's SSOTokenProvider on the cached file, as the CLI runs it before any SSO call. */
const BOTOCORE_READS = `
import json, botocore.session
from botocore.tokens import SSOTokenProvider
try:
    token = SSOTokenProvider(botocore.session.Session(profile='dev')).load_token().get_frozen_token()
    print(json.dumps({'usable': True, 'expiration': token.expiration.isoformat()}))
except Exception as err:
    print(json.dumps({'usable': False, 'error': type(err).__name__}))
`;

// The year keeps the future ones future and the past ones past whenever the test runs.
const FORMS: readonly { readonly expiresAt: string; readonly instant?: string }[] = [
  { expiresAt: '2099-03-01T10:20:30Z', instant: '2099-03-01T10:20:30Z' },
  { expiresAt: '2099-03-01T10:20:30UTC', instant: '2099-03-01T10:20:30Z' },
  { expiresAt: '2099-03-01T10:20:30+00:00', instant: '2099-03-01T10:20:30Z' },
  { expiresAt: '2099-03-01T10:20:30+0000', instant: '2099-03-01T10:20:30Z' },
  { expiresAt: '2099-03-01T10:20:30.123Z', instant: '2099-03-01T10:20:30Z' },
  { expiresAt: '2099-03-01T10:20:30.123456+00:00', instant: '2099-03-01T10:20:30Z' },
  { expiresAt: '2099-03-01T12:20:30+02:00', instant: '2099-03-01T10:20:30Z' },
  { expiresAt: '2099-03-01 10:20:30Z', instant: '2099-03-01T10:20:30Z' },
  { expiresAt: '2099-03-01T10:20:30 UTC', instant: '2099-03-01T10:20:30Z' },
  { expiresAt: '2020-03-01T10:20:30UTC' },
  { expiresAt: '2020-03-01T10:20:30Z' },
  { expiresAt: '2020-03-01T10:20:30.5+00:00' },
  // No zone: botocore cannot compare it with its aware "now" and fails; so does the sign-in here.
  { expiresAt: '2099-03-01T10:20:30' },
  { expiresAt: 'next tuesday' },
];

let home: string;
let env: Env;
let tokenFile: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'crossbucket-token-forms-'));
  await mkdir(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  await writeFile(join(home, '.aws', 'config'), CONFIG);
  env = { HOME: home, AWS_CONFIG_FILE: join(home, '.aws', 'config') };
  tokenFile = join(
    home,
    '.aws',
    'sso',
    'cache',
    `${tokenCacheKey({ sessionName: SESSION, startUrl: '' })}.json`,
  );
});
afterAll(() => rm(home, { recursive: true, force: true }));

/** No portal here: a signed-in state would list accounts, which this test does not look at. */
const noPortal: PortalApiFactory = () => {
  const refuse = () => Promise.reject(new Error('no portal in this test'));
  return { listAccounts: refuse, listAccountRoles: refuse, getRoleCredentials: refuse, logout: refuse };
};

async function crossbucketStatus(): Promise<{ status: string; expiresAt?: string }> {
  const { ssoLogins } = await readProfiles(env);
  const service = new SsoService({
    env,
    sink: new RecordingSink(),
    logins: () => ssoLogins,
    openBrowser: async () => undefined,
    method: () => 'device-code',
    dataDir: join(home, 'data'),
    portal: noPortal,
  });
  try {
    await service.start();
    const login = service.snapshot().logins.find((l) => l.id === SESSION);
    if (!login) throw new Error('the sso-session was not listed');
    return { status: login.status, ...(login.expiresAt ? { expiresAt: login.expiresAt } : {}) };
  } finally {
    service.dispose();
  }
}

describe.skipIf(!botocore.found)('SSO token files in every form botocore reads', () => {
  it.each(FORMS)('expiresAt $expiresAt: signed in exactly when botocore uses the token', async (form) => {
    await writeFile(tokenFile, JSON.stringify({ accessToken: 'token-a', expiresAt: form.expiresAt }));
    const oracle = await pythonJson<{ usable: boolean; expiration?: string }>(BOTOCORE_READS, {
      ...env,
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
    const ours = await crossbucketStatus();

    expect(oracle.usable).toBe(form.instant !== undefined);
    expect(ours.status).toEqual(
      oracle.usable ? 'signed-in' : expect.stringMatching(/^(expired|signed-out)$/),
    );
    if (form.instant) {
      // Same instant to the second (the CLI's form has whole seconds).
      const seconds = (iso: string | undefined) => Math.floor(Date.parse(iso ?? '') / 1000);
      expect(seconds(oracle.expiration)).toBe(seconds(form.instant));
      expect(seconds(ours.expiresAt)).toBe(seconds(form.instant));
    }
  });

  it('a token valid for decades is looked at again when it ends, not at once over and over', async () => {
    // setTimeout fires after 1 ms for delays past 2^31 ms (24.8 days); ManualClock does the same.
    await writeFile(tokenFile, JSON.stringify({ accessToken: 'token-c', expiresAt: '2099-03-01T10:20:30Z' }));
    const { ssoLogins } = await readProfiles(env);
    const sink = new RecordingSink();
    const clock = new ManualClock(Date.now());
    const service = new SsoService({
      env,
      sink,
      logins: () => ssoLogins,
      openBrowser: async () => undefined,
      method: () => 'device-code',
      dataDir: join(home, 'data'),
      portal: noPortal,
      clock,
    });
    try {
      await service.start();
      // The cache watcher may still report the file written above: let it settle first.
      const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
      await pause();
      const before = sink.events.length;
      await clock.advance(60_000);
      await pause();
      expect(sink.events.length).toBe(before);
      expect(service.snapshot().logins[0]?.status).toBe('signed-in');
    } finally {
      service.dispose();
    }
  });

  it('writes the form the current CLI writes, whatever form it read', async () => {
    const cache = new SsoCache(env);
    const login = { sessionName: SESSION, startUrl: '' };
    await writeFile(
      tokenFile,
      JSON.stringify({
        accessToken: 'token-b',
        expiresAt: '2099-03-01T10:20:30UTC',
        registrationExpiresAt: '2099-05-01T00:00:00.000000+00:00',
      }),
    );
    const read = await cache.readToken(login);
    expect(read).toMatchObject({
      expiresAt: '2099-03-01T10:20:30Z',
      registrationExpiresAt: '2099-05-01T00:00:00Z',
    });
    await cache.writeToken(login, read!);
    expect(JSON.parse(await readFile(tokenFile, 'utf8'))).toMatchObject({
      expiresAt: '2099-03-01T10:20:30Z',
      registrationExpiresAt: '2099-05-01T00:00:00Z',
    });
  });
});
