/**
 * Uploads by drop: only paths cross the bridge, the transfers panel shows the rows, and
 * files without a disk path are reported, not read.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ACCOUNT, BUCKET, PROFILE } from '../support/standard-world';
import { expect, test } from './fixtures';
import { grid, openProdData } from './steps';

test('dropping files on a folder row uploads them there and shows them in Transfers', async ({
  page,
  desktop,
}) => {
  writeFileSync(join(desktop, 'hello.txt'), 'hello');
  await page
    .getByRole('list', { name: 'AWS profiles' })
    .getByRole('button', { name: new RegExp(`^${PROFILE.deploy}\\b`) })
    .click();
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  const folder = page.getByRole('grid', { name: 'Objects' }).locator('tr[data-kind="folder"]').first();
  await expect(folder).toBeVisible();
  await folder.evaluate((row) => {
    const dt = new DataTransfer();
    dt.items.add(new File(['hello'], 'hello.txt', { type: 'text/plain' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      row.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  });
  const panel = page.getByRole('region', { name: 'Transfers' });
  await expect(panel.getByRole('button', { name: 'Transfers' })).toHaveAttribute('aria-expanded', 'true');
  const folderKey = await folder.locator('td').first().getAttribute('title');
  await expect(panel).toContainText(`s3://${BUCKET.prodData}/${folderKey}hello.txt`);
  await expect(panel).toContainText('Done');
});

test('dropping a folder tree uploads every file, empty folder and unicode name, each row to 100 %', async ({
  page,
  desktop,
  world,
}) => {
  const files = {
    'top.txt': 'top',
    'nested/deeper/leaf.txt': 'leaf',
    'ünïcødé/naïve file.txt': 'naïve',
    '写真/夏の海.txt': '海',
  };
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(desktop, 'tree', path)), { recursive: true });
    writeFileSync(join(desktop, 'tree', path), body);
  }
  mkdirSync(join(desktop, 'tree', 'empty'));
  await page
    .getByRole('list', { name: 'AWS profiles' })
    .getByRole('button', { name: new RegExp(`^${PROFILE.deploy}\\b`) })
    .click();
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  const grid = page.getByRole('grid', { name: 'Objects' });
  await expect(grid.getByRole('row', { name: /README\.txt/ })).toBeVisible();
  // Dropped on the list itself, not a folder row: the tree lands in the open (root) folder.
  await grid.evaluate((table) => {
    const dt = new DataTransfer();
    dt.items.add(new File([], 'tree'));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      table.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  });

  const panel = page.getByRole('region', { name: 'Transfers' });
  for (const shown of [...Object.keys(files), 'empty'].map((p) => `tree/${p}`)) {
    const bar = page.getByRole('progressbar', { name: `Upload progress of ${shown}`, exact: true });
    const row = panel.locator('.transfer-row').filter({ has: bar });
    await expect(row.getByRole('progressbar')).toHaveJSProperty('position', 1);
    await expect(row).toContainText('100%');
    await expect(row).toContainText('Done');
  }
  const s3 = world.s3For(ACCOUNT.prod);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET.prodData, Prefix: 'tree/' }));
  expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(
    [...Object.keys(files), 'empty/'].map((p) => `tree/${p}`).sort(),
  );
  for (const [path, body] of Object.entries(files)) {
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET.prodData, Key: `tree/${path}` }));
    expect(await got.Body?.transformToString()).toBe(body);
  }
});

test('a new transfer is scrolled into view, below a long list of finished ones', async ({
  page,
  desktop,
}) => {
  for (let i = 0; i < 40; i++)
    writeFileSync(join(desktop, `batch-${String(i).padStart(2, '0')}.txt`), `${i}`);
  writeFileSync(join(desktop, 'late.txt'), 'late');
  await openProdData(page);
  const drop = (names: string[]) =>
    grid(page).evaluate((table, dropped) => {
      const dt = new DataTransfer();
      for (const name of dropped) dt.items.add(new File([], name));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        table.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    }, names);
  const panel = page.getByRole('region', { name: 'Transfers' });

  await drop(Array.from({ length: 40 }, (_, i) => `batch-${String(i).padStart(2, '0')}.txt`));
  // 10 one-byte and 30 two-byte files.
  await expect(panel).toContainText('100% · 70 B / 70 B');
  // Back to the top of the finished rows, as a user reading them would be.
  await panel.locator('.transfers__body').evaluate((body) => body.scrollTo(0, 0));

  await drop(['late.txt']);
  const late = panel.locator('.transfer-row').filter({ hasText: `s3://${BUCKET.prodData}/late.txt` });
  await expect(late).toBeInViewport();
  await expect(late).toContainText('Done');
});
