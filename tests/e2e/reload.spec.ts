/**
 * The window is a view of main's state: a reload (F5, Ctrl+R, a renderer crash) while main
 * waits on the user loses nothing. The reloaded page attaches, gets main's one snapshot, and
 * shows the open MFA prompt, transfer conflict or Identity Center sign-in again, which can
 * then be answered; the bookmarks and the links that waited for a window are in it too.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { formatBytes } from '../../src/renderer/components/format';
import { SSO_SESSION, withIdentityCenter } from '../support/sso-world';
import {
  ACCOUNT,
  BUCKET,
  DEV_MFA_SERIAL,
  PROD_DATA_OBJECTS,
  PROFILE,
  ROLE_ARN,
  standardWorldSpec,
} from '../support/standard-world';
import { expect, isBrowserShell, test } from './fixtures';
import { actOnRow, grid, openProdData, profileButton } from './steps';

// sts-guard refuses a wrong MFA code as AWS would, so "the session opens" proves the answer got through.
test.use({ worldSpec: { ...standardWorldSpec(), guardSts: true } });

const mfaDialog = (page: Page) => page.getByRole('dialog', { name: 'MFA code required' });
const header = (page: Page) => page.getByRole('region', { name: 'Focused session' });

test('an MFA prompt open at a reload is offered again, and answering it opens the session', async ({
  page,
  world,
}) => {
  await profileButton(page, PROFILE.audit).click();
  await expect(mfaDialog(page)).toContainText(ROLE_ARN.audit);

  await page.reload();
  const dialog = mfaDialog(page);
  await expect(dialog).toContainText(ROLE_ARN.audit);
  await expect(dialog).toContainText(DEV_MFA_SERIAL);
  await dialog.getByLabel(/6-digit code/).fill(world.mfaCode(DEV_MFA_SERIAL));
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(header(page)).toContainText(ACCOUNT.audit);
  const pane = page.getByRole('region', { name: 'Left pane' });
  await expect(pane.getByRole('table').getByRole('button')).toHaveText([BUCKET.auditReports]);

  // And a second reload just shows the open session again, without asking.
  await page.reload();
  await expect(header(page)).toContainText(ACCOUNT.audit);
  await expect(mfaDialog(page)).toHaveCount(0);
});

test('an MFA prompt cancelled after a reload leaves the profile usable', async ({ page, world }) => {
  await profileButton(page, PROFILE.audit).click();
  await expect(mfaDialog(page)).toBeVisible();
  await page.reload();
  await mfaDialog(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(mfaDialog(page)).toHaveCount(0);
  // Not wedged: asking again asks again.
  await profileButton(page, PROFILE.audit).click();
  await mfaDialog(page)
    .getByLabel(/6-digit code/)
    .fill(world.mfaCode(DEV_MFA_SERIAL));
  await mfaDialog(page).getByRole('button', { name: 'Submit' }).click();
  await expect(header(page)).toContainText(ACCOUNT.audit);
});

test('a download conflict open at a reload is shown again, and the counts and buttons follow main', async ({
  page,
  desktop,
  dialogAnswers,
}) => {
  dialogAnswers.directory = desktop;
  writeFileSync(join(desktop, 'README.txt'), 'notes I must not lose\n');
  const remote = PROD_DATA_OBJECTS['README.txt'] as string;
  await openProdData(page);
  await actOnRow(page, /README\.txt/, 'Download');
  const dialog = page.getByRole('dialog', { name: 'The file already exists' });
  await expect(dialog).toBeVisible();

  await page.reload();
  await expect(dialog).toContainText(join(desktop, 'README.txt'));
  // Picked directly, the object still shows its real size.
  await expect(dialog.getByRole('row', { name: /^Incoming/ })).toContainText(formatBytes(remote.length));
  const panel = page.getByRole('region', { name: 'Transfers' });
  await expect(panel).toContainText('0 active · 0 queued · 1 waiting for your choice');
  await expect(panel.getByRole('button', { name: 'Cancel all' })).toBeVisible();

  await dialog.getByRole('button', { name: 'Keep both' }).click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => existsSync(join(desktop, 'README (1).txt'))).toBe(true);
  expect(readFileSync(join(desktop, 'README (1).txt'), 'utf8')).toBe(remote);
  expect(readFileSync(join(desktop, 'README.txt'), 'utf8')).toBe('notes I must not lose\n');
  await expect(panel).toContainText('0 active · 0 queued');
  await expect(panel).not.toContainText('waiting');
  await expect(panel.getByRole('button', { name: 'Pause all' })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Cancel all' })).toHaveCount(0);
});

test('each pane shows its session again after a reload, an ad-hoc switch too, at the folder it was in', async ({
  page,
}) => {
  const left = page.getByRole('region', { name: 'Left pane' });
  const right = page.getByRole('region', { name: 'Right pane' });
  const address = (pane: typeof left) => pane.getByRole('textbox', { name: 'S3 address' });

  await page.getByRole('button', { name: 'Switch role…' }).click();
  const switchRole = page.getByRole('dialog', { name: 'Switch role' });
  await switchRole.getByLabel('Source profile').selectOption(PROFILE.dev);
  await switchRole.getByLabel('Account ID').fill(ROLE_ARN.readonly);
  await switchRole.getByLabel('Display name').fill('prod-ro');
  await switchRole.getByRole('button', { name: 'Switch role', exact: true }).click();
  // readonly may not list buckets: in by name, as its users do.
  await left.getByLabel('Open bucket by name').fill(`s3://${BUCKET.prodData}/docs/`);
  await left.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(address(left)).toHaveValue(`s3://${BUCKET.prodData}/docs/`);

  await page.getByRole('button', { name: 'Split' }).click();
  await profileButton(page, PROFILE.deploy).click();
  await right.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await grid(right)
    .getByRole('row', { name: /reports/ })
    .dblclick();
  await expect(address(right)).toHaveValue(`s3://${BUCKET.prodData}/reports/`);

  await page.reload();
  await expect(left).toContainText('prod-ro');
  await expect(address(left)).toHaveValue(`s3://${BUCKET.prodData}/docs/`);
  await expect(grid(left).getByRole('row', { name: /hello world/ })).toBeVisible();
  await expect(address(right)).toHaveValue(`s3://${BUCKET.prodData}/reports/`);
  await expect(header(page)).toContainText(PROFILE.deploy);
});

test.describe('with IAM Identity Center and bookmarks', () => {
  test.use({ worldSpec: withIdentityCenter({ ...standardWorldSpec(), guardSts: true }) });
  test.beforeEach(({}, testInfo) => {
    test.skip(
      !isBrowserShell(testInfo.project.name),
      "the test plays the user's browser and hands links through the browser shell's platform",
    );
  });

  const ssoCard = (page: Page) => page.getByRole('region', { name: `IAM Identity Center ${SSO_SESSION}` });
  const bookmarks = (page: Page) => page.getByRole('list', { name: 'Saved locations' });
  const addressBar = (page: Page) => page.getByRole('textbox', { name: 'S3 address' });

  const bookmarkHere = async (page: Page, name: string): Promise<void> => {
    await page.keyboard.press('ControlOrMeta+KeyD');
    const dialog = page.getByRole('dialog', { name: 'Add bookmark' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Add bookmark' }).click();
    await expect(dialog).toHaveCount(0);
  };

  test('a device-code sign-in under way and the bookmarks come back from the one snapshot', async ({
    page,
    world,
    systemBrowser,
    ipcLog,
  }) => {
    await openProdData(page);
    await grid(page).getByRole('row', { name: /docs/ }).dblclick();
    await bookmarkHere(page, 'Prod docs');

    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByLabel('Sign in with').selectOption('device-code');
    await settings.getByRole('button', { name: 'Save' }).click();
    const opened = systemBrowser.next();
    await ssoCard(page).getByRole('button', { name: 'Sign in', exact: true }).click();
    const verification = new URL(await opened);
    const userCode = verification.searchParams.get('user_code') ?? 'missing';
    const code = ssoCard(page).getByRole('status', { name: /^Confirm this code/ });
    await expect(code).toHaveText(userCode);

    await page.reload();
    await expect(ssoCard(page).getByRole('status', { name: /^Confirm this code/ })).toHaveText(userCode);
    await expect(bookmarks(page).getByRole('button', { name: /^Prod docs\b/ })).toBeVisible();
    // One request filled every store: neither the sign-ins nor the bookmarks were asked for apart.
    const asked = ipcLog.filter((r) => r.kind === 'request').map((r) => r.name);
    expect(asked.filter((name) => name === 'attach')).toHaveLength(2);
    expect(asked).not.toContain('listSso');
    expect(asked).not.toContain('listBookmarks');

    // The sign-in the reloaded window shows is the one main still waits on.
    if (!world.identityCenter) throw new Error('this world has Identity Center');
    await world.identityCenter.approve(verification.toString());
    await expect(ssoCard(page)).toContainText('Signed in');
    await bookmarks(page)
      .getByRole('button', { name: /^Prod docs\b/ })
      .click();
    await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.prodData}/docs/`);
  });

  test('a crossbucket:// link that arrived while no window was open is followed when one attaches', async ({
    page,
    shell,
  }) => {
    await openProdData(page);
    await grid(page).getByRole('row', { name: /docs/ }).dblclick();
    await bookmarkHere(page, 'Prod docs');
    await page.goto('about:blank');
    shell.services.links.receive('crossbucket://bookmark/prod%20docs');
    await page.goto(shell.bridge.url);
    await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.prodData}/docs/`);
    await expect(page.getByRole('region', { name: 'Focused session' })).toContainText(ACCOUNT.prod);
  });
});
