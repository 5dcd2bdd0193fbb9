/**
 * Copying across accounts: each pane has its own session, and rows dragged from one pane onto
 * the other arrive byte-identical in the other account's bucket.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ACCOUNT, BUCKET, PROD_DATA_OBJECTS, PROFILE } from '../support/standard-world';
import { expect, test } from './fixtures';
import { grid, openProfile } from './steps';

const bytesOf = async (s3: S3Client, bucket: string, key: string): Promise<Buffer> => {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from((await got.Body?.transformToByteArray()) ?? []);
};

test('rows dragged from a deploy pane (222222222222) to a dev pane (111111111111) arrive byte-identical', async ({
  page,
  world,
}) => {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await page.keyboard.press('ControlOrMeta+Backslash');
  const left = page.getByRole('region', { name: 'Left pane' });
  const right = page.getByRole('region', { name: 'Right pane' });
  await openProfile(page, PROFILE.dev);
  await expect(right).toContainText(ACCOUNT.dev);
  await right.getByRole('button', { name: BUCKET.devArtifacts, exact: true }).click();
  await expect(grid(right).getByRole('row', { name: /notes\.txt/ })).toBeVisible();

  // A file and a folder whose key needs encoding (`docs/hello world ü.txt`).
  const readme = grid(left).getByRole('row', { name: /README\.txt/ });
  await readme.click();
  await grid(left)
    .getByRole('row', { name: /docs/ })
    .click({ modifiers: ['ControlOrMeta'] });
  // Playwright's dragTo does not carry the app's own MIME type, so the drag is played as events.
  const target = await grid(right).elementHandle();
  await readme.evaluate((row, list) => {
    const dt = new DataTransfer();
    row.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: dt }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      list?.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
    row.dispatchEvent(new DragEvent('dragend', { bubbles: true, dataTransfer: dt }));
  }, target);

  const panel = page.getByRole('region', { name: 'Transfers' });
  for (const key of ['README.txt', 'docs/hello world ü.txt', 'docs/a+b%20c.txt']) {
    await expect(
      panel.locator('.transfer-row').filter({ hasText: `s3://${BUCKET.devArtifacts}/${key}` }),
    ).toContainText('Done');
  }
  const dev = world.s3For(ACCOUNT.dev);
  const prod = world.s3For(ACCOUNT.prod);
  for (const key of ['README.txt', 'docs/hello world ü.txt', 'docs/a+b%20c.txt']) {
    expect(
      (await bytesOf(dev, BUCKET.devArtifacts, key)).equals(await bytesOf(prod, BUCKET.prodData, key)),
    ).toBe(true);
  }
  expect((await bytesOf(dev, BUCKET.devArtifacts, 'README.txt')).toString()).toBe(
    PROD_DATA_OBJECTS['README.txt'],
  );
  await expect(grid(right).getByRole('row', { name: /README\.txt/ })).toBeVisible();
});
