/**
 * Beyond one listing, in the window: a bucket with an inventory configured reads its newest
 * report (written here in S3's layout; moto writes none) into the summary, marked with the
 * report's date; a bucket without one configures it and shows the destination's policy with the
 * account that must apply it.
 */
import {
  GetBucketInventoryConfigurationCommand,
  PutBucketInventoryConfigurationCommand,
} from '@aws-sdk/client-s3';
import { writeInventoryReport } from '../support/inventory-report';
import { ACCOUNT, BUCKET } from '../support/standard-world';
import { expect, test } from './fixtures';
import { openProdData } from './steps';

const DAY = 86_400_000;

test('reads the newest inventory report instead of listing', async ({ page, world }) => {
  const admin = world.s3For(ACCOUNT.prod);
  await admin.send(
    new PutBucketInventoryConfigurationCommand({
      Bucket: BUCKET.prodData,
      Id: 'daily',
      InventoryConfiguration: {
        Id: 'daily',
        IsEnabled: true,
        IncludedObjectVersions: 'Current',
        Schedule: { Frequency: 'Daily' },
        Destination: {
          S3BucketDestination: {
            Bucket: `arn:aws:s3:::${BUCKET.prodLogs}`,
            Format: 'CSV',
            Prefix: 'inventory',
          },
        },
      },
    }),
  );
  const now = Date.now();
  await writeInventoryReport(admin, {
    sourceBucket: BUCKET.prodData,
    destinationBucket: BUCKET.prodLogs,
    prefix: 'inventory',
    configurationId: 'daily',
    date: '2026-12-05T01-00Z',
    format: 'CSV',
    files: [
      [
        {
          key: 'archive/2019.tar',
          size: 3 * 1024 * 1024,
          lastModified: new Date(now - 800 * DAY),
          storageClass: 'GLACIER',
        },
        { key: 'archive/2020.tar', size: 1024 * 1024, lastModified: new Date(now - 500 * DAY) },
        { key: 'README.txt', size: 40, lastModified: new Date(now - DAY) },
      ],
    ],
  });

  await openProdData(page);
  await page.getByRole('button', { name: 'Size & cost…' }).click();
  const dialog = page.getByRole('dialog', { name: `Storage of s3://${BUCKET.prodData}/` });
  await expect(dialog.getByText(/^Computed .* from a listing\./)).toBeVisible({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'S3 Inventory…' }).click();
  await dialog.getByRole('button', { name: 'Read the newest report' }).click();
  await expect(dialog.getByText(/from the S3 Inventory report of Dec 5, 2026/)).toBeVisible();
  await expect(dialog.locator('[data-total="objects"]')).toHaveText('3 objects');
  await expect(dialog.getByRole('button', { name: /^Open archive\/ \(4\.0 MiB\)/ })).toBeVisible();
  // A year-old STANDARD megabyte: the report's ages reach the lifecycle suggestions.
  await expect(dialog.getByText(/1\.0 MiB older than 90 days in STANDARD → STANDARD_IA saves/)).toBeVisible();
});

test('configures an inventory and shows the destination policy for its owner', async ({ page, world }) => {
  await openProdData(page);
  await page.getByRole('button', { name: 'Size & cost…' }).click();
  const dialog = page.getByRole('dialog', { name: `Storage of s3://${BUCKET.prodData}/` });
  await expect(dialog.getByText(/^Computed /)).toBeVisible({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'S3 Inventory…' }).click();
  await expect(dialog.getByText('No inventory is configured.', { exact: false })).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Destination bucket' }).fill(BUCKET.prodLogs);
  await dialog.getByRole('button', { name: 'Configure inventory' }).click();
  const policy = dialog.getByRole('textbox', { name: 'Destination bucket policy JSON' });
  await expect(policy).toHaveValue(/"Service": "s3.amazonaws.com"/);
  await expect(policy).toHaveValue(new RegExp(`"aws:SourceArn": "arn:aws:s3:::${BUCKET.prodData}"`));
  await expect(dialog.getByRole('note').filter({ hasText: 'Configured' })).toContainText(
    `apply this in account ${ACCOUNT.prod}`,
  );
  const stored = await world.s3For(ACCOUNT.prod).send(
    new GetBucketInventoryConfigurationCommand({
      Bucket: BUCKET.prodData,
      Id: 'crossbucket-storage-summary',
    }),
  );
  expect(stored.InventoryConfiguration?.Destination?.S3BucketDestination?.Bucket).toBe(
    `arn:aws:s3:::${BUCKET.prodLogs}`,
  );
  await expect(dialog.getByRole('listitem').filter({ hasText: 'crossbucket-storage-summary' })).toBeVisible();
});
