/**
 * The storage summary's views on a small bucket: axe finds nothing serious in the picture nor the
 * table (light and dark), the table drills down from the keyboard, and a price set in Settings
 * changes the estimate of the result the session kept.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { BUCKET } from '../support/standard-world';
import { expect, test } from './fixtures';
import { openProdData } from './steps';

async function seriousViolations(page: Page, include: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).include(include).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}`));
}

const openSummary = async (page: Page) => {
  await page.getByRole('button', { name: 'Size & cost…' }).click();
  const dialog = page.getByRole('dialog', { name: `Storage of s3://${BUCKET.prodData}/` });
  await expect(dialog.getByText(/^Computed /)).toBeVisible({ timeout: 60_000 });
  return dialog;
};

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme}: the picture and the table pass axe`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await openProdData(page);
    const dialog = await openSummary(page);
    await expect(dialog.getByRole('figure', { name: 'Sub-prefixes by size' })).toBeVisible();
    expect(await seriousViolations(page, 'dialog[open]'), 'picture').toEqual([]);
    await dialog.getByRole('button', { name: 'Table', exact: true }).click();
    await expect(dialog.getByRole('table', { name: 'Sub-prefixes' })).toBeVisible();
    expect(await seriousViolations(page, 'dialog[open]'), 'table').toEqual([]);
  });
}

test('the table drills down from the keyboard, and Settings prices change the kept result', async ({
  page,
}) => {
  await openProdData(page);
  let dialog = await openSummary(page);
  await expect(dialog.getByRole('table', { name: 'Monthly cost by storage class' })).toContainText(
    'under $0.01',
  );
  await dialog.getByRole('button', { name: 'Close dialog' }).click();

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('spinbutton', { name: 'STANDARD', exact: true }).fill('10');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings).toBeHidden();

  dialog = await openSummary(page);
  // 6 MiB of big/blob.bin plus a few hundred bytes, at $10 per GB-month.
  const standard = dialog
    .getByRole('table', { name: 'Monthly cost by storage class' })
    .getByRole('row', { name: /^STANDARD / });
  await expect(standard).toContainText('$0.06');
  await expect(dialog.getByText(/STANDARD from Settings/)).toBeVisible();

  await dialog.getByRole('button', { name: 'Table', exact: true }).click();
  const open = dialog.getByRole('table', { name: 'Sub-prefixes' }).getByRole('button', { name: 'reports/' });
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'S3 address' })).toHaveValue(
    `s3://${BUCKET.prodData}/reports/`,
  );
  const inner = page.getByRole('dialog', { name: `Storage of s3://${BUCKET.prodData}/reports/` });
  await expect(inner.getByText(/^Computed /)).toBeVisible({ timeout: 60_000 });
  await expect(inner.locator('[data-total="objects"]')).toHaveText('3 objects');
});
