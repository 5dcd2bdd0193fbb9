/**
 * A prefix of 100,000 keys: rows show while pages stream in, the total appears when done, the
 * virtualized grid scrolls to the last key with a few hundred rows in the DOM, and leaving the
 * folder mid-listing stops the ListObjectsV2 calls.
 */
import type { Page } from '@playwright/test';
import { bulkKey } from '../support/aws-world';
import { listObjectsCalls } from '../support/moto';
import { BUCKET, PROFILE, standardWorldSpec } from '../support/standard-world';
import { expect, test } from './fixtures';
import { grid, openProfile } from './steps';

const PREFIX = 'huge/';
const COUNT = 100_000;
/** Keys are seeded straight into moto's backend (tests/support/seed-keys.ts): seconds, not minutes. */
const spec = standardWorldSpec();
const prodData = spec.accounts['222222222222']?.buckets?.[BUCKET.prodData];
if (prodData) prodData.manyKeys = { prefix: PREFIX, count: COUNT };
test.use({ worldSpec: spec });
// Paging through 100 pages of 1,000 keys takes moto about half a minute on an idle machine.
test.setTimeout(240_000);

const counter = (page: Page) => page.locator('.list-controls__counter');
const nameOf = (index: number): string => bulkKey(PREFIX, index, COUNT).slice(PREFIX.length);

const openHugePrefix = async (page: Page): Promise<void> => {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  const address = page.getByRole('textbox', { name: 'S3 address' });
  await expect(address).toHaveValue(`s3://${BUCKET.prodData}/`);
  await address.fill(`s3://${BUCKET.prodData}/${PREFIX}`);
  await address.press('Enter');
};

test('100,000 keys: first rows while paging, the total when done, scrolling to the last key', async ({
  page,
}) => {
  await openHugePrefix(page);
  await expect(grid(page).getByRole('row', { name: nameOf(0) })).toBeVisible();
  // Rows are usable while later pages are still on their way.
  await expect(counter(page)).toHaveText(/^[\d,]+ keys loaded…$/);

  await expect(counter(page)).toHaveText('100,000 keys', { timeout: 180_000 });

  await grid(page).focus();
  await page.keyboard.press('End');
  const last = grid(page).getByRole('row', { name: nameOf(COUNT - 1) });
  await expect(last).toBeVisible();
  // Pooled rows show another entry after every scroll: a click acts on the one it shows now.
  await last.click();
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(grid(page).locator('[aria-selected="true"]')).toHaveCount(1);
  // Virtualized: the DOM holds the visible window plus overscan, never the whole folder.
  expect(await grid(page).getByRole('row').count()).toBeLessThan(300);
  await expect(grid(page).getByRole('row', { name: nameOf(0) })).toHaveCount(0);
});

test('leaving the folder mid-listing stops the ListObjectsV2 calls', async ({ page, world }) => {
  await openHugePrefix(page);
  await expect(grid(page).getByRole('row', { name: nameOf(0) })).toBeVisible();
  await page.getByRole('button', { name: 'Up one folder' }).click();
  await expect(page.getByRole('textbox', { name: 'S3 address' })).toHaveValue(`s3://${BUCKET.prodData}/`);

  const hugeCalls = async (): Promise<number> =>
    listObjectsCalls(await world.moto.recorded(), BUCKET.prodData).filter((c) => c.prefix === PREFIX).length;
  // A request already in flight when the user left may still land; give it a moment.
  await page.waitForTimeout(1_000);
  const afterLeaving = await hugeCalls();
  await page.waitForTimeout(4_000);
  expect(await hugeCalls()).toBe(afterLeaving);
  expect(afterLeaving).toBeGreaterThanOrEqual(1);
  expect(afterLeaving).toBeLessThan(20);
});
