/**
 * IAM Identity Center in the running app: sign in (browser flow and device code), discover the
 * accounts, open a role and download with it, copy its profile block, and sign in again in the
 * app when the sign-in ends while an upload runs. The user's browser is played by the test
 * through the stand-in's pages; nothing in the product knows it is a test.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Locator, Page } from '@playwright/test';
import { tokenCacheKey } from '../../src/main/sso/token-cache';
import type { World } from '../support/aws-world';
import {
  IC_ACCOUNT_NAMES,
  PERMISSION_SET,
  SSO_PROFILE,
  SSO_SESSION,
  withIdentityCenter,
} from '../support/sso-world';
import { ACCOUNT, BUCKET, EXTERNAL_ID, standardWorldSpec } from '../support/standard-world';
import { expect, isBrowserShell, type ShiftedClock, test } from './fixtures';
import { grid, SHELL_COPIES_TO } from './steps';

test.use({ worldSpec: withIdentityCenter(standardWorldSpec()) });
test.beforeEach(({}, testInfo) => {
  test.skip(
    !isBrowserShell(testInfo.project.name),
    "the test plays the user's browser through the browser shell's platform",
  );
});

const identityCenter = (world: World) => {
  if (!world.identityCenter) throw new Error('this world has Identity Center');
  return world.identityCenter;
};

const card = (page: Page): Locator =>
  page.getByRole('region', { name: `IAM Identity Center ${SSO_SESSION}` });
const header = (page: Page): Locator => page.getByRole('region', { name: 'Focused session' });
const openRole = (page: Page, role: string, account: keyof typeof IC_ACCOUNT_NAMES) =>
  card(page).getByRole('button', { name: `Open ${role} in ${IC_ACCOUNT_NAMES[account]} (${account})` });

test('signs in with the browser, lists three accounts, opens a role, browses and downloads', async ({
  page,
  world,
  systemBrowser,
  dialogAnswers,
  desktop,
}) => {
  await expect(card(page)).toContainText('Signed out');
  const opened = systemBrowser.next();
  await card(page).getByRole('button', { name: 'Sign in', exact: true }).click();
  const signInPage = await opened;
  await expect(card(page).getByRole('status', { name: `Signing in to ${SSO_SESSION}` })).toContainText(
    'Finish signing in',
  );
  await identityCenter(world).approve(signInPage);

  await expect(card(page)).toContainText('Signed in');
  await expect(card(page).getByRole('timer')).toHaveAccessibleName(
    /Sign-in corp \(renews itself\) expires in/,
  );
  const accounts = card(page).getByRole('list', { name: `Accounts of ${SSO_SESSION}` });
  await expect(accounts.getByRole('listitem').filter({ has: page.locator('summary') })).toHaveCount(3);
  for (const account of [ACCOUNT.dev, ACCOUNT.prod, ACCOUNT.audit]) {
    await expect(accounts).toContainText(account);
  }
  await expect(accounts).toContainText('aws-prod@example.com');

  // Searching narrows the tree to matching roles.
  await card(page)
    .getByRole('searchbox', { name: `Search accounts and roles of ${SSO_SESSION}` })
    .fill('prod read');
  await expect(openRole(page, PERMISSION_SET.readOnly, ACCOUNT.prod)).toBeVisible();
  await expect(openRole(page, PERMISSION_SET.developer, ACCOUNT.prod)).toHaveCount(0);
  await expect(openRole(page, PERMISSION_SET.readOnly, ACCOUNT.dev)).toHaveCount(0);

  await openRole(page, PERMISSION_SET.readOnly, ACCOUNT.prod).click();
  await expect(header(page)).toContainText(ACCOUNT.prod);
  await expect(header(page)).toContainText('Production · ReadOnly');
  // The sign-in's own countdown, next to the role credentials'.
  await expect(header(page).getByRole('timer', { name: /IAM Identity Center sign-in corp/ })).toBeVisible();
  await expect(header(page).getByRole('timer', { name: /^Credentials expire in/ })).toBeVisible();

  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  const readme = grid(page).getByRole('row', { name: /README\.txt/ });
  await readme.click();
  const downloads = join(desktop, 'downloads');
  await mkdir(downloads);
  dialogAnswers.directory = downloads;
  await page
    .getByRole('toolbar', { name: 'Folder and selection actions' })
    .getByRole('button', { name: 'Download', exact: true })
    .click();
  await expect.poll(() => readdirSync(downloads)).toContain('README.txt');
  expect(readFileSync(join(downloads, 'README.txt'), 'utf8')).toBe(
    'production data of account 222222222222\n',
  );

  // It is remembered among the recent roles.
  await expect(card(page).getByRole('region', { name: `Recent roles of ${SSO_SESSION}` })).toContainText(
    'ReadOnly',
  );
});

test('signs in with a device code, shows the code to check, and signs out', async ({
  page,
  world,
  systemBrowser,
}) => {
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('Sign in with').selectOption('device-code');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings).toHaveCount(0);

  const opened = systemBrowser.next();
  await card(page).getByRole('button', { name: 'Sign in', exact: true }).click();
  const verification = new URL(await opened);
  const code = card(page).getByRole('status', { name: /^Confirm this code/ });
  await expect(code).toHaveText(verification.searchParams.get('user_code') ?? 'missing');
  await identityCenter(world).approve(verification.toString());
  await expect(card(page)).toContainText('Signed in');

  const tokenFile = join(
    world.dir,
    'home/.aws/sso/cache',
    `${tokenCacheKey({ sessionName: SSO_SESSION, startUrl: '' })}.json`,
  );
  expect(existsSync(tokenFile)).toBe(true);
  await card(page).getByRole('button', { name: 'Sign out' }).click();
  await expect(card(page)).toContainText('Signed out');
  expect(existsSync(tokenFile)).toBe(false);
});

test('copies a profile block for a discovered role', async ({ page, world, systemBrowser, shell }) => {
  const opened = systemBrowser.next();
  await card(page).getByRole('button', { name: 'Sign in', exact: true }).click();
  await identityCenter(world).approve(await opened);
  await card(page)
    .getByRole('button', { name: `Copy profile block for Developer in Development (${ACCOUNT.dev})` })
    .click();
  const dialog = page.getByRole('dialog', { name: /^Profile block for Developer/ });
  // Main copied it; the browser shell cannot reach the clipboard, and says where it went.
  await expect(dialog.getByRole('status')).toHaveText(
    `Copied the profile block to ${SHELL_COPIES_TO}. Paste it into ~/.aws/config:`,
  );
  const block = dialog.getByTestId('profile-block');
  await expect(block).toContainText('[profile development-developer]');
  await expect(block).not.toContainText('[sso-session');
  expect(shell.platform.clipboardText()).toContain(`sso_account_id = ${ACCOUNT.dev}`);
  await dialog.getByRole('checkbox', { name: /Include the \[sso-session\] section/ }).check();
  await expect(block).toContainText(`[sso-session ${SSO_SESSION}]`);
  await expect.poll(() => shell.platform.clipboardText()).toContain('sso_start_url =');
});

test('an Identity Center role’s aws s3 cp line names the profile its Copy profile block adds', async ({
  page,
  world,
  systemBrowser,
}) => {
  const opened = systemBrowser.next();
  await card(page).getByRole('button', { name: 'Sign in', exact: true }).click();
  await identityCenter(world).approve(await opened);
  await openRole(page, PERMISSION_SET.readOnly, ACCOUNT.prod).click();
  await expect(header(page)).toContainText('Production · ReadOnly');
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await grid(page)
    .getByRole('row', { name: /README\.txt/ })
    .click();
  await page
    .getByRole('complementary', { name: 'Object details' })
    .getByRole('button', { name: 'Copy address as…' })
    .click();
  const forms = page.getByRole('dialog', { name: 'Copy address' });
  await expect(forms.getByRole('textbox', { name: 'aws s3 cp command' })).toHaveValue(
    `aws s3 cp s3://${BUCKET.prodData}/README.txt ./README.txt --profile production-readonly`,
  );
  await expect(forms).toContainText('the role’s Copy profile block under IAM Identity Center');
  await forms.getByRole('button', { name: 'Close dialog' }).click();

  await card(page)
    .getByRole('button', { name: `Copy profile block for ReadOnly in Production (${ACCOUNT.prod})` })
    .first()
    .click();
  await expect(page.getByTestId('profile-block')).toContainText('[profile production-readonly]');
});

test('switches role from an Identity Center session, and chains a profile on top of an SSO profile', async ({
  page,
  world,
  systemBrowser,
}) => {
  const opened = systemBrowser.next();
  await card(page).getByRole('button', { name: 'Sign in', exact: true }).click();
  await identityCenter(world).approve(await opened);
  await openRole(page, PERMISSION_SET.developer, ACCOUNT.dev).click();
  await expect(header(page)).toContainText('Development · Developer');

  // "Switch role…" starts from the focused Identity Center session.
  await page.getByRole('button', { name: 'Switch role…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Switch role' });
  await expect(dialog.getByLabel('Source profile')).toHaveValue(
    `sso:${SSO_SESSION}:${ACCOUNT.dev}:Developer`,
  );
  await dialog.getByLabel('Account ID').fill(ACCOUNT.prod);
  await dialog.getByLabel('Role name').fill('deploy');
  await dialog.getByLabel('External ID').fill(EXTERNAL_ID);
  await dialog.getByRole('button', { name: 'Switch role', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(header(page)).toContainText(`arn:aws:sts::${ACCOUNT.prod}:assumed-role/deploy/`);
  await expect(header(page).getByRole('timer', { name: /IAM Identity Center sign-in corp/ })).toBeVisible();

  // A profile whose source_profile is an SSO profile works like any other.
  await page
    .getByRole('list', { name: 'AWS profiles' })
    .getByRole('button', { name: new RegExp(`^${SSO_PROFILE.chained}\\b`) })
    .click();
  await expect(header(page)).toContainText(`arn:aws:sts::${ACCOUNT.prod}:assumed-role/deploy/`);
  await expect(header(page)).toContainText(SSO_PROFILE.chained);
});

test.describe('when the sign-in ends during an upload', () => {
  test.use({ timeTravel: true });

  const HOUR = 3600_000;
  const clockOf = (clock: ShiftedClock | undefined): ShiftedClock => {
    if (!clock) throw new Error('timeTravel is on');
    return clock;
  };

  test('the upload parks, the app asks to sign in again, and the upload finishes exactly once', async ({
    page,
    world,
    shell,
    systemBrowser,
    mainClock,
    desktop,
    dialogAnswers,
  }) => {
    const clock = clockOf(mainClock);
    // One file at a time, one 5 MiB part at a time: the upload is still running when time jumps.
    await shell.services.handlers.updateSettings({
      patch: { parallelFiles: 1, partConcurrency: 1, partSizeMiB: 5 },
    });
    const opened = systemBrowser.next();
    await card(page).getByRole('button', { name: 'Sign in', exact: true }).click();
    await identityCenter(world).approve(await opened);
    await openRole(page, PERMISSION_SET.developer, ACCOUNT.dev).click();
    await expect(header(page)).toContainText(ACCOUNT.dev);
    await page.getByRole('button', { name: BUCKET.devArtifacts, exact: true }).click();
    await expect(grid(page).getByRole('row', { name: /notes\.txt/ })).toBeVisible();

    const name = 'nightly-backup.bin';
    const content = Buffer.alloc(64 * 1024 * 1024);
    for (let i = 0; i < content.length; i += 4096) content.writeUInt32BE(i, i);
    writeFileSync(join(desktop, name), content);
    dialogAnswers.uploadPaths = [join(desktop, name)];

    // Identity Center ends the sign-in (no refresh any more) while the upload runs.
    identityCenter(world).endSessions();
    await page.getByRole('button', { name: 'Upload ▾' }).click();
    await page.getByRole('menu', { name: 'Upload' }).getByRole('menuitem', { name: 'Files…' }).click();
    await expect
      .poll(() => shell.services.transfers.snapshot().items[0]?.bytesDone ?? 0, { intervals: [10] })
      .toBeGreaterThan(0);
    expect(shell.services.transfers.snapshot().items[0]?.status).toBe('running');
    // Two hours on: the role credentials and the sign-in have both run out.
    clock.shift(2 * HOUR);

    const prompt = page.getByRole('dialog', { name: 'Sign in to IAM Identity Center again' });
    await expect(prompt).toContainText('one transfer waits');
    expect(shell.services.transfers.snapshot().items[0]?.status).toBe('waiting-credentials');
    await expect(header(page).getByRole('button', { name: 'Sign in to SSO' })).toBeVisible();

    // Back to the world's time (moto stamps credentials with it), then sign in from the prompt.
    clock.shift(Date.now() - clock.now());
    await world.moto.clearRecording();
    const again = systemBrowser.next();
    await prompt.getByRole('button', { name: 'Sign in', exact: true }).click();
    await identityCenter(world).approve(await again);
    await expect(prompt).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Transfers' })).toContainText('Done', { timeout: 60_000 });

    const recorded = await world.moto.recorded();
    const completions = recorded.filter(
      (r) => r.method === 'POST' && r.path.endsWith(`/${name}`) && 'uploadId' in r.query,
    );
    expect(completions).toHaveLength(1);
    const stored = await world
      .s3For(ACCOUNT.dev)
      .send(new GetObjectCommand({ Bucket: BUCKET.devArtifacts, Key: name }));
    const bytes = Buffer.from(await stored.Body!.transformToByteArray());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      createHash('sha256').update(content).digest('hex'),
    );
  });
});

test('the sidebar reads Bookmarks, IAM Identity Center, Profiles; at 880 × 560 the header keeps one row', async ({
  page,
  world,
  systemBrowser,
}) => {
  await page.setViewportSize({ width: 880, height: 560 });
  const top = (locator: Locator) => locator.evaluate((el) => el.getBoundingClientRect().top);
  const filter = page.getByRole('searchbox', { name: 'Filter profiles' });
  const ssoTop = await top(page.getByRole('region', { name: 'IAM Identity Center', exact: true }));
  expect(await top(page.getByRole('region', { name: 'Bookmarks' }))).toBeLessThan(ssoTop);
  // The profile filter belongs to the profiles: under the sign-ins, above the list it filters.
  expect(ssoTop).toBeLessThan(await top(filter));
  expect(await top(filter)).toBeLessThan(await top(page.getByRole('list', { name: 'AWS profiles' })));

  const opened = systemBrowser.next();
  await card(page).getByRole('button', { name: 'Sign in', exact: true }).click();
  await identityCenter(world).approve(await opened);
  await openRole(page, PERMISSION_SET.readOnly, ACCOUNT.prod).click();
  await expect(header(page)).toContainText('Production · ReadOnly');
  const titlebar = page.getByRole('banner');
  for (const name of ['Renew', 'Open Console', 'Copy env exports', 'Split', 'Settings'])
    await expect(titlebar.getByRole('button', { name, exact: true })).toBeVisible();
  // One row: the countdowns, shown in the pane's own bar below, do not wrap it onto two.
  expect(await titlebar.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(48);
  await expect(
    page
      .getByRole('region', { name: 'Left pane' })
      .getByRole('timer', { name: /IAM Identity Center sign-in/ }),
  ).toBeVisible();
});
