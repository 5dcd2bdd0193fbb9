/**
 * Editing what the Console edits, through the UI against moto: metadata of one object (tags,
 * ACL and encryption kept), tags of a selection, the storage class of a folder, and a
 * restore from Glacier with its status in the details. Each edit is checked on the server.
 */
import {
  GetObjectAclCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import type { World } from '../support/aws-world';
import { ACCOUNT, BUCKET } from '../support/standard-world';
import { expect, test } from './fixtures';
import { grid, openFolder, rowNamed } from './steps';

const FOLDER = 'edit/';
const details = (page: Page) => page.getByRole('complementary', { name: 'Object details' });
const menu = (page: Page) => page.getByRole('menu', { name: 'Object actions' });
const row = rowNamed;

const s3 = (world: World) => world.s3For(ACCOUNT.prod);
const put = (world: World, key: string, extra: Omit<PutObjectCommandInput, 'Bucket' | 'Key'> = {}) =>
  s3(world).send(
    new PutObjectCommand({ Bucket: BUCKET.prodData, Key: `${FOLDER}${key}`, Body: key, ...extra }),
  );
const head = (world: World, key: string) =>
  s3(world).send(new HeadObjectCommand({ Bucket: BUCKET.prodData, Key: `${FOLDER}${key}` }));
const tags = async (world: World, key: string) => {
  const out = await s3(world).send(
    new GetObjectTaggingCommand({ Bucket: BUCKET.prodData, Key: `${FOLDER}${key}` }),
  );
  return Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key, t.Value]));
};

async function openEditFolder(page: Page): Promise<void> {
  await openFolder(page, BUCKET.prodData, FOLDER);
  await expect(grid(page).getByRole('row').nth(1)).toBeVisible();
}

