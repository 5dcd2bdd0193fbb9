/**
 * Light and dark follow the OS until Settings pins one; the choice is stored in main, so it
 * survives a reload.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const DARK_BG = 'rgb(23, 25, 28)';
const LIGHT_BG = 'rgb(244, 245, 247)';

const background = (page: Page): Promise<string> =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

async function chooseTheme(page: Page, label: 'Light' | 'Dark' | 'Follow the system'): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Theme').selectOption({ label });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
}

test('follows the OS, lets Settings override it, and keeps the choice after a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.getByRole('list', { name: 'AWS profiles' })).toBeVisible();
  await expect.poll(() => background(page)).toBe(DARK_BG);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => background(page)).toBe(LIGHT_BG);

  await page.emulateMedia({ colorScheme: 'dark' });
  await chooseTheme(page, 'Light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect.poll(() => background(page)).toBe(LIGHT_BG);

  await page.reload();
  await expect(page.getByRole('list', { name: 'AWS profiles' })).toBeVisible();
  await expect.poll(() => background(page)).toBe(LIGHT_BG);

  await chooseTheme(page, 'Follow the system');
  await expect.poll(() => background(page)).toBe(DARK_BG);
});
