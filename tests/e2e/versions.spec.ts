/**
 * A versioned bucket through the UI against moto: deleted objects shown on demand and
 * brought back, a previous version previewed, downloaded and made current, and one version
 * deleted for good after a confirmation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import type { World } from '../support/aws-world';
import { ACCOUNT, BUCKET, PROFILE, standardWorldSpec } from '../support/standard-world';
import { expect, test } from './fixtures';
import { openProfile, rowNamed } from './steps';

const spec = standardWorldSpec();
const logs = spec.accounts[ACCOUNT.prod]?.buckets?.[BUCKET.prodLogs];
if (logs) logs.versioning = true;
test.use({ worldSpec: spec });

const details = (page: Page) => page.getByRole('complementary', { name: 'Object details' });
const versionsList = (page: Page) => details(page).getByRole('region', { name: 'Versions' });
const row = rowNamed;

const s3 = (world: World) => world.s3For(ACCOUNT.prod);
const put = async (world: World, key: string, body: string): Promise<string> =>
  (await s3(world).send(new PutObjectCommand({ Bucket: BUCKET.prodLogs, Key: key, Body: body }))).VersionId ??
  '';
const bodyOf = async (world: World, key: string): Promise<string> =>
  (await (
    await s3(world).send(new GetObjectCommand({ Bucket: BUCKET.prodLogs, Key: key }))
  ).Body?.transformToString()) ?? '';
const versionIds = async (world: World, key: string): Promise<string[]> => {
  const out = await s3(world).send(new ListObjectVersionsCommand({ Bucket: BUCKET.prodLogs, Prefix: key }));
  return [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])]
    .filter((v) => v.Key === key)
    .map((v) => v.VersionId ?? '');
};

async function openApp(page: Page): Promise<void> {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodLogs, exact: true }).click();
  await row(page, 'app').dblclick();
  await expect(row(page, '2025-01-01.log')).toBeVisible();
}

test('shows deleted objects on demand and brings one back', async ({ page, world }) => {
  await put(world, 'app/gone.log', 'I was deleted\n');
  await s3(world).send(new DeleteObjectCommand({ Bucket: BUCKET.prodLogs, Key: 'app/gone.log' }));
  await openApp(page);
  await expect(row(page, 'gone.log')).toHaveCount(0);

  await page.getByRole('checkbox', { name: 'Show deleted' }).check();
  await expect(page.getByRole('status').filter({ hasText: '1 deleted here' })).toBeVisible();
  await expect(row(page, 'gone.log')).toContainText('Deleted');

  await row(page, 'gone.log').click();
  await expect(details(page)).toContainText('Deleted: the current version is a delete marker.');
  // Nothing current to download or delete: the toolbar's actions do not take a deleted row.
  const toolbar = page.getByRole('toolbar', { name: 'Folder and selection actions' });
  await expect(toolbar.getByRole('button', { name: 'Delete', exact: true })).toBeDisabled();
  await expect(toolbar.getByRole('button', { name: 'Download', exact: true })).toBeDisabled();
  await expect(versionsList(page).getByText('delete marker', { exact: true })).toBeVisible();
  await details(page).getByRole('button', { name: 'Undelete…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Undelete 1 deleted object?' });
  await dialog.getByRole('button', { name: 'Undelete 1 deleted object' }).click();
  await expect(dialog.getByRole('status')).toContainText('Brought back 1 object.');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  expect(await bodyOf(world, 'app/gone.log')).toBe('I was deleted\n');
  // The row is live again (read from the listing, not from the version history).
  await expect(row(page, 'gone.log')).toContainText('STANDARD');
  await expect(page.getByRole('status').filter({ hasText: '0 deleted here' })).toBeVisible();
});

test('previews, downloads and restores a previous version; deletes one after confirming', async ({
  page,
  world,
  desktop,
  dialogAnswers,
}) => {
  const first = await put(world, 'app/report.txt', 'first draft\n');
  const second = await put(world, 'app/report.txt', 'second draft\n');
  dialogAnswers.directory = desktop;
  await openApp(page);
  await row(page, 'report.txt').click();
  await expect(versionsList(page).getByRole('listitem')).toHaveCount(2);

  // Preview the old version, then go back to Details.
  await versionsList(page)
    .getByRole('button', { name: `Preview version ${first}` })
    .click();
  await expect(details(page).getByRole('region', { name: 'Preview' })).toContainText('first draft');
  await details(page).getByRole('button', { name: 'Details', exact: true }).click();

  // Download the chosen version.
  await versionsList(page)
    .getByRole('button', { name: `Download version ${second}` })
    .click();
  await expect.poll(() => existsSync(join(desktop, 'report.txt')), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => readFileSync(join(desktop, 'report.txt'), 'utf8')).toBe('second draft\n');

  // Make the first version current again: copied over, history kept.
  await versionsList(page)
    .getByRole('button', { name: `Make version ${first} current` })
    .click();
  await expect(versionsList(page).getByRole('listitem')).toHaveCount(3);
  expect(await bodyOf(world, 'app/report.txt')).toBe('first draft\n');

  // Delete the second version for good, after the confirmation.
  await versionsList(page)
    .getByRole('button', { name: `Delete version ${second}` })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Delete this version for good?' });
  await expect(dialog).toContainText('The current version stays as it is.');
  await dialog.getByRole('button', { name: 'Delete version' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(versionsList(page).getByRole('listitem')).toHaveCount(2);
  expect(await versionIds(world, 'app/report.txt')).not.toContain(second);
  expect(await versionIds(world, 'app/report.txt')).toContain(first);
});
