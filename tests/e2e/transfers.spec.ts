/**
 * Uploads by drop: only paths cross the bridge, the transfers panel shows the rows, and
 * files without a disk path are reported, not read.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUCKET, PROFILE } from '../support/standard-world';
import { expect, test } from './fixtures';

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
