/**
 * Menu commands typed as keys in the browser shell (Electron's menu handles them there),
 * the shortcuts sheet, and the layout the window offers to reopen after a restart.
 */
import type { Page } from '@playwright/test';
import { PROFILE } from '../support/standard-world';
import { expect, test } from './fixtures';

const profileButton = (page: Page, name: string) =>
  page.getByRole('list', { name: 'AWS profiles' }).getByRole('button', { name: new RegExp(`^${name}\\b`) });

test('menu shortcuts open the shell dialogs and the sheet lists every shortcut', async ({ page }) => {
  await expect(profileButton(page, PROFILE.dev)).toBeVisible();

  await page.keyboard.press('ControlOrMeta+Slash');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  const isMac = await page.evaluate(() => /Mac/.test(navigator.platform));
  const row = (label: string) => sheet.locator('.shortcuts__row').filter({ hasText: label });
  await expect(row('Upload Files')).toContainText(isMac ? '⌘U' : 'Ctrl+U');
  await expect(row('Toggle Second Pane')).toContainText(isMac ? '⌘\\' : 'Ctrl+\\');
  await expect(row('Back')).toContainText(isMac ? '⌘[' : 'Alt+←');
  await expect(sheet.locator('.shortcuts__row')).toHaveCount(20);
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);

  await page.keyboard.press('ControlOrMeta+Comma');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(settings).toHaveCount(0);

  await page.keyboard.press('ControlOrMeta+Shift+KeyS');
  await expect(page.getByRole('dialog', { name: 'Switch role' })).toBeVisible();
  await page.keyboard.press('Escape');

  const transfers = page
    .getByRole('region', { name: 'Transfers' })
    .getByRole('button', { name: /Transfers/ });
  const before = await transfers.getAttribute('aria-expanded');
  await page.keyboard.press('ControlOrMeta+KeyJ');
  await expect(transfers).toHaveAttribute('aria-expanded', before === 'true' ? 'false' : 'true');
});

test('remembers the split and the open profiles, and offers to reopen them', async ({
  page,
  browserShell,
}) => {
  await profileButton(page, PROFILE.deploy).click();
  await expect(page.getByRole('region', { name: 'Focused session' })).toContainText('222222222222');
  await page.keyboard.press('ControlOrMeta+Backslash');
  await profileButton(page, PROFILE.dev).click();
  await expect(page.getByRole('region', { name: 'Right pane' })).toContainText('111111111111');

  // A reload: main still holds both sessions, so each comes straight back into its pane.
  await page.reload();
  const left = page.getByRole('region', { name: 'Left pane' });
  const right = page.getByRole('region', { name: 'Right pane' });
  await expect(left).toContainText('222222222222');
  await expect(right).toContainText('111111111111');

  // After a restart main holds no session, and the window offers to reopen the same profiles.
  // Ending the sessions behind the page's back stands for that; only the browser shell allows it
  // (the Electron app restarted is the same page on a new main process).
  if (!browserShell) return;
  await page.goto('about:blank');
  browserShell.services.sessions.closeAll();
  await page.goto(browserShell.bridge.url);
  await expect(right).toContainText('Pick a profile on the left');
  const reopen = left.getByRole('button', { name: `Reopen ${PROFILE.deploy}, ${PROFILE.dev}` });
  await reopen.click();
  await expect(left).toContainText('222222222222');
  await expect(right).toContainText('111111111111');
  await expect(reopen).toHaveCount(0);
});
