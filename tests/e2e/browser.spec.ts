/**
 * The bucket browser against the real services: buckets, folders, details, the denied
 * bucket list with open-by-name, keyboard navigation and the delete confirmation.
 */
import { BUCKET, PROFILE } from '../support/standard-world';
import { expect, test } from './fixtures';
import { grid, openProfile } from './steps';

test("lists buckets, opens one, shows folders first and an object's details", async ({ page }) => {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'S3 address' })).toHaveValue(`s3://${BUCKET.prodData}/`);
  const rows = grid(page).getByRole('row');
  await expect(rows.nth(1)).toHaveAttribute('data-kind', 'folder');
  await grid(page)
    .getByRole('row', { name: /README\.txt/ })
    .click();
  const details = page.getByRole('complementary', { name: 'Object details' });
  await expect(details).toContainText('README.txt');
  await expect(details).toContainText('ETag');
});

test('keyboard: arrows, Enter into a folder, Backspace back up', async ({ page }) => {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await expect(grid(page).getByRole('row', { name: /README\.txt/ })).toBeVisible();
  await grid(page).focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'S3 address' })).not.toHaveValue(`s3://${BUCKET.prodData}/`);
  await page.keyboard.press('Backspace');
  await expect(page.getByRole('textbox', { name: 'S3 address' })).toHaveValue(`s3://${BUCKET.prodData}/`);
});

test('a role that may not list buckets sees why and can open a bucket by name', async ({ page }) => {
  await openProfile(page, PROFILE.nolist);
  await expect(page.getByRole('alert').filter({ hasText: 's3:ListAllMyBuckets' })).toBeVisible();
  await page.getByLabel('Open bucket by name').fill(`s3://${BUCKET.prodData}/`);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'S3 address' })).toHaveValue(`s3://${BUCKET.prodData}/`);
});

test('delete asks with the object count before deleting', async ({ page }) => {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await grid(page)
    .getByRole('row', { name: /README\.txt/ })
    .click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Delete 1 object \(/ });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete 1 object' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted 1 object.' })).toBeVisible();
  await expect(grid(page).getByRole('row', { name: /README\.txt/ })).toHaveCount(0);
});
