/**
 * The incomplete-uploads view against moto: uploads another tool began and left, listed with their
 * parts and size; aborted one at a time, by selection and by age; and the lifecycle rule to copy.
 */
import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { leaveUpload } from '../support/multipart-seed';
import { BUCKET } from '../support/standard-world';
import { expect, isBrowserShell, test } from './fixtures';
import { openProdData } from './steps';

const PROD = '222222222222';
const MiB = 1024 * 1024;

const openKeys = async (client: S3Client): Promise<string[]> =>
  ((await client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET.prodData }))).Uploads ?? [])
    .map((u) => u.Key ?? '')
    .sort();

const confirmAbort = async (page: Page): Promise<void> => {
  const confirm = page.getByRole('alertdialog', { name: 'Confirm abort' });
  await confirm.getByRole('button', { name: 'Abort', exact: true }).click();
  await expect(confirm).toBeHidden();
};

test('lists the uploads other tools left, aborts them one, some and all, and offers the lifecycle rule', async ({
  page,
  world,
}, testInfo) => {
  const tool = world.s3For(PROD);
  await leaveUpload(tool, BUCKET.prodData, 'videos/holiday.mov', [5 * MiB, 2 * MiB]);
  await leaveUpload(tool, BUCKET.prodData, 'backup.tar', []);
  await leaveUpload(tool, BUCKET.prodData, 'logs/2024-01.gz', [300 * 1024]);

  await openProdData(page);
  await page
    .getByRole('toolbar', { name: 'Folder and selection actions' })
    .getByRole('button', { name: 'Incomplete uploads…' })
    .click();
  const dialog = page.getByRole('dialog', { name: `Incomplete uploads in ${BUCKET.prodData}` });
  await expect(dialog.getByRole('status').first()).toContainText('3 uploads began and never finished');
  await expect(dialog.getByRole('status').first()).toContainText('7.3 MiB of parts');
  const row = (key: string) => dialog.getByRole('row').filter({ hasText: key });
  await expect(row('videos/holiday.mov')).toContainText('7.0 MiB');
  await expect(row('videos/holiday.mov').getByRole('cell').nth(4)).toHaveText('2');
  await expect(row('backup.tar').getByRole('cell').nth(4)).toHaveText('0');
  const { violations } = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  expect(
    violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help}`),
  ).toEqual([]);

  // The lifecycle rule, with the days the field holds.
  const json = dialog.getByRole('textbox', { name: 'Lifecycle configuration JSON' });
  await expect(json).toHaveValue(/"AbortIncompleteMultipartUpload": \{\s+"DaysAfterInitiation": 7/);
  await dialog.getByRole('spinbutton', { name: 'Days' }).fill('3');
  await expect(json).toHaveValue(/"DaysAfterInitiation": 3/);
  await expect(
    dialog.getByText(`--bucket ${BUCKET.prodData} --lifecycle-configuration file://lifecycle.json`),
  ).toBeVisible();
  if (isBrowserShell(testInfo.project.name)) {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await dialog.getByRole('button', { name: 'Copy JSON' }).click();
    await expect(dialog.getByText('JSON copied.')).toBeVisible();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as {
      Rules: { AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number } }[];
    };
    expect(copied.Rules.at(-1)?.AbortIncompleteMultipartUpload?.DaysAfterInitiation).toBe(3);
  }

  // One, from its row: asked first, and keeping it keeps it.
  await dialog.getByRole('button', { name: 'Abort upload of backup.tar' }).click();
  await page
    .getByRole('alertdialog', { name: 'Confirm abort' })
    .getByRole('button', { name: 'Keep them' })
    .click();
  expect(await openKeys(tool)).toEqual(['backup.tar', 'logs/2024-01.gz', 'videos/holiday.mov']);
  await dialog.getByRole('button', { name: 'Abort upload of backup.tar' }).click();
  await confirmAbort(page);
  await expect(dialog.getByText('Aborted 1 upload.')).toBeVisible();
  await expect(row('backup.tar')).toHaveCount(0);
  expect(await openKeys(tool)).toEqual(['logs/2024-01.gz', 'videos/holiday.mov']);

  // A selection.
  await dialog.getByRole('checkbox', { name: 'Select logs/2024-01.gz' }).check();
  await dialog.getByRole('button', { name: 'Abort selected (1)' }).click();
  await confirmAbort(page);
  await expect(row('logs/2024-01.gz')).toHaveCount(0);
  expect(await openKeys(tool)).toEqual(['videos/holiday.mov']);

  // By age: none is three days old; with 0 days, all of them.
  await expect(dialog.getByRole('button', { name: 'Abort all older than' })).toBeDisabled();
  await dialog.getByRole('spinbutton', { name: 'Days' }).fill('0');
  await dialog.getByRole('button', { name: 'Abort all older than' }).click();
  await confirmAbort(page);
  await expect(dialog.getByText('No incomplete uploads')).toBeVisible();
  expect(await openKeys(tool)).toEqual([]);
});
