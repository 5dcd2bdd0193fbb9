/**
 * The address bar reads every form people paste (S3 URI, S3 HTTPS URLs, Console pages, ARNs)
 * and tells objects from folders: an object opens its folder with the object selected and
 * its details shown.
 */
import type { Page } from '@playwright/test';
import { BUCKET } from '../support/standard-world';
import { expect, test } from './fixtures';
import { grid, openProdData } from './steps';

const addressBar = (page: Page) => page.getByRole('textbox', { name: 'S3 address' });
const details = (page: Page) => page.getByRole('complementary', { name: 'Object details' });

async function go(page: Page, text: string): Promise<void> {
  await addressBar(page).fill(text);
  await addressBar(page).press('Enter');
}

test('a virtual-hosted HTTPS URL opens its bucket and folder', async ({ page }) => {
  await openProdData(page);
  await go(page, `https://${BUCKET.prodData}.s3.amazonaws.com/reports/`);
  await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.prodData}/reports/`);
  await expect(grid(page).getByRole('row', { name: /2024/ })).toBeVisible();

  await go(page, `https://s3.us-east-1.amazonaws.com/${BUCKET.prodLogs}/app/`);
  await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.prodLogs}/app/`);
  await expect(grid(page).getByRole('row', { name: /2025-01-02\.log/ })).toBeVisible();
});

test('an object key opens its folder with the object selected and its details shown', async ({ page }) => {
  await openProdData(page);
  await go(page, `https://${BUCKET.prodData}.s3.amazonaws.com/reports/`);
  await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.prodData}/reports/`);

  await go(page, `s3://${BUCKET.prodData}/README.txt`);
  await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.prodData}/`);
  await expect(grid(page).getByRole('row', { name: /README\.txt/ })).toHaveAttribute('aria-selected', 'true');
  await expect(details(page)).toContainText('README.txt');
  await expect(details(page)).toContainText('ETag');
  await expect(page.getByText('Drop files here')).toHaveCount(0);

  // A Console object page, with a key that needs encoding, lands on the same kind of view.
  await go(
    page,
    `https://s3.console.aws.amazon.com/s3/object/${BUCKET.prodData}?region=us-east-1&prefix=docs%2Fhello%20world%20%C3%BC.txt`,
  );
  await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.prodData}/docs/`);
  await expect(grid(page).getByRole('row', { name: /hello world ü\.txt/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(details(page)).toContainText('docs/hello world ü.txt');
});

test('a folder typed without its slash, as an ARN, opens the folder', async ({ page }) => {
  await openProdData(page);
  await go(page, `arn:aws:s3:::${BUCKET.prodData}/reports/2024`);
  await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.prodData}/reports/2024/`);
  await expect(grid(page).getByRole('row', { name: /q1\.csv/ })).toBeVisible();
});

test('an address that names no S3 location says why and stays put', async ({ page }) => {
  await openProdData(page);
  await go(page, 'https://example.com/bucket/key');
  await expect(page.getByRole('alert').filter({ hasText: 'not an S3 endpoint' })).toBeVisible();
  await expect(grid(page).getByRole('row', { name: /README\.txt/ })).toBeVisible();
  await addressBar(page).press('Escape');
  await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.prodData}/`);
  await expect(page.getByRole('alert').filter({ hasText: 'not an S3 endpoint' })).toHaveCount(0);
});
