/**
 * A compare of 20,000 keys (issue 21): the window shows rows while the listing runs, holds only
 * the rows near the screen (main serves the rest), scrolls to the last key, and filters by asking
 * main.
 */
import { bulkKey } from '../support/aws-world';
import { ACCOUNT, BUCKET, PROFILE, standardWorldSpec } from '../support/standard-world';
import { expect, test } from './fixtures';
import { goTo, openCompare, openProfile } from './steps';

const PREFIX = 'huge/';
const COUNT = 20_000;
const spec = standardWorldSpec();
const prodData = spec.accounts[ACCOUNT.prod]?.buckets?.[BUCKET.prodData];
if (prodData) prodData.manyKeys = { prefix: PREFIX, count: COUNT };
test.use({ worldSpec: spec });
test.setTimeout(240_000);

/** The key as the compare shows it: relative to the compared prefix. */
const nameOf = (index: number): string => bulkKey(PREFIX, index, COUNT).slice(PREFIX.length);

test('20,000 keys: rows while listing, scrolling to the last key with a screenful drawn, filters asked of main', async ({
  page,
}) => {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  const left = page.getByRole('region', { name: 'Left pane' });
  await goTo(left, `s3://${BUCKET.prodData}/${PREFIX}`);
  await page.keyboard.press('ControlOrMeta+Backslash');
  const right = page.getByRole('region', { name: 'Right pane' });
  await openProfile(page, PROFILE.dev);
  await right.getByRole('button', { name: BUCKET.devArtifacts, exact: true }).click();
  await goTo(right, `s3://${BUCKET.devArtifacts}/${PREFIX}`);

  const dialog = await openCompare(page, left);
  await dialog.getByRole('button', { name: 'Compare', exact: true }).click();
  const table = dialog.getByRole('table', { name: 'Compared keys' });
  const footer = dialog.getByRole('status').filter({ hasText: 'matching rows' });
  await expect(table.getByRole('row', { name: new RegExp(`^${nameOf(0)} `) })).toBeVisible();
  await expect(footer).toHaveText('20,000 matching rows.', { timeout: 180_000 });
  await expect(dialog.getByRole('button', { name: /Only left 20,000/ })).toBeVisible();

  // Virtualised: a screenful (and a few either side) is drawn, never the 20,000.
  expect(await table.getByRole('row').count()).toBeLessThan(100);
  await dialog.locator('.compare-table-wrap').evaluate((wrap) => {
    wrap.scrollTop = wrap.scrollHeight;
  });
  const last = table.getByRole('row', { name: new RegExp(`^${nameOf(COUNT - 1)} `) });
  await expect(last).toBeVisible();
  await expect(last).toHaveAttribute('aria-rowindex', String(COUNT + 1));
  await expect(table.getByRole('row', { name: new RegExp(`^${nameOf(0)} `) })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('scrolled-to-the-end.png') });
  expect(await table.getByRole('row').count()).toBeLessThan(100);

  // Filters: the keys holding the text, then none once their status is left out.
  await dialog.getByRole('textbox', { name: 'Filter keys' }).fill('1234');
  await expect(footer).toHaveText('12 matching rows.');
  await expect(table.getByRole('row', { name: new RegExp(`^${nameOf(12_345)} `) })).toBeVisible();
  await expect(table.getByRole('row', { name: new RegExp(`^${nameOf(1_234)} `) })).toBeVisible();
  await dialog.getByRole('button', { name: /Only left/ }).click();
  await expect(footer).toHaveText('0 matching rows.');
  await dialog.getByRole('button', { name: /Only left/ }).click();
  await dialog.getByRole('textbox', { name: 'Filter keys' }).fill('');
  await expect(footer).toHaveText('20,000 matching rows.');
});
