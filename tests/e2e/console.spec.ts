/**
 * Open the AWS Console as this session: main buys a sign-in token from the federation endpoint
 * (a stand-in that checks the request as AWS would) and opens the login URL in the system
 * browser; the page never sees the URL or the token. Role sessions name a Console session
 * duration (one hour at most after role chaining); IAM user keys get a federation token first.
 */
import type { Page } from '@playwright/test';
import type { WorldSpec } from '../support/aws-world';
import {
  type FederationStandIn,
  type SigninTokenRequest,
  startFederationStandIn,
} from '../support/federation-stand-in';
import { allow, policy } from '../support/policies';
import {
  BUCKET,
  DEV_MFA_SERIAL,
  PROFILE,
  ROLE_ARN,
  standardWorldSpec,
  USER,
} from '../support/standard-world';
import { test as base, expect, type IpcRecord } from './fixtures';
import { grid, openProdData, openProfile } from './steps';

/** The standard world, where the dev user may also call GetFederationToken (as Console users need). */
function consoleWorld(): WorldSpec {
  const spec = standardWorldSpec();
  const dev = spec.accounts['111111111111']?.users?.[USER.dev];
  dev?.policies?.push(policy(allow('sts:GetFederationToken')));
  return spec;
}

const test = base.extend<{ federation: FederationStandIn }>({
  federation: async ({ world }, use) => {
    const standIn = await startFederationStandIn({
      upstream: world.moto.endpoint,
      chainedRoles: [ROLE_ARN.audit],
    });
    await use(standIn);
    await standIn.close();
  },
  shellEnv: async ({ federation }, use) => {
    await use({ AWS_ENDPOINT_URL_SIGNIN: federation.url });
  },
});
test.use({ worldSpec: consoleWorld() });

const openConsole = (page: Page) =>
  page.getByRole('region', { name: 'Focused session' }).getByRole('button', { name: 'Open Console' });

interface Login {
  readonly endpoint: string;
  readonly params: URLSearchParams;
}

function lastLogin(opened: readonly string[]): Login {
  const url = new URL(opened.at(-1) ?? 'missing:');
  return { endpoint: `${url.origin}${url.pathname}`, params: url.searchParams };
}

function tokenOf(request: SigninTokenRequest | undefined): string {
  if (!request || !('token' in request.outcome))
    throw new Error(`no token was handed out: ${JSON.stringify(request)}`);
  return request.outcome.token;
}

function expectNothingSecretCrossed(ipcLog: readonly IpcRecord[], secrets: readonly string[]): void {
  for (const secret of secrets) expect(ipcLog.some((r) => r.json.includes(secret))).toBe(false);
  expect(ipcLog.some((r) => r.json.includes('federation?Action=login'))).toBe(false);
}

test('a role session opens the Console at the folder, with a 12-hour session', async ({
  page,
  shell,
  federation,
  ipcLog,
}) => {
  await openProdData(page);
  await grid(page)
    .getByRole('row', { name: /reports/ })
    .dblclick();
  await openConsole(page).click();
  await expect(openConsole(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Opened in browser' })).toBeVisible();

  expect(federation.requests).toHaveLength(1);
  const [request] = federation.requests;
  expect(request?.identityArn).toMatch(/^arn:aws:sts::222222222222:assumed-role\/deploy\//);
  expect(request?.sessionDuration).toBe(43_200);
  expect([...(request?.sessionKeys ?? [])].sort()).toEqual(['sessionId', 'sessionKey', 'sessionToken']);
  const token = tokenOf(request);

  const login = lastLogin(shell.platform.externalOpened());
  expect(login.endpoint).toBe(`${federation.url}/federation`);
  expect(login.params.get('Action')).toBe('login');
  expect(login.params.get('Issuer')).toBe('Crossbucket');
  expect(login.params.get('SigninToken')).toBe(token);
  expect(login.params.get('Destination')).toBe(
    `https://s3.console.aws.amazon.com/s3/buckets/${BUCKET.prodData}?region=us-east-1&prefix=reports%2F&showversions=false`,
  );
  expectNothingSecretCrossed(ipcLog, [token]);
});

test('a chained role asks for at most one hour, and an object opens its own Console page', async ({
  page,
  shell,
  federation,
  world,
}) => {
  await openProfile(page, PROFILE.audit);
  const mfa = page.getByRole('dialog', { name: 'MFA code required' });
  await mfa.getByLabel(/6-digit code/).fill(world.mfaCode(DEV_MFA_SERIAL));
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: BUCKET.auditReports, exact: true }).click();
  await grid(page)
    .getByRole('row', { name: /findings/ })
    .dblclick();
  await grid(page)
    .getByRole('row', { name: /2025\.json/ })
    .click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Show in AWS Console' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Opened the Console at' })).toBeVisible();

  const [request] = federation.requests;
  expect(request?.identityArn).toMatch(/^arn:aws:sts::333333333333:assumed-role\/audit\//);
  expect(request?.sessionDuration).toBe(3600);
  expect(request?.outcome).toHaveProperty('token');
  expect(lastLogin(shell.platform.externalOpened()).params.get('Destination')).toBe(
    `https://s3.console.aws.amazon.com/s3/object/${BUCKET.auditReports}?region=us-east-1&prefix=findings%2F2025.json`,
  );
});

test('IAM user keys get a federation token first, and no session duration', async ({
  page,
  shell,
  federation,
  world,
  ipcLog,
}) => {
  await openProfile(page, PROFILE.dev);
  await expect(page.getByRole('button', { name: 'dev-111-artifacts', exact: true })).toBeVisible();
  await openConsole(page).click();
  await expect(page.getByRole('button', { name: 'Opened in browser' })).toBeVisible();

  const dev = world.users[USER.dev];
  const calls = (await world.moto.recorded()).filter((r) => r.action === 'GetFederationToken');
  expect(calls).toHaveLength(1);
  expect(calls[0]?.accessKeyId).toBe(dev?.accessKeyId);
  expect(calls[0]?.params.Name).toBe('dev');
  expect(calls[0]?.params.DurationSeconds).toBe('43200');
  expect(JSON.parse(calls[0]?.params.Policy ?? '{}')).toEqual({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  });

  const [request] = federation.requests;
  // The federation token's credentials, never the user's long-term keys.
  expect(request?.accessKeyId).not.toBe(dev?.accessKeyId);
  expect([...(request?.sessionKeys ?? [])].sort()).toEqual(['sessionId', 'sessionKey', 'sessionToken']);
  expect(request?.sessionDuration).toBeUndefined();
  expect(request?.outcome).toHaveProperty('token');
  expect(lastLogin(shell.platform.externalOpened()).params.get('Destination')).toBe(
    'https://s3.console.aws.amazon.com/s3/home?region=us-east-1',
  );
  expectNothingSecretCrossed(ipcLog, [dev?.secretAccessKey ?? 'missing', tokenOf(request)]);
});

test('a user without sts:GetFederationToken is told what is missing, and nothing opens', async ({
  page,
  shell,
  federation,
}) => {
  await openProfile(page, PROFILE.nobody);
  await openConsole(page).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Could not open the Console' });
  await expect(alert).toContainText('sts:GetFederationToken');
  expect(federation.requests).toHaveLength(0);
  expect(shell.platform.externalOpened()).toEqual([]);

  // The refusal was about that session: another one in the header starts with a clean slate.
  await openProfile(page, PROFILE.deploy);
  await expect(page.getByRole('region', { name: 'Focused session' })).toContainText('222222222222');
  await expect(alert).toHaveCount(0);
});
