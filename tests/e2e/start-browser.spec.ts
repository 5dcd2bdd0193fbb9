/**
 * `npm run start:browser` on a configuration that is not the demo's: the real script started as a
 * user starts it (tests/support/browser-shell-process.ts; only the build step is left out, the
 * suite runs on a built app), pointed at its own AWS config, a role chain whose first hop needs
 * MFA against moto (the STS guard checks the code as AWS would). Chromium opens the URL the
 * terminal printed and browses a bucket at the end of the chain.
 */
import { join } from 'node:path';
import { NO_DROP_FOLDER } from '../../src/main/bridge/user-shell-text';
import type { WorldSpec } from '../support/aws-world';
import { type ShellProcess, startShellProcess } from '../support/browser-shell-process';
import { allow, policy, trustAccount } from '../support/policies';
import { expect, test } from './fixtures';
import { grid, openProfile } from './steps';

const TOOLS = '333333333333';
const PLATFORM = '444444444444';
const REPORTS = '555555555555';
const REGION = 'eu-west-1';
const MFA_SERIAL = `arn:aws:iam::${TOOLS}:mfa/ana`;
const BUCKET = 'team-reports-eu';

function teamWorld(): WorldSpec {
  return {
    guardSts: true,
    accounts: {
      [TOOLS]: {
        users: {
          ana: { mfa: true, policies: [policy(allow('sts:AssumeRole', `arn:aws:iam::${PLATFORM}:role/*`))] },
        },
      },
      [PLATFORM]: {
        roles: {
          platform: {
            trust: trustAccount(TOOLS, { requireMfa: true }),
            policies: [policy(allow('sts:AssumeRole', `arn:aws:iam::${REPORTS}:role/*`))],
          },
        },
      },
      [REPORTS]: {
        roles: {
          'reports-reader': {
            trust: trustAccount(PLATFORM),
            policies: [
              policy(
                allow('s3:ListAllMyBuckets'),
                allow(['s3:ListBucket', 's3:GetBucketLocation'], `arn:aws:s3:::${BUCKET}`),
                allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`),
              ),
            ],
          },
        },
        buckets: {
          [BUCKET]: {
            region: REGION,
            objects: { '2026/q3-summary.csv': 'team,total\nplatform,42\n', 'README.md': '# Reports\n' },
          },
        },
      },
    },
    profiles: {
      ana: { region: REGION },
      platform: {
        source_profile: 'ana',
        role_arn: `arn:aws:iam::${PLATFORM}:role/platform`,
        mfa_serial: MFA_SERIAL,
      },
      reports: {
        source_profile: 'platform',
        role_arn: `arn:aws:iam::${REPORTS}:role/reports-reader`,
        region: REGION,
      },
    },
  };
}

test.use({ worldSpec: teamWorld() });

let started: ShellProcess | undefined;

test.afterEach(async () => {
  expect(await started?.stop()).toBe(0);
  started = undefined;
});

test('the browser shell on your own configuration: a role chain with MFA, then a bucket', async ({
  world,
  browser,
}, testInfo) => {
  testInfo.skip(testInfo.project.name === 'electron', 'the browser shell is what runs without Electron');
  const home = join(world.dir, 'home');
  // Only what a user's shell would have: their HOME, PATH and AWS_* settings.
  started = await startShellProcess(
    { HOME: home, PATH: process.env.PATH, ...world.env, AWS_PROFILE: 'reports' },
    ['--port', '0'],
  );
  expect(started.output()).toContain(`AWS config:       ${world.configFile}\n`);
  expect(started.output()).toContain(`Data folder:      ${join(home, '.config', 'crossbucket')} (`);

  const page = await (await browser.newContext()).newPage();
  await page.goto(started.url);
  // The token leaves the address bar once the page has it.
  await expect(page).toHaveURL(`${started.origin}/`);
  await openProfile(page, 'reports');

  const mfa = page.getByRole('dialog', { name: 'MFA code required' });
  await expect(mfa).toContainText(MFA_SERIAL);
  await mfa.getByLabel(/6-digit code/).fill(world.mfaCode(MFA_SERIAL));
  await page.keyboard.press('Enter');
  await expect(mfa).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Focused session' })).toContainText(REPORTS);

  await page.getByRole('button', { name: BUCKET, exact: true }).click();
  await expect(grid(page).getByRole('row', { name: /README\.md/ })).toBeVisible();
  await grid(page).getByRole('row', { name: /2026/ }).dblclick();
  await expect(grid(page).getByRole('row', { name: /q3-summary\.csv/ })).toBeVisible();

  // Without --drop-folder there is nothing to drop from: the window says how to upload.
  await page.getByRole('button', { name: 'Upload ▾' }).click();
  await page.getByRole('menuitem', { name: 'Files…' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Could not choose files' })).toContainText(
    NO_DROP_FOLDER,
  );

  // The user's keys stay in main: not in the page, nor in what the terminal printed.
  const secret = world.users.ana!.secretAccessKey;
  expect(await page.content()).not.toContain(secret);
  expect(started.output()).not.toContain(secret);
  await page.context().close();
});
