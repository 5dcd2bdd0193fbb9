import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SsoLoginConfig } from '../../../src/main/profiles/sso-logins';
import { parseToken, registrationCacheKey, SsoCache, tokenCacheKey } from '../../../src/main/sso/token-cache';
import { probeBotocore, pythonJson } from '../../support/botocore';

const login: SsoLoginConfig = {
  id: 'corp',
  sessionName: 'corp',
  startUrl: 'https://d-1234567890.awsapps.com/start',
  region: 'eu-west-1',
  scopes: ['sso:account:access'],
  endpoints: {},
  profiles: [],
};

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'crossbucket-cache-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

describe('file names', () => {
  it('names the token file after the session name, or the start URL for legacy profiles', () => {
    // SHA-1 of "corp" and of the URL, as botocore's SSOTokenLoader names them.
    expect(tokenCacheKey(login)).toBe('ee0bfd2552fbd840c02cc48b6e823320543c450f');
    expect(tokenCacheKey({ startUrl: login.startUrl })).toBe('7487b5b67d5fa1132cf33fa93ae51ef38cc37752');
  });

  const botocore = probeBotocore();
  it.skipIf(!botocore.found)(
    'matches botocore and the CLI v2 for any session name, URL and scopes',
    async () => {
      const cases = [
        login,
        { ...login, sessionName: undefined, scopes: undefined },
        {
          ...login,
          sessionName: 'équipe "prod" ☁',
          scopes: ['sso:account:access', 'codewhisperer:completions'],
        },
        { ...login, scopes: [] },
      ];
      const theirs = await pythonJson<{ token: string; registration: string }[]>(
        `
import hashlib, json, sys
out = []
for c in json.loads(sys.argv[1]):
    name = c.get('sessionName')
    token = hashlib.sha1((name if name is not None else c['startUrl']).encode('utf-8')).hexdigest()
    args = {'tool': 'botocore', 'startUrl': c['startUrl'], 'region': c['region'], 'scopes': c.get('scopes'), 'session_name': name}
    registration = hashlib.sha1(json.dumps(args, sort_keys=True).encode('utf-8')).hexdigest()
    out.append({'token': token, 'registration': registration})
print(json.dumps(out))
`,
        {},
        [JSON.stringify(cases)],
      );
      expect(cases.map((c) => ({ token: tokenCacheKey(c), registration: registrationCacheKey(c) }))).toEqual(
        theirs,
      );
    },
  );
});

describe('reading and writing', () => {
  it('writes 0600 files atomically, leaving no temporary file behind', async () => {
    const cache = new SsoCache({ HOME: home });
    const token = {
      startUrl: login.startUrl,
      region: login.region,
      accessToken: 'aoa-token',
      expiresAt: '2030-01-01T00:00:00Z',
    };
    await cache.writeToken(login, token);
    await cache.writeToken(login, { ...token, accessToken: 'aoa-second' });
    const files = await readdir(cache.dir);
    expect(files).toEqual([`${tokenCacheKey(login)}.json`]);
    expect((await stat(cache.tokenPath(login))).mode & 0o777).toBe(0o600);
    expect((await stat(cache.dir)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(cache.tokenPath(login), 'utf8'))).toEqual({
      ...token,
      accessToken: 'aoa-second',
    });
    expect(await cache.readToken(login)).toEqual({ ...token, accessToken: 'aoa-second' });
  });

  it('treats a missing, broken or incomplete file as no token, as botocore does', async () => {
    const cache = new SsoCache({ HOME: home });
    expect(await cache.readToken(login)).toBeUndefined();
    await cache.writeToken(login, {
      startUrl: '',
      region: '',
      accessToken: 'x',
      expiresAt: '2030-01-01T00:00:00Z',
    });
    for (const text of [
      '{ not json',
      '[]',
      '{"accessToken":"x"}',
      '{"accessToken":"x","expiresAt":"soon"}',
    ]) {
      await writeFile(cache.tokenPath(login), text);
      expect(await cache.readToken(login), text).toBeUndefined();
    }
  });

  it('reads the timestamps the CLI, botocore and the JavaScript SDK write, in the CLI form', () => {
    for (const expiresAt of [
      '2030-01-01T00:00:00Z',
      '2030-01-01T00:00:00.000Z',
      '2030-01-01T00:00:00+00:00',
      '2030-01-01T00:00:00UTC',
    ]) {
      expect(parseToken(JSON.stringify({ accessToken: 'a', expiresAt }))?.expiresAt).toBe(
        '2030-01-01T00:00:00Z',
      );
    }
  });
});
