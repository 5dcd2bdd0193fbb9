/**
 * axe on the main screens, light and dark: no serious or critical violations. Each failure
 * names the rule, the element and axe's help text so the fix is obvious from the report.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { SSO_SESSION, withIdentityCenter } from '../support/sso-world';
import { BUCKET, DEV_MFA_SERIAL, PROFILE, standardWorldSpec } from '../support/standard-world';
import { expect, isBrowserShell, test } from './fixtures';
import { PREVIEW_PREFIX, putPreviewObjects } from './preview-content';
import { openFolder, profileButton } from './steps';

async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}`));
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    });

    test('profile list, bucket list and a bucket', async ({ page }) => {
      await expect(profileButton(page, PROFILE.dev)).toBeVisible();
      expect(await seriousViolations(page), 'profile list').toEqual([]);

      await profileButton(page, PROFILE.deploy).click();
      await expect(page.getByRole('button', { name: BUCKET.prodData, exact: true })).toBeVisible();
      expect(await seriousViolations(page), 'bucket list').toEqual([]);

      await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
      const grid = page.getByRole('grid', { name: 'Objects' });
      await grid.getByRole('row', { name: /README\.txt/ }).click();
      await expect(page.getByRole('complementary', { name: 'Object details' })).toContainText('ETag');
      expect(await seriousViolations(page), 'inside a bucket').toEqual([]);
    });

    test('the preview (JSON tree, CSV table) and the edit dialogs', async ({ page, world }) => {
      await putPreviewObjects(world);
      await openFolder(page, BUCKET.prodData, PREVIEW_PREFIX);
      const grid = page.getByRole('grid', { name: 'Objects' });
      const details = page.getByRole('complementary', { name: 'Object details' });
      await grid.getByRole('row', { name: /config\.json/ }).click();
      await details.getByRole('button', { name: 'Preview', exact: true }).click();
      await expect(details.getByRole('list', { name: 'JSON tree' })).toBeVisible();
      expect(await seriousViolations(page), 'JSON preview').toEqual([]);
      await grid.getByRole('row', { name: /orders\.csv/ }).click();
      await expect(details.getByRole('table')).toBeVisible();
      expect(await seriousViolations(page), 'CSV preview').toEqual([]);

      await details.getByRole('button', { name: 'Details', exact: true }).click();
      await details.getByRole('button', { name: 'Edit metadata…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit metadata' });
      await expect(dialog.getByLabel('Content-Type')).toHaveValue('text/csv');
      expect(await seriousViolations(page, 'dialog[open]'), 'edit metadata dialog').toEqual([]);
      await dialog.getByLabel('Cache-Control').fill('no-cache');
      await dialog.getByRole('button', { name: 'Review…' }).click();
      await expect(dialog.getByRole('button', { name: 'Update 1 object' })).toBeVisible();
      expect(await seriousViolations(page, 'dialog[open]'), 'edit confirmation').toEqual([]);
    });

    test('MFA, switch role, settings and shortcuts dialogs', async ({ page, world }) => {
      await profileButton(page, PROFILE.audit).click();
      const mfa = page.getByRole('dialog', { name: 'MFA code required' });
      await expect(mfa).toContainText(DEV_MFA_SERIAL);
      expect(await seriousViolations(page, 'dialog[open]'), 'MFA dialog').toEqual([]);
      await mfa.getByLabel(/6-digit code/).fill(world.mfaCode(DEV_MFA_SERIAL));
      await page.keyboard.press('Enter');
      await expect(mfa).toHaveCount(0);

      await page.getByRole('button', { name: 'Switch role…' }).click();
      const switchRole = page.getByRole('dialog', { name: 'Switch role' });
      await switchRole.getByLabel('Account ID').fill('222222222222');
      expect(await seriousViolations(page, 'dialog[open]'), 'switch role dialog').toEqual([]);
      await page.keyboard.press('Escape');
      await expect(switchRole).toHaveCount(0);

      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
      expect(await seriousViolations(page, 'dialog[open]'), 'settings dialog').toEqual([]);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      expect(await seriousViolations(page, 'dialog[open]'), 'shortcuts dialog').toEqual([]);
    });

    test.describe('IAM Identity Center', () => {
      test.use({ worldSpec: withIdentityCenter(standardWorldSpec()) });

      test('sign-in waiting for the browser, the accounts tree and the profile block', async ({
        page,
        world,
        systemBrowser,
      }, testInfo) => {
        test.skip(
          !isBrowserShell(testInfo.project.name),
          "the test plays the user's browser in the browser shell",
        );
        const card = page.getByRole('region', { name: `IAM Identity Center ${SSO_SESSION}` });
        const opened = systemBrowser.next();
        await card.getByRole('button', { name: 'Sign in', exact: true }).click();
        const url = await opened;
        await expect(card.getByRole('status', { name: `Signing in to ${SSO_SESSION}` })).toBeVisible();
        expect(await seriousViolations(page), 'sign-in waiting').toEqual([]);
        await world.identityCenter?.approve(url);
        await expect(card.getByRole('list', { name: `Accounts of ${SSO_SESSION}` })).toContainText(
          'Production',
        );
        expect(await seriousViolations(page), 'accounts tree').toEqual([]);
        await card.getByRole('button', { name: /^Copy profile block for ReadOnly in Production/ }).click();
        await expect(page.getByRole('dialog', { name: /^Profile block/ }).getByRole('status')).toContainText(
          'Copied',
        );
        expect(await seriousViolations(page, 'dialog[open]'), 'profile block dialog').toEqual([]);
      });
    });
  });
}
