// IAM Identity Center through the app's own composition root (createServices + dispatcher, as
// the window reaches it): discovery, sessions on discovered roles and SSO profiles, roles
// chained on top, and what happens when the sign-in ends while sessions and transfers wait.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AppServices, createServices } from '../../../src/main/app/create-services';
import { browserPlatform } from '../../../src/main/bridge/browser-platform';
import { createDispatcher, type Dispatch } from '../../../src/main/ipc/dispatcher';
import { combineFiles } from '../../../src/main/profiles/combine-files';
import { resolveProfiles } from '../../../src/main/profiles/resolve-profiles';
import { tokenCacheKey } from '../../../src/main/sso/token-cache';
import type { RequestName } from '../../../src/shared/ipc/channels';
import type { RequestResult } from '../../../src/shared/ipc/contract';
import type { Result } from '../../../src/shared/models/errors';
import { createWorld, type World } from '../../support/aws-world';
import {
  IC_ACCOUNT_NAMES,
  PERMISSION_SET,
  SSO_PROFILE,
  SSO_SESSION,
  withIdentityCenter,
} from '../../support/sso-world';
import {
  ACCOUNT,
  BUCKET,
  EXTERNAL_ID,
  REGION,
  ROLE_ARN,
  standardWorldSpec,
} from '../../support/standard-world';
import { SystemBrowser } from '../../support/system-browser';
import { ManualClock } from '../sessions/test-doubles';
import { identityCenterOf } from './sso-fixture';

let world: World;
beforeAll(async () => {
  world = await createWorld(withIdentityCenter(standardWorldSpec()));
});
afterAll(() => world?.dispose());

interface App {
  readonly services: AppServices;
  readonly dispatch: Dispatch;
  readonly browser: SystemBrowser;
  readonly clipboard: () => string | undefined;
  readonly home: string;
  call<K extends RequestName>(name: K, input: unknown): Promise<RequestResult<K>>;
  signIn(): Promise<void>;
}

