/**
 * Calculate on the demo's 100,000-key prefix: the numbers match a listing the test makes itself,
 * the table view names every sub-prefix, a treemap click drills down and moves the pane, and the
 * lifecycle suggestion shows its JSON marked with the account that must apply it.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { leaveUpload } from '../support/multipart-seed';
import { ACCOUNT, BUCKET, standardWorldSpec } from '../support/standard-world';
import { expect, test } from './fixtures';
import { openProdData } from './steps';

const PREFIX = 'huge/';
const COUNT = 100_000;
const spec = standardWorldSpec();
const prodData = spec.accounts[ACCOUNT.prod]?.buckets?.[BUCKET.prodData];
if (prodData) prodData.manyKeys = { prefix: PREFIX, count: COUNT };
test.use({ worldSpec: spec });
// A listing of 100 pages (and the test's own); moto answers a page in about a third of a second when idle.
test.setTimeout(300_000);

/** Objects and bytes per immediate sub-prefix of the bucket, by the test's own listing. */
async function listingOf(client: S3Client, bucket: string) {
  const byChild = new Map<string, { objects: number; bytes: number }>();
  let token: string | undefined;
  do {
    const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of out.Contents ?? []) {
      const key = o.Key ?? '';
      const child = key.includes('/') ? key.slice(0, key.indexOf('/') + 1) : '';
      const t = byChild.get(child) ?? { objects: 0, bytes: 0 };
      byChild.set(child, { objects: t.objects + 1, bytes: t.bytes + (o.Size ?? 0) });
    }
    token = out.NextContinuationToken;
  } while (token);
  return byChild;
}

const count = (n: number) => n.toLocaleString('en-US');
const dialogFor = (page: Page, prefix: string) =>
  page.getByRole('dialog', { name: `Storage of s3://${BUCKET.prodData}/${prefix}` });

test('Calculate: a bucket with a 100,000-key prefix, the table, the drill-down, the lifecycle rule', async ({
  page,
  world,
}) => {
  const admin = world.s3For(ACCOUNT.prod);
  // Parts another tool left behind: the summary counts them apart and suggests the rule.
  await leaveUpload(admin, BUCKET.prodData, 'exports/stuck.parquet', [5 * 1024 * 1024]);
  const expected = await listingOf(admin, BUCKET.prodData);
  const total = [...expected.values()].reduce(
    (s, t) => ({ objects: s.objects + t.objects, bytes: s.bytes + t.bytes }),
    {
      objects: 0,
      bytes: 0,
    },
  );
  expect(expected.get(PREFIX)?.objects).toBe(COUNT);

  await openProdData(page);
  await page.getByRole('button', { name: 'Size & cost…' }).click();
  const dialog = dialogFor(page, '');
  await expect(dialog.getByText(/Counting… [\d,]+ keys? so far · [\d,]+ keys\/s/)).toBeVisible();
  await expect(dialog.getByText(/^Computed /)).toBeVisible({ timeout: 200_000 });
  await expect(dialog.locator('[data-total="objects"]')).toHaveText(`${count(total.objects)} objects`);

  await dialog.getByRole('button', { name: 'Table', exact: true }).click();
  const table = dialog.getByRole('table', { name: 'Sub-prefixes' });
  for (const [child, t] of expected) {
    const name = child === '' ? '(objects in this folder)' : child;
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await expect(row.getByRole('cell').first()).toHaveText(count(t.objects));
  }
  await expect(dialog.getByRole('table', { name: 'Storage class and age' })).toContainText('< 30 days');

  // The lifecycle suggestion: the JSON that aborts the stuck parts, for the owner's account.
  await expect(
    dialog.getByText(/incomplete multipart uploads aborted after 7 days saves (about|under) \$/),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Show the rule' }).click();
  await expect(dialog.getByRole('note')).toContainText(
    `Apply in account ${ACCOUNT.prod}, which owns ${BUCKET.prodData}`,
  );
  await expect(dialog.getByRole('textbox', { name: 'Lifecycle configuration JSON' })).toHaveValue(
    /"DaysAfterInitiation": 7/,
  );

  // Drill down from the picture: the pane follows, and the sub-prefix is counted.
  await dialog.getByRole('button', { name: 'Picture', exact: true }).click();
  await expect(dialog.getByRole('button', { name: /^Open huge\/ \(97\.7 KiB\)/ })).toBeVisible();
  await dialog.getByRole('button', { name: /^Open big\// }).click();
  await expect(page.getByRole('textbox', { name: 'S3 address' })).toHaveValue(`s3://${BUCKET.prodData}/big/`);
  const inner = dialogFor(page, 'big/');
  await expect(inner.getByText(/^Computed /)).toBeVisible({ timeout: 60_000 });
  await expect(inner.locator('[data-total="objects"]')).toHaveText('1 object');
  await expect(inner.locator('[data-total="bytes"]')).toHaveText('6.0 MiB');
  // The first result stays with the session, with its time: going back up shows it again.
  await inner.getByRole('button', { name: 'Close dialog' }).click();
  await page.getByRole('button', { name: 'Up one folder' }).click();
  await page.getByRole('button', { name: 'Size & cost…' }).click();
  await expect(dialog.getByText(/^Computed .* from a listing\.$/)).toBeVisible();
  await expect(dialog.locator('[data-total="objects"]')).toHaveText(`${count(total.objects)} objects`);
});
