/**
 * Conflicts in both directions, decided in the dialog: Skip leaves the existing bytes as they
 * were, Keep both writes `name (1).ext` beside them, and "Apply to all" settles the rest of the job.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { formatBytes } from '../../src/renderer/components/format';
import { ACCOUNT, BUCKET, PROD_DATA_OBJECTS } from '../support/standard-world';
import { expect, test } from './fixtures';
import { grid, openProdData } from './steps';

const REPORTS = ['reports/2024/q1.csv', 'reports/2024/q2.csv', 'reports/2025/q1.csv'];

/** Drops `<desktop>/<name>` on the open folder, as a file manager would. */
const drop = (page: Page, name: string) =>
  grid(page).evaluate((table, dropped) => {
    const dt = new DataTransfer();
    dt.items.add(new File([], dropped));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      table.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  }, name);

const write = (path: string, body: string): void => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, body);
};

test('uploading onto existing keys: skip, keep both, and overwrite applied to all', async ({
  page,
  desktop,
  world,
}) => {
  const s3 = world.s3For(ACCOUNT.prod);
  const remote = async (key: string): Promise<string | undefined> =>
    (await s3.send(new GetObjectCommand({ Bucket: BUCKET.prodData, Key: key }))).Body?.transformToString();
  const original = PROD_DATA_OBJECTS['README.txt'] as string;
  write(join(desktop, 'README.txt'), 'my local readme, longer than the one in the bucket\n');
  for (const key of REPORTS) write(join(desktop, key), `local ${key}\n`);
  await openProdData(page);

  await drop(page, 'README.txt');
  const dialog = page.getByRole('dialog', { name: 'The object already exists' });
  await expect(dialog).toContainText(`s3://${BUCKET.prodData}/README.txt`);
  await expect(dialog.getByRole('row', { name: /^Existing/ })).toContainText(formatBytes(original.length));
  await expect(dialog.getByRole('row', { name: /^Incoming/ })).toContainText(formatBytes(51));
  await dialog.getByRole('button', { name: 'Skip' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Transfers' })).toContainText('Skipped');
  expect(await remote('README.txt')).toBe(original);

  await drop(page, 'README.txt');
  await dialog.getByRole('button', { name: 'Keep both' }).click();
  await expect(grid(page).getByRole('row', { name: /README \(1\)\.txt/ })).toBeVisible();
  expect(await remote('README (1).txt')).toBe('my local readme, longer than the one in the bucket\n');
  expect(await remote('README.txt')).toBe(original);

  // Three clashes in one drop: one answer for all of them.
  await drop(page, 'reports');
  await dialog.getByRole('checkbox', { name: 'Apply to all 3 conflicts of this transfer' }).check();
  await dialog.getByRole('button', { name: 'Overwrite' }).click();
  await expect(dialog).toHaveCount(0);
  await expect
    .poll(async () => Promise.all(REPORTS.map(remote)))
    .toEqual(REPORTS.map((key) => `local ${key}\n`));
});

test('downloading onto existing files: skip leaves them byte-identical, keep both writes beside them', async ({
  page,
  desktop,
  dialogAnswers,
}) => {
  dialogAnswers.directory = desktop;
  const local = (path: string): Buffer => readFileSync(join(desktop, path));
  write(join(desktop, 'README.txt'), 'notes I must not lose\n');
  // Downloading the folder `reports` writes below `<desktop>/reports`.
  for (const key of REPORTS) write(join(desktop, key), `mine ${key}\n`);
  await openProdData(page);
  const download = page
    .getByRole('toolbar', { name: 'Folder and selection actions' })
    .getByRole('button', { name: 'Download' });
  const dialog = page.getByRole('dialog', { name: 'The file already exists' });

  await grid(page)
    .getByRole('row', { name: /README\.txt/ })
    .click();
  await download.click();
  await expect(dialog).toContainText(join(desktop, 'README.txt'));
  await expect(dialog.getByRole('row', { name: /^Existing/ })).toContainText(formatBytes(22));
  const before = local('README.txt');
  await dialog.getByRole('button', { name: 'Skip' }).click();
  await expect(page.getByRole('region', { name: 'Transfers' })).toContainText('Skipped');
  expect(local('README.txt').equals(before)).toBe(true);

  await download.click();
  await dialog.getByRole('button', { name: 'Keep both' }).click();
  await expect.poll(() => existsSync(join(desktop, 'README (1).txt'))).toBe(true);
  expect(local('README (1).txt').toString()).toBe(PROD_DATA_OBJECTS['README.txt']);
  expect(local('README.txt').equals(before)).toBe(true);

  const mine = REPORTS.map(local);
  await grid(page)
    .getByRole('row', { name: /reports/ })
    .click();
  await download.click();
  await dialog.getByRole('checkbox', { name: 'Apply to all 3 conflicts of this transfer' }).check();
  await dialog.getByRole('button', { name: 'Skip' }).click();
  await expect(dialog).toHaveCount(0);
  const panel = page.getByRole('region', { name: 'Transfers' });
  for (const key of REPORTS) {
    const row = panel.locator('.transfer-row').filter({ hasText: `s3://${BUCKET.prodData}/${key}` });
    await expect(row).toContainText('Skipped');
  }
  expect(REPORTS.map(local)).toEqual(mine);
});

test('a long name in the conflict dialog wraps onto more lines instead of being cut', async ({
  page,
  desktop,
  world,
}) => {
  const name = `${'quarterly report for the finance team, with every appendix and annex, '.repeat(3)}final.csv`;
  await world
    .s3For(ACCOUNT.prod)
    .send(new PutObjectCommand({ Bucket: BUCKET.prodData, Key: name, Body: 'theirs' }));
  write(join(desktop, name), 'mine');
  await openProdData(page);
  await drop(page, name);
  const dialog = page.getByRole('dialog', { name: 'The object already exists' });
  const shown = dialog.locator('.conflict__target code');
  await expect(shown).toHaveText(`s3://${BUCKET.prodData}/${name}`);
  const box = await shown.evaluate((el) => ({
    cut: el.scrollWidth > el.clientWidth + 1,
    lines: Math.round(el.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(el).lineHeight)),
  }));
  expect(box.cut).toBe(false);
  expect(box.lines).toBeGreaterThan(1);
  await dialog.getByRole('button', { name: 'Skip' }).click();
});
