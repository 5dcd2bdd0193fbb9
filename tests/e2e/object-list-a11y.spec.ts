/**
 * The object list as a screen reader hears it: rows are pooled and repainted while scrolling,
 * and at the bottom of a list longer than the window some pooled rows have nothing to show.
 * They are marked `hidden`, and must then leave the accessibility tree: a stale row there is
 * read out as an object that is not on screen.
 */
import { bulkKey } from '../support/aws-world';
import { BUCKET, PROFILE, standardWorldSpec } from '../support/standard-world';
import { expect, test } from './fixtures';
import { grid, openProfile } from './steps';

const PREFIX = 'long/';
const COUNT = 400;
const spec = standardWorldSpec();
const prodData = spec.accounts['222222222222']?.buckets?.[BUCKET.prodData];
if (prodData) prodData.manyKeys = { prefix: PREFIX, count: COUNT };
test.use({ worldSpec: spec });

const nameOf = (index: number): string => bulkKey(PREFIX, index, COUNT).slice(PREFIX.length);

test('at the bottom of a long list, the accessibility tree holds only the rows on screen', async ({
  page,
}) => {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  const address = page.getByRole('textbox', { name: 'S3 address' });
  await expect(address).toHaveValue(`s3://${BUCKET.prodData}/`);
  await address.fill(`s3://${BUCKET.prodData}/${PREFIX}`);
  await address.press('Enter');
  await expect(page.locator('.list-controls__counter')).toHaveText(`${COUNT} keys`);

  await grid(page).focus();
  await page.keyboard.press('End');
  await expect(grid(page).getByRole('row', { name: nameOf(COUNT - 1) })).toBeVisible();

  const snapshot = await grid(page).ariaSnapshot();
  const rows = [...snapshot.matchAll(/^\s*- row "([^"]*)"/gm)].map((m) => m[1] ?? '');
  // A data row reads "File 0399 1 B now STANDARD": its type icon, then the name.
  const dataRows = rows.filter((name) => /^File \d+\b/.test(name));
  // Every row read out is a distinct key near the end; none is a leftover from higher up.
  expect(new Set(dataRows).size).toBe(dataRows.length);
  const indexes = dataRows.map((name) => Number(/^File (\d+)/.exec(name)?.[1]));
  expect(Math.max(...indexes)).toBe(COUNT - 1);
  const painted = await grid(page).locator('.object-row[data-index]:not([hidden])').count();
  expect(dataRows).toHaveLength(painted);
  // Contiguous: the window of rows around the bottom, with no gap where a stale row sat.
  expect(Math.max(...indexes) - Math.min(...indexes) + 1).toBe(dataRows.length);
});