const apps: { app: App; dir: string }[] = [];
afterEach(async () => {
  for (const { app, dir } of apps.splice(0)) {
    await app.services.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});

async function startApp(clock?: ManualClock): Promise<App> {
  const home = await mkdtemp(join(tmpdir(), 'crossbucket-sso-app-'));
  const browser = new SystemBrowser();
  const platform = browserPlatform({
    dataDir: join(home, 'data'),
    version: '0.0.0-test',
    browser: browser.open,
  });
  const services = await createServices({
    env: { HOME: home, ...world.env },
    platform,
    ...(clock ? { clock } : {}),
  });
  const dispatch = createDispatcher(services.handlers);
  const call = async <K extends RequestName>(name: K, input: unknown): Promise<RequestResult<K>> => {
    const result = (await dispatch(name, input)) as Result<RequestResult<K>>;
    if (!result.ok) throw Object.assign(new Error(result.error.message), { appError: result.error });
    return result.value;
  };
  const app: App = {
    services,
    dispatch,
    browser,
    clipboard: () => platform.clipboardText(),
    home,
    call,
    signIn: async () => {
      const opened = browser.next();
      const done = call('signInSso', { loginId: SSO_SESSION });
      await identityCenterOf(world).approve(await opened);
      await done;
    },
  };
  apps.push({ app, dir: home });
  return app;
}

const directoryOf = async (app: App) => {
  await expect
    .poll(
      async () => (await app.call('listSso', {})).directories.find((d) => d.loginId === SSO_SESSION)?.status,
    )
    .toBe('ready');
  return (await app.call('listSso', {})).directories.find((d) => d.loginId === SSO_SESSION);
};

const assumeRoles = async () => (await world.moto.recorded()).filter((r) => r.action === 'AssumeRole');

describe('discovery', () => {
  it('lists every account and its roles, page by page, sorted by account name', async () => {
    const app = await startApp();
    const before = identityCenterOf(world).calls().length;
    await app.signIn();
    const directory = await directoryOf(app);
    expect(directory?.accounts).toEqual([
      {
        accountId: ACCOUNT.audit,
        accountName: 'Audit',
        emailAddress: 'aws-audit@example.com',
        roles: ['AuditReader'],
      },
      {
        accountId: ACCOUNT.dev,
        accountName: 'Development',
        emailAddress: 'aws-dev@example.com',
        roles: ['Developer', 'ReadOnly'],
      },
      {
        accountId: ACCOUNT.prod,
        accountName: 'Production',
        emailAddress: 'aws-prod@example.com',
        roles: ['Developer', 'ReadOnly'],
      },
    ]);
    const calls = identityCenterOf(world).calls().slice(before);
    // Three accounts at two per page: ListAccounts had to follow a next token.
    expect(calls.filter((c) => c.operation === 'ListAccounts')).toHaveLength(2);
    expect(calls.filter((c) => c.operation === 'ListAccountRoles').length).toBeGreaterThanOrEqual(3);
  });
});

describe('sessions on Identity Center roles', () => {
  it('opens a discovered role without a profile, browses with it, and remembers it', async () => {
    const app = await startApp();
    await app.signIn();
    await directoryOf(app);
    const role = { loginId: SSO_SESSION, accountId: ACCOUNT.prod, roleName: PERMISSION_SET.readOnly };
    const session = await app.call('openSsoRole', role);
    expect(session).toMatchObject({
      status: 'active',
      label: `${IC_ACCOUNT_NAMES[ACCOUNT.prod]} · ReadOnly`,
      ssoLogin: SSO_SESSION,
      autoRenew: true,
    });
    expect(session.identity?.arn).toMatch(
      new RegExp(`^arn:aws:sts::${ACCOUNT.prod}:assumed-role/AWSReservedSSO_ReadOnly_[0-9a-f]+/`),
    );
    // The role's policy allows reading prod-222-data, and moto enforces it.
    const buckets = await app.call('listBuckets', { sessionId: session.sessionId });
    expect(buckets.map((b) => b.name)).toContain(BUCKET.prodData);
    const head = await app.call('headObject', {
      sessionId: session.sessionId,
      bucket: BUCKET.prodData,
      key: 'README.txt',
    });
    expect(head.size).toBeGreaterThan(0);
    expect((await app.call('listSso', {})).recent[0]).toMatchObject({ ...role, accountName: 'Production' });
  });

  it('copies a profile block that makes the same role a profile, for the CLI as for Crossbucket', async () => {
    const app = await startApp();
    await app.signIn();
    await directoryOf(app);
    const { text } = await app.call('copySsoProfileBlock', {
      loginId: SSO_SESSION,
      accountId: ACCOUNT.prod,
      roleName: PERMISSION_SET.readOnly,
      withSession: true,
    });
    expect(app.clipboard()).toBe(text);
    expect(text).toBe(
      [
        '[profile production-readonly]',
        `sso_session = ${SSO_SESSION}`,
        `sso_account_id = ${ACCOUNT.prod}`,
        'sso_role_name = ReadOnly',
        `region = ${REGION}`,
        '',
        `[sso-session ${SSO_SESSION}]`,
        `sso_start_url = ${identityCenterOf(world).startUrl}`,
        `sso_region = ${REGION}`,
        'sso_registration_scopes = sso:account:access',
        '',
      ].join('\n'),
    );
    // Read back by the profile loader, it is an SSO profile for that very role.
    const files = combineFiles({ path: 'config', text }, { path: 'credentials' });
    const [profile] = resolveProfiles(files, {});
    expect(profile?.root).toEqual({
      kind: 'sso',
      profile: 'production-readonly',
      loginId: SSO_SESSION,
      accountId: ACCOUNT.prod,
      roleName: 'ReadOnly',
    });
  });

  it('chains a role_arn on top of an SSO profile, asking for no more than an hour', async () => {
    const app = await startApp();
    await app.signIn();
    await world.moto.clearRecording();
    const session = await app.call('openSession', { profile: SSO_PROFILE.chained });
    expect(session.identity?.arn).toMatch(new RegExp(`^arn:aws:sts::${ACCOUNT.prod}:assumed-role/deploy/`));
    expect(session.ssoLogin).toBe(SSO_SESSION);
    const chained = (await assumeRoles()).filter((r) => r.params.RoleArn === ROLE_ARN.deploy);
    expect(chained).toHaveLength(1);
    // duration_seconds = 7200 in the profile; a role assumed by a role session gets one hour.
    expect(chained[0]?.params).toMatchObject({ DurationSeconds: '3600', ExternalId: EXTERNAL_ID });
  });

  it('switches role from a discovered session, as from any source', async () => {
    const app = await startApp();
    await app.signIn();
    await directoryOf(app);
    const source = await app.call('openSsoRole', {
      loginId: SSO_SESSION,
      accountId: ACCOUNT.dev,
      roleName: PERMISSION_SET.developer,
    });
    const switched = await app.call('openAdhocSession', {
      role: {
        sourceProfile: source.source,
        accountId: ACCOUNT.prod,
        roleName: 'deploy',
        externalId: EXTERNAL_ID,
      },
      remember: false,
    });
    expect(switched.identity?.arn).toMatch(new RegExp(`^arn:aws:sts::${ACCOUNT.prod}:assumed-role/deploy/`));
    expect(switched.ssoLogin).toBe(SSO_SESSION);
  });
});

describe('when the sign-in ends', () => {
  it('asks to sign in again, parks the transfer, and finishes it once after the in-app sign-in', async () => {
    const clock = new ManualClock(Date.now());
    const app = await startApp(clock);
    await app.signIn();
    const session = await app.call('openSession', { profile: SSO_PROFILE.dev });
    const expiresAt = Date.parse(session.expiresAt ?? '');

    // Identity Center ends the user's session: no refresh any more; then time passes.
    identityCenterOf(world).endSessions();
    await clock.advance(expiresAt - clock.now() + 60_000);
    await expect.poll(() => app.services.sessions.state(session.sessionId).status).toBe('expired');
    await expect
      .poll(async () => (await app.call('listSso', {})).logins.find((l) => l.id === SSO_SESSION)?.status)
      .toBe('expired');
    // The renewal that found the sign-in over says so on the session (it may land a moment later).
    await expect
      .poll(() => app.services.sessions.state(session.sessionId).error?.code)
      .toBe('sso-sign-in-required');

    // An upload started now waits for credentials instead of failing.
    const file = join(app.home, 'after-expiry.txt');
    await writeFile(file, 'uploaded once, after signing in again\n');
    // As if dropped on the window: main uploads only paths it handed out.
    await app.services.grantDropped([file]);
    await app.call('uploadPaths', {
      sessionId: session.sessionId,
      bucket: BUCKET.devArtifacts,
      prefix: 'sso/',
      paths: [file],
    });
    // The transfer runs in the engine process, which starts with the first transfer.
    await expect
      .poll(async () => (await app.call('listTransfers', {})).items[0]?.status, { timeout: 20_000 })
      .toBe('waiting-credentials');

    // Back to the world's time (moto stamps credentials with it), then sign in again in the app.
    await clock.advance(Date.now() - clock.now());
    await world.moto.clearRecording();
    await app.signIn();
    await expect
      .poll(async () => (await app.call('listTransfers', {})).items[0]?.status, { timeout: 20_000 })
      .toBe('done');
    expect(app.services.sessions.state(session.sessionId)).toMatchObject({
      status: 'active',
      sessionId: session.sessionId,
    });
    expect(app.services.sessions.state(session.sessionId).error).toBeUndefined();
    const puts = (await world.moto.recorded()).filter(
      (r) => r.method === 'PUT' && r.path.endsWith('/sso/after-expiry.txt'),
    );
    expect(puts).toHaveLength(1);
    const body = await world
      .s3For(ACCOUNT.dev)
      .send(new GetObjectCommand({ Bucket: BUCKET.devArtifacts, Key: 'sso/after-expiry.txt' }));
    expect(await body.Body?.transformToString()).toBe('uploaded once, after signing in again\n');
  });

  it('picks up a sign-in made by the CLI in the shared cache without a restart', async () => {
    const first = await startApp();
    await first.signIn();
    const tokenFile = `${tokenCacheKey({ sessionName: SSO_SESSION, startUrl: '' })}.json`;
    const token = await readFile(join(first.home, '.aws/sso/cache', tokenFile), 'utf8');
    // A second app whose HOME has no sign-in yet; then the "CLI" writes the token file.
    const second = await startApp();
    expect((await second.call('listSso', {})).logins.find((l) => l.id === SSO_SESSION)?.status).toBe(
      'signed-out',
    );
    const cache = join(second.home, '.aws/sso/cache');
    await mkdir(cache, { recursive: true });
    await writeFile(join(cache, tokenFile), token);
    await expect
      .poll(async () => (await second.call('listSso', {})).logins.find((l) => l.id === SSO_SESSION)?.status, {
        timeout: 10_000,
      })
      .toBe('signed-in');
    await directoryOf(second);
  });
});
