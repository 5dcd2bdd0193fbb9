/**
 * `npm run start:browser` on a configuration that is not the demo's: the real script started as a
 * user starts it (tests/support/browser-shell-process.ts; only the build step is left out, the
 * suite runs on a built app), pointed at its own AWS config, a role chain whose first hop needs
 * MFA against moto (the STS guard checks the code as AWS would). Chromium opens the URL the
 * terminal printed and browses a bucket at the end of the chain.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { NO_DROP_FOLDER } from '../../src/main/bridge/user-shell-text';
import type { World, WorldSpec } from '../support/aws-world';
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
          'reports-team': {
            trust: trustAccount(PLATFORM),
            policies: [
              policy(
                allow('s3:ListAllMyBuckets'),
                allow(['s3:ListBucket', 's3:GetBucketLocation'], `arn:aws:s3:::${BUCKET}`),
                allow('s3:GetObject', `arn:aws:s3:::${BUCKET}/*`),
                allow('s3:PutObject', `arn:aws:s3:::${BUCKET}/inbox/*`),
              ),
            ],
          },
        },
        buckets: {
          [BUCKET]: {
            region: REGION,
            objects: {
              '2026/q3-summary.csv': 'team,total\nplatform,42\n',
              'README.md': '# Reports\n',
              'inbox/': '',
            },
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
        role_arn: `arn:aws:iam::${REPORTS}:role/reports-team`,
        region: REGION,
      },
    },
  };
}

test.use({ worldSpec: teamWorld() });

let started: ShellProcess | undefined;

test.afterEach(async () => {
  // Ctrl+C ends it cleanly (skipped in the Electron project, where none was started).
  if (started) expect(await started.stop()).toBe(0);
  started = undefined;
});

/** Starts `npm run start:browser`'s script as the user would, on this world's config. */
async function startOnWorld(world: World, args: readonly string[] = []): Promise<ShellProcess> {
  const home = join(world.dir, 'home');
  // Only what a user's shell would have: their HOME, PATH and AWS_* settings.
  started = await startShellProcess(
    { HOME: home, PATH: process.env.PATH, ...world.env, AWS_PROFILE: 'reports' },
    ['--port', '0', ...args],
  );
  return started;
}

/** Opens the reports profile, answering the MFA prompt of the chain's first hop. */
async function openReports(page: Page, world: World): Promise<void> {
  await openProfile(page, 'reports');
  const mfa = page.getByRole('dialog', { name: 'MFA code required' });
  await expect(mfa).toContainText(MFA_SERIAL);
  await mfa.getByLabel(/6-digit code/).fill(world.mfaCode(MFA_SERIAL));
  await page.keyboard.press('Enter');
  await expect(mfa).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Focused session' })).toContainText(REPORTS);
  await page.getByRole('button', { name: BUCKET, exact: true }).click();
  await expect(grid(page).getByRole('row', { name: /README\.md/ })).toBeVisible();
}

test('the browser shell on your own configuration: a role chain with MFA, then a bucket', async ({
  world,
  browser,
}, testInfo) => {
  testInfo.skip(testInfo.project.name === 'electron', 'the browser shell is what runs without Electron');
  const shell = await startOnWorld(world);
  expect(shell.output()).toContain(`AWS config:       ${world.configFile}\n`);
  expect(shell.output()).toContain(
    `Data folder:      ${join(world.dir, 'home', '.config', 'crossbucket')} (`,
  );

  const page = await (await browser.newContext()).newPage();
  await page.goto(shell.url);
  // The token leaves the address bar once the page has it.
  await expect(page).toHaveURL(`${shell.origin}/`);
  await openReports(page, world);
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
  expect(shell.output()).not.toContain(secret);
  await page.context().close();
});

test('with --drop-folder, a file dropped from that folder is uploaded through the role chain', async ({
  world,
  browser,
}, testInfo) => {
  testInfo.skip(testInfo.project.name === 'electron', 'the browser shell is what runs without Electron');
  const dropFolder = join(world.dir, 'to-upload');
  mkdirSync(dropFolder);
  writeFileSync(join(dropFolder, 'minutes.txt'), 'platform sync: ship it\n');
  const shell = await startOnWorld(world, ['--drop-folder', dropFolder]);
  expect(shell.output()).toContain(`Drop folder:      ${dropFolder} (`);

  const page = await (await browser.newContext()).newPage();
  await page.goto(shell.url);
  await openReports(page, world);
  await grid(page).getByRole('row', { name: /inbox/ }).dblclick();
  await expect(page.getByRole('textbox', { name: 'S3 address' })).toHaveValue(`s3://${BUCKET}/inbox/`);
  // As a file manager drops it: the page knows only its name; main finds it in the drop folder.
  await grid(page).evaluate((table) => {
    const dt = new DataTransfer();
    dt.items.add(new File([], 'minutes.txt'));
    for (const type of ['dragenter', 'dragover', 'drop'])
      table.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  await expect(grid(page).getByRole('row', { name: /minutes\.txt/ })).toBeVisible();
  const stored = await world
    .s3For(REPORTS)
    .send(new GetObjectCommand({ Bucket: BUCKET, Key: 'inbox/minutes.txt' }));
  expect(await stored.Body?.transformToString()).toBe('platform sync: ship it\n');
  await page.context().close();
});
