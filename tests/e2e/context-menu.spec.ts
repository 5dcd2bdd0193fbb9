/**
 * The row context menu: by mouse and by keyboard, what it offers, and that its items do what
 * they say (rename dialog, presigned URL that serves the object, key on the clipboard).
 */
import type { Page } from '@playwright/test';
import { PROD_DATA_OBJECTS } from '../support/standard-world';
import { expect, isBrowserShell, test } from './fixtures';
import { grid, openProdData } from './steps';

const menu = (page: Page) => page.getByRole('menu', { name: 'Object actions' });

test('right-click offers the row actions, Esc closes, Rename opens the dialog', async ({ page }) => {
  await openProdData(page);
  await grid(page)
    .getByRole('row', { name: /README\.txt/ })
    .click({ button: 'right' });
  for (const label of ['Open', 'Download', 'Copy presigned URL', 'Rename', 'Delete', 'Copy key']) {
    await expect(menu(page).getByRole('menuitem', { name: label, exact: true })).toBeEnabled();
  }
  await page.keyboard.press('Escape');
  await expect(menu(page)).toHaveCount(0);

  await grid(page)
    .getByRole('row', { name: /README\.txt/ })
    .click({ button: 'right' });
  await menu(page).getByRole('menuitem', { name: 'Rename', exact: true }).click();
  await expect(menu(page)).toHaveCount(0);
  const rename = page.getByRole('dialog', { name: 'Rename object' });
  await expect(rename.getByRole('textbox', { name: 'New name' })).toHaveValue('README.txt');
});

test('Shift+F10 opens the menu on the focused row and arrows move through it', async ({ page }) => {
  await openProdData(page);
  await grid(page).focus();
  await page.keyboard.press('End');
  await expect(grid(page).getByRole('row', { selected: true })).toHaveCount(1);
  await page.keyboard.press('Shift+F10');
  await expect(menu(page)).toBeVisible();
  await expect(menu(page).getByRole('menuitem', { name: 'Open' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu(page).getByRole('menuitem', { name: 'Download' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu(page)).toHaveCount(0);
  // Focus goes back to the list, so the keyboard user carries on where they were.
  await expect(grid(page)).toBeFocused();
});

test('Copy presigned URL puts a URL on the clipboard that serves the object', async ({
  page,
  shell,
  world,
}, testInfo) => {
  test.skip(!isBrowserShell(testInfo.project.name), 'reads the harness clipboard');
  await openProdData(page);
  await grid(page)
    .getByRole('row', { name: /README\.txt/ })
    .click({ button: 'right' });
  await menu(page).getByRole('menuitem', { name: 'Copy presigned URL' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copy presigned URL' });
  await dialog.getByRole('button', { name: 'Copy URL' }).click();
  await expect(dialog.getByRole('status')).toContainText('Copied the URL to');
  const url = shell.platform.clipboardText();
  expect(url).toMatch(/^https?:\/\//);
  // moto answers a query-string-signed request with a 500 while it enforces IAM, so this one
  // request goes through unchecked; the URL's signature is tested against moto in tests/main/s3.
  await world.moto.setNoAuthActions(1);
  const response = await fetch(url as string);
  expect(response.status).toBe(200);
  expect(await response.text()).toBe(PROD_DATA_OBJECTS['README.txt']);
});

test('Copy key confirms, and says so plainly when the clipboard refuses', async ({ page }, testInfo) => {
  test.skip(!isBrowserShell(testInfo.project.name), 'grants clipboard access to the page');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openProdData(page);
  const row = grid(page).getByRole('row', { name: /README\.txt/ });
  await row.click({ button: 'right' });
  await menu(page).getByRole('menuitem', { name: 'Copy key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied README.txt' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('README.txt');

  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Denied', 'NotAllowedError'));
  });
  await row.click({ button: 'right' });
  await menu(page).getByRole('menuitem', { name: 'Copy key' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Could not copy the key' });
  await expect(alert).toContainText('refused access to the clipboard');
  await expect(alert).toContainText('README.txt');
});