/** Review, then confirm with the button that names the count, then wait for the outcome. */
async function confirm(page: Page, title: RegExp, button: string, outcome: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByRole('button', { name: 'Review…' }).click();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText(outcome);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

test('edits one object’s headers and metadata; its tags, ACL and encryption stay as they were', async ({
  page,
  world,
}) => {
  await put(world, 'report.csv', {
    ContentType: 'text/plain',
    Metadata: { owner: 'alice' },
    Tagging: 'team=data',
    ACL: 'public-read',
    ServerSideEncryption: 'AES256',
  });
  await openEditFolder(page);
  await row(page, 'report.csv').click();
  await details(page).getByRole('button', { name: 'Edit metadata…' }).click();

  const dialog = page.getByRole('dialog', { name: /^Edit metadata/ });
  // One object: the form starts from what it has.
  await expect(dialog.getByLabel('Content-Type')).toHaveValue('text/plain');
  await expect(dialog.getByRole('textbox', { name: 'Metadata key 1' })).toHaveValue('owner');
  await dialog.getByLabel('Content-Type').fill('text/csv; charset=utf-8');
  await dialog.getByLabel('Cache-Control').fill('max-age=60');
  await dialog.getByLabel('Content-Disposition').fill('attachment; filename="q1.csv"');
  await dialog.getByRole('button', { name: 'Add metadata' }).click();
  await dialog.getByRole('textbox', { name: 'Metadata key 2' }).fill('reviewed');
  await dialog.getByRole('textbox', { name: 'Metadata value 2' }).fill('yes');
  await dialog.getByRole('button', { name: 'Review…' }).click();
  await expect(page.getByRole('dialog', { name: /^Edit metadata: 1 object/ })).toContainText(
    'Content-Type: text/csv; charset=utf-8',
  );
  await dialog.getByRole('button', { name: 'Update 1 object', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText('Updated the metadata of 1 object.');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // The details read the object again.
  await expect(details(page)).toContainText('text/csv; charset=utf-8');
  await expect(details(page)).toContainText('max-age=60');
  await expect(details(page)).toContainText('reviewed');

  const after = await head(world, 'report.csv');
  expect(after).toMatchObject({
    ContentType: 'text/csv; charset=utf-8',
    CacheControl: 'max-age=60',
    ContentDisposition: 'attachment; filename="q1.csv"',
    Metadata: { owner: 'alice', reviewed: 'yes' },
    ServerSideEncryption: 'AES256',
  });
  expect(await tags(world, 'report.csv')).toEqual({ team: 'data' });
  const acl = await s3(world).send(
    new GetObjectAclCommand({ Bucket: BUCKET.prodData, Key: `${FOLDER}report.csv` }),
  );
  expect(acl.Grants?.some((g) => g.Grantee?.URI?.endsWith('/AllUsers') && g.Permission === 'READ')).toBe(
    true,
  );
});

test('tags a selection from the context menu, keeping each object’s other tags', async ({ page, world }) => {
  await put(world, 'a.txt', { Tagging: 'keep=1' });
  await put(world, 'b.txt');
  await openEditFolder(page);
  await row(page, 'a.txt').click();
  await row(page, 'b.txt').click({ modifiers: ['Control'] });
  await row(page, 'b.txt').click({ button: 'right' });
  await menu(page).getByRole('menuitem', { name: 'Edit tags…' }).click();

  const dialog = page.getByRole('dialog', { name: /^Edit tags/ });
  await dialog.getByRole('button', { name: 'Add tag' }).click();
  await dialog.getByRole('textbox', { name: 'Tag key 1' }).fill('project');
  await dialog.getByRole('textbox', { name: 'Tag value 1' }).fill('crossbucket');
  await confirm(page, /^Edit tags/, 'Tag 2 objects', 'Updated the tags of 2 objects.');

  expect(await tags(world, 'a.txt')).toEqual({ keep: '1', project: 'crossbucket' });
  expect(await tags(world, 'b.txt')).toEqual({ project: 'crossbucket' });
});

test('moves a folder to another storage class, counted and confirmed first', async ({ page, world }) => {
  await put(world, 'logs/1.log', { ContentType: 'text/plain', Metadata: { source: 'app' } });
  await put(world, 'logs/2.log');
  await put(world, 'logs/deep/3.log');
  await openEditFolder(page);
  await row(page, 'logs').click({ button: 'right' });
  await menu(page).getByRole('menuitem', { name: 'Change storage class…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Change storage class/ });
  await dialog.getByRole('radio', { name: /STANDARD_IA/ }).check();
  await dialog.getByRole('button', { name: 'Review…' }).click();
  await expect(dialog).toContainText('including everything inside the selected folders');
  await dialog.getByRole('button', { name: 'Move 3 objects', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText('Changed the storage class of 3 objects.');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  for (const key of ['logs/1.log', 'logs/2.log', 'logs/deep/3.log']) {
    expect((await head(world, key)).StorageClass, key).toBe('STANDARD_IA');
  }
  expect(await head(world, 'logs/1.log')).toMatchObject({
    ContentType: 'text/plain',
    Metadata: { source: 'app' },
  });
  await row(page, 'logs').dblclick();
  await expect(row(page, '1.log')).toContainText('STANDARD_IA');
});

test('restores a Glacier object with the tier and days chosen, and shows the restore in the details', async ({
  page,
  world,
}) => {
  await put(world, 'cold.log', { StorageClass: 'GLACIER' });
  await openEditFolder(page);
  await row(page, 'cold.log').click();
  await expect(details(page)).toContainText('Archived: restore it to read it');

  // Reading it before the restore says why it cannot be read.
  await details(page).getByRole('button', { name: 'Preview', exact: true }).click();
  await expect(details(page).getByRole('alert')).toContainText('archived');
  await details(page).getByRole('button', { name: 'Details', exact: true }).click();

  await world.moto.clearRecording();
  await details(page).getByRole('button', { name: 'Restore from archive…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Restore from archive/ });
  await dialog.getByRole('radio', { name: /^Bulk/ }).check();
  await dialog.getByLabel('Days the restored copy stays available').fill('3');
  await confirm(page, /^Restore from archive/, 'Restore 1 object', 'Restore requested for 1 object.');

  const sent = (await world.moto.recorded()).filter((r) => r.method === 'POST' && 'restore' in r.query);
  expect(sent).toHaveLength(1);
  expect(sent[0]?.body).toContain('<Days>3</Days>');
  expect(sent[0]?.body).toContain('<Tier>Bulk</Tier>');
  // moto completes restores at once; on AWS this reads "Restore in progress" for hours first.
  await expect(details(page)).toContainText('Restored copy until');
});
