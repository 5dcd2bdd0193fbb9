/**
 * Copy in every form: the selection as S3 URI, HTTPS URL (virtual-hosted, with region), ARN,
 * `aws s3 cp` line with the session's profile, and Console URL. The CLI line is run against
 * the same moto world to prove it downloads the object.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { BUCKET, PROD_DATA_OBJECTS, PROFILE, ROLE_ARN } from '../support/standard-world';
import { expect, isBrowserShell, test } from './fixtures';
import { grid, openProdData } from './steps';

const menu = (page: Page) => page.getByRole('menu', { name: 'Object actions' });
const formsDialog = (page: Page) => page.getByRole('dialog', { name: /^Copy (address|\d+ addresses)$/ });

test.beforeEach(async ({ context }, testInfo) => {
  test.skip(!isBrowserShell(testInfo.project.name), 'reads the page clipboard');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

test('one object in every form; the cp line downloads it with the session’s profile', async ({
  page,
  world,
}) => {
  await openProdData(page);
  await grid(page)
    .getByRole('row', { name: /README\.txt/ })
    .click({ button: 'right' });
  await menu(page).getByRole('menuitem', { name: 'Copy address as…' }).click();
  const dialog = formsDialog(page);
  await expect(dialog.getByRole('textbox', { name: 'S3 URI' })).toHaveValue(
    `s3://${BUCKET.prodData}/README.txt`,
  );
  await expect(dialog.getByRole('textbox', { name: 'HTTPS URL' })).toHaveValue(
    `https://${BUCKET.prodData}.s3.us-east-1.amazonaws.com/README.txt`,
  );
  await expect(dialog.getByRole('textbox', { name: 'ARN' })).toHaveValue(
    `arn:aws:s3:::${BUCKET.prodData}/README.txt`,
  );
  await expect(dialog.getByRole('textbox', { name: 'Console URL' })).toHaveValue(
    `https://s3.console.aws.amazon.com/s3/object/${BUCKET.prodData}?region=us-east-1&prefix=README.txt`,
  );
  const cli = dialog.getByRole('textbox', { name: 'aws s3 cp command' });
  await expect(cli).toHaveValue(
    `aws s3 cp s3://${BUCKET.prodData}/README.txt ./README.txt --profile ${PROFILE.deploy}`,
  );

  await dialog.getByRole('button', { name: 'Copy aws s3 cp command' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Copied the aws s3 cp command to the clipboard.');
  const command = await page.evaluate(() => navigator.clipboard.readText());
  expect(command).toBe(await cli.inputValue());

  // The line is a working command: the AWS CLI, given the same config files, downloads the object.
  const cwd = mkdtempSync(join(tmpdir(), 'crossbucket-cli-'));
  try {
    execFileSync('bash', ['-c', command], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, ...world.env },
      stdio: 'pipe',
    });
    expect(readFileSync(join(cwd, 'README.txt'), 'utf8')).toBe(PROD_DATA_OBJECTS['README.txt']);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('a selection of a folder and an object: one line each, the folder recursive', async ({ page }) => {
  await openProdData(page);
  await grid(page)
    .getByRole('row', { name: /reports/ })
    .click();
  await grid(page)
    .getByRole('row', { name: /README\.txt/ })
    .click({ modifiers: ['ControlOrMeta'] });
  await grid(page)
    .getByRole('row', { name: /README\.txt/ })
    .click({ button: 'right' });
  await menu(page).getByRole('menuitem', { name: 'Copy S3 URI' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Copied s3://${BUCKET.prodData}/` })).toContainText(
    'and 1 more',
  );
  const uris = (await page.evaluate(() => navigator.clipboard.readText())).split('\n').sort();
  expect(uris).toEqual([`s3://${BUCKET.prodData}/README.txt`, `s3://${BUCKET.prodData}/reports/`]);

  await grid(page)
    .getByRole('row', { name: /README\.txt/ })
    .click({ button: 'right' });
  await menu(page).getByRole('menuitem', { name: 'Copy address as…' }).click();
  const dialog = formsDialog(page);
  await expect(dialog).toHaveAccessibleName('Copy 2 addresses');
  const cli = (await dialog.getByRole('textbox', { name: 'aws s3 cp command' }).inputValue())
    .split('\n')
    .sort();
  expect(cli).toEqual([
    `aws s3 cp --recursive s3://${BUCKET.prodData}/reports/ ./reports/ --profile ${PROFILE.deploy}`,
    `aws s3 cp s3://${BUCKET.prodData}/README.txt ./README.txt --profile ${PROFILE.deploy}`,
  ]);
});

test('an ad-hoc session says which profile to add for the CLI line', async ({ page }) => {
  await page.getByRole('button', { name: 'Switch role…' }).click();
  const switchRole = page.getByRole('dialog', { name: 'Switch role' });
  await switchRole.getByLabel('Source profile').selectOption(PROFILE.dev);
  await switchRole.getByLabel('Account ID').fill(ROLE_ARN.readonly);
  await switchRole.getByLabel('Display name').fill('prod ro');
  await switchRole.getByRole('button', { name: 'Switch role', exact: true }).click();
  // readonly may not list buckets: in by name, as its users do.
  await page.getByLabel('Open bucket by name').fill(`s3://${BUCKET.prodData}/README.txt`);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(grid(page).getByRole('row', { name: /README\.txt/ })).toHaveAttribute('aria-selected', 'true');
  await page
    .getByRole('complementary', { name: 'Object details' })
    .getByRole('button', { name: 'Copy address as…' })
    .click();
  const dialog = formsDialog(page);
  await expect(dialog.getByRole('textbox', { name: 'aws s3 cp command' })).toHaveValue(
    `aws s3 cp s3://${BUCKET.prodData}/README.txt ./README.txt --profile prod-ro`,
  );
  await expect(dialog).toContainText('No profile “prod-ro” exists in ~/.aws/config for this session yet');
  await expect(dialog).toContainText('Copy as profile block');
});
