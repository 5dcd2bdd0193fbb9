/**
 * Menu commands acting on the focused pane, typed as their keys in the browser shell (in
 * Electron the native menu sends the same commands), and the pane listing itself again when
 * an upload lands in the folder it shows.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Locator, Page } from '@playwright/test';
import { ACCOUNT, BUCKET, PROFILE } from '../support/standard-world';
import { expect, isBrowserShell, test } from './fixtures';
import { grid, openProfile } from './steps';

const address = (scope: Page | Locator) => scope.getByRole('textbox', { name: 'S3 address' });
const root = `s3://${BUCKET.prodData}/`;

test.beforeEach(({}, testInfo) => {
  // Electron's menu turns these keys into commands; the browser shell matches them in the page.
  test.skip(!isBrowserShell(testInfo.project.name), 'in-page shortcuts are the browser shell’s');
});

test('shortcuts act on the pane: new folder, rename, up, back, forward, address, refresh', async ({
  page,
  world,
}) => {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await expect(address(page)).toHaveValue(root);
  const readme = grid(page).getByRole('row', { name: /README\.txt/ });
  await readme.click();

  await page.keyboard.press('ControlOrMeta+Shift+KeyN');
  const newFolder = page.getByRole('dialog', { name: 'New folder' });
  await expect(newFolder).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(newFolder).toHaveCount(0);

  await readme.click();
  await page.keyboard.press('F2');
  const rename = page.getByRole('dialog', { name: 'Rename object' });
  await expect(rename.getByRole('textbox', { name: 'New name' })).toHaveValue('README.txt');
  await page.keyboard.press('Escape');
  await expect(rename).toHaveCount(0);

  await grid(page)
    .getByRole('row', { name: /reports/ })
    .dblclick();
  await expect(address(page)).toHaveValue(`${root}reports/`);
  await page.keyboard.press('Alt+ArrowUp');
  await expect(address(page)).toHaveValue(root);
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(address(page)).toHaveValue(`${root}reports/`);
  await page.keyboard.press('Alt+ArrowRight');
  await expect(address(page)).toHaveValue(root);

  await page.keyboard.press('ControlOrMeta+KeyL');
  await expect(address(page)).toBeFocused();

  // Written behind the app's back: only a new listing can show it.
  await world
    .s3For(ACCOUNT.prod)
    .send(new PutObjectCommand({ Bucket: BUCKET.prodData, Key: 'arrived-later.txt', Body: 'late' }));
  await expect(grid(page).getByRole('row', { name: /arrived-later\.txt/ })).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+KeyR');
  await expect(grid(page).getByRole('row', { name: /arrived-later\.txt/ })).toBeVisible();
  // Handled as Refresh, not as the browser's reload: the pane kept its folder.
  await expect(address(page)).toHaveValue(root);
});

test('with two panes only the focused one acts', async ({ page }) => {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await page.keyboard.press('ControlOrMeta+Backslash');
  const left = page.getByRole('region', { name: 'Left pane' });
  const right = page.getByRole('region', { name: 'Right pane' });
  await openProfile(page, PROFILE.deploy);
  await right.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await grid(right)
    .getByRole('row', { name: /reports/ })
    .dblclick();
  await expect(address(right)).toHaveValue(`${root}reports/`);
  await grid(left).getByRole('row', { name: /docs/ }).dblclick();
  await expect(address(left)).toHaveValue(`${root}docs/`);

  await page.keyboard.press('Alt+ArrowUp');
  await expect(address(left)).toHaveValue(root);
  await expect(address(right)).toHaveValue(`${root}reports/`);

  await grid(right).click();
  await page.keyboard.press('ControlOrMeta+KeyL');
  await expect(address(right)).toBeFocused();
  await expect(address(left)).not.toBeFocused();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(address(right)).toHaveValue(`${root}reports/`);
  await expect(address(left)).toHaveValue(root);
});

test('a file dropped into the folder shows up without Refresh', async ({ page, desktop }) => {
  writeFileSync(join(desktop, 'dropped-in.txt'), 'dropped');
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await grid(page)
    .getByRole('row', { name: /reports/ })
    .dblclick();
  await expect(grid(page).getByRole('row', { name: /2024/ })).toBeVisible();
  await grid(page).evaluate((table) => {
    const dt = new DataTransfer();
    dt.items.add(new File([], 'dropped-in.txt'));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      table.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  });
  const transfers = page.getByRole('region', { name: 'Transfers' });
  await expect(transfers).toContainText('Done');
  await expect(grid(page).getByRole('row', { name: /dropped-in\.txt/ })).toBeVisible();
  // The rows already shown stayed; the refresh did not drop the user back to an empty list.
  await expect(grid(page).getByRole('row', { name: /2024/ })).toBeVisible();

  // The row names the file as dropped, not by where the desktop folder happens to live.
  const paths = transfers.locator('.transfer-row__paths');
  await expect(paths).toHaveText(`dropped-in.txt→s3://${BUCKET.prodData}/reports/dropped-in.txt`);
  await expect(paths).not.toContainText(desktop);
  // With everything done, the only bulk action that does something is clearing.
  for (const name of ['Pause all', 'Resume all', 'Retry failed', 'Cancel all']) {
    await expect(transfers.getByRole('button', { name })).toHaveCount(0);
  }
  await transfers.getByRole('button', { name: 'Clear finished' }).click();
  await expect(transfers).toContainText('No transfers.');
  await expect(transfers.getByRole('button', { name: 'Clear finished' })).toHaveCount(0);
});
