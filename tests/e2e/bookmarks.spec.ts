/**
 * Bookmarks: added with Ctrl+D from where the focused pane is, opened (session first, with the
 * MFA prompt when the chain needs one, then the location), renamed, reordered, deleted,
 * exported and imported through main's dialogs, opened by name in the address bar and from
 * crossbucket:// links handed to main.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { BUCKET, DEV_MFA_SERIAL, PROFILE } from '../support/standard-world';
import { expect, test } from './fixtures';
import { grid, openProdData, openProfile } from './steps';

const section = (page: Page) => page.getByRole('region', { name: 'Bookmarks' });
const bookmarkList = (page: Page) => page.getByRole('list', { name: 'Saved locations' });
const bookmarkButton = (page: Page, name: string) =>
  bookmarkList(page).getByRole('button', { name: new RegExp(`^${name}\\b`) });
const addressBar = (page: Page) => page.getByRole('textbox', { name: 'S3 address' });
const focusedSession = (page: Page) => page.getByRole('region', { name: 'Focused session' });
const details = (page: Page) => page.getByRole('complementary', { name: 'Object details' });

async function bookmarkHere(page: Page, name: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+KeyD');
  const dialog = page.getByRole('dialog', { name: 'Add bookmark' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Add bookmark' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(bookmarkButton(page, name)).toBeVisible();
}

async function bookmarkMenu(page: Page, name: string, item: string): Promise<void> {
  await bookmarkList(page)
    .getByRole('button', { name: `Actions for ${name}` })
    .click();
  await page
    .getByRole('menu', { name: `Bookmark ${name}` })
    .getByRole('menuitem', { name: item })
    .click();
}

async function names(page: Page): Promise<string[]> {
  return bookmarkList(page).locator('.bookmark-row__name').allTextContents();
}

test('Ctrl+D bookmarks a folder and an object; each opens its session first, then the location', async ({
  page,
}) => {
  await expect(section(page)).toContainText('No bookmarks yet');
  // Nowhere to bookmark yet: one clear sentence, not that and the empty-list hint.
  await page.keyboard.press('ControlOrMeta+KeyD');
  await expect(section(page).getByRole('status')).toContainText('Open a bucket or folder first');
  await expect(section(page)).not.toContainText('No bookmarks yet');
  await openProdData(page);
  await grid(page)
    .getByRole('row', { name: /reports/ })
    .dblclick();
  await grid(page).getByRole('row', { name: /2024/ }).dblclick();
  await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.prodData}/reports/2024/`);
  await page.keyboard.press('ControlOrMeta+KeyD');
  const dialog = page.getByRole('dialog', { name: 'Add bookmark' });
  await expect(dialog).toContainText(`s3://${BUCKET.prodData}/reports/2024/ as ${PROFILE.deploy}`);
  await expect(dialog.getByLabel('Name')).toHaveValue('reports/2024');
  await dialog.getByLabel('Name').fill('Reports 2024');
  await dialog.getByRole('button', { name: 'Add bookmark' }).click();
  await expect(bookmarkButton(page, 'Reports 2024')).toHaveAccessibleName(
    `Reports 2024 ${PROFILE.deploy} s3://${BUCKET.prodData}/reports/2024/`,
  );

  await grid(page)
    .getByRole('row', { name: /q1\.csv/ })
    .click();
  await bookmarkHere(page, 'Q1 numbers');

  // A name is used once: links and the address bar find bookmarks by it.
  await page.keyboard.press('ControlOrMeta+KeyD');
  const again = page.getByRole('dialog', { name: 'Add bookmark' });
  await again.getByLabel('Name').fill('reports 2024');
  await again.getByRole('button', { name: 'Add bookmark' }).click();
  await expect(again.getByRole('alert')).toContainText('A bookmark named “reports 2024” already exists.');
  await again.getByRole('button', { name: 'Cancel' }).click();

  // From another profile's session, the bookmark brings its own session back.
  await openProfile(page, PROFILE.dev);
  await expect(focusedSession(page)).toContainText('111111111111');
  await bookmarkButton(page, 'Q1 numbers').click();
  await expect(focusedSession(page)).toContainText('222222222222');
  await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.prodData}/reports/2024/`);
  await expect(grid(page).getByRole('row', { name: /q1\.csv/ })).toHaveAttribute('aria-selected', 'true');
  await expect(details(page)).toContainText('reports/2024/q1.csv');

  // By name, in the address bar.
  await addressBar(page).fill(`s3://${BUCKET.prodData}/`);
  await addressBar(page).press('Enter');
  await expect(grid(page).getByRole('row', { name: /README\.txt/ })).toBeVisible();
  await addressBar(page).fill('reports 2024');
  await addressBar(page).press('Enter');
  await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.prodData}/reports/2024/`);
  await expect(grid(page).getByRole('row', { name: /q2\.csv/ })).toBeVisible();
});

test('a bookmark on an MFA chain asks for the code before it opens', async ({ page, world }) => {
  await openProfile(page, PROFILE.audit);
  const mfa = page.getByRole('dialog', { name: 'MFA code required' });
  await mfa.getByLabel(/6-digit code/).fill(world.mfaCode(DEV_MFA_SERIAL));
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: BUCKET.auditReports, exact: true }).click();
  await grid(page)
    .getByRole('row', { name: /findings/ })
    .dblclick();
  await bookmarkHere(page, 'Audit findings');

  await page.getByRole('button', { name: 'Close session audit' }).click();
  await expect(page.getByText('Pick a profile on the left')).toBeVisible();
  await bookmarkButton(page, 'Audit findings').click();
  await expect(mfa).toBeVisible();
  await mfa.getByLabel(/6-digit code/).fill(world.mfaCode(DEV_MFA_SERIAL));
  await page.keyboard.press('Enter');
  await expect(focusedSession(page)).toContainText('333333333333');
  await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.auditReports}/findings/`);
  await expect(grid(page).getByRole('row', { name: /2025\.json/ })).toBeVisible();
});

test('rename, reorder and delete stick across a reload; export and import go through main’s dialogs', async ({
  page,
  desktop,
  dialogAnswers,
}) => {
  await openProdData(page);
  await bookmarkHere(page, 'Root');
  await grid(page).getByRole('row', { name: /docs/ }).dblclick();
  await bookmarkHere(page, 'Docs');
  await grid(page)
    .getByRole('row', { name: /hello world/ })
    .click();
  await bookmarkHere(page, 'Hello');
  expect(await names(page)).toEqual(['Root', 'Docs', 'Hello']);

  await bookmarkMenu(page, 'Hello', 'Move up');
  await expect.poll(() => names(page)).toEqual(['Root', 'Hello', 'Docs']);
  await bookmarkMenu(page, 'Root', 'Rename…');
  const rename = page.getByRole('dialog', { name: 'Rename bookmark' });
  await rename.getByLabel('Name').fill('Bucket root');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect.poll(() => names(page)).toEqual(['Bucket root', 'Hello', 'Docs']);

  await page.reload();
  await expect.poll(() => names(page)).toEqual(['Bucket root', 'Hello', 'Docs']);

  const exported = join(desktop, 'my-bookmarks.json');
  dialogAnswers.saveFile = exported;
  await section(page).getByRole('button', { name: 'Bookmark actions' }).click();
  await page.getByRole('menuitem', { name: 'Export…' }).click();
  await expect(section(page).getByRole('status')).toContainText(`Exported 3 bookmarks to ${exported}.`);
  const file = JSON.parse(readFileSync(exported, 'utf8')) as { bookmarks: { name: string; key?: string }[] };
  expect(file.bookmarks.map((b) => b.name)).toEqual(['Bucket root', 'Hello', 'Docs']);
  expect(file.bookmarks[1]?.key).toBe('docs/hello world ü.txt');
  // Nothing secret is in the file: sessions are named, never their credentials.
  expect(JSON.stringify(file)).not.toMatch(/AccessKey|Secret|SessionToken|ASIA|AKIA/);

  await bookmarkMenu(page, 'Docs', 'Delete');
  await bookmarkMenu(page, 'Hello', 'Delete');
  await expect.poll(() => names(page)).toEqual(['Bucket root']);

  dialogAnswers.openFile = exported;
  await section(page).getByRole('button', { name: 'Bookmark actions' }).click();
  await page.getByRole('menuitem', { name: 'Import…' }).click();
  await expect(section(page).getByRole('status')).toContainText('Imported 2 bookmarks from');
  await expect(section(page).getByRole('status')).toContainText(
    'Bucket root: a bookmark with this name exists',
  );
  await expect.poll(() => names(page)).toEqual(['Bucket root', 'Hello', 'Docs']);
});

test('crossbucket:// links handed to main open a bookmark or a location; a bad one says why', async ({
  page,
  shell,
}) => {
  await openProdData(page);
  await grid(page)
    .getByRole('row', { name: /reports/ })
    .dblclick();
  await bookmarkHere(page, 'Reports');
  await openProfile(page, PROFILE.dev);
  await expect(focusedSession(page)).toContainText('111111111111');

  shell.services.links.receive('crossbucket://bookmark/reports');
  await expect(focusedSession(page)).toContainText('222222222222');
  await expect(addressBar(page)).toHaveValue(`s3://${BUCKET.prodData}/reports/`);

  shell.services.links.receive(
    `crossbucket://open?profile=${PROFILE.dev}&address=${encodeURIComponent('https://dev-111-artifacts.s3.us-east-1.amazonaws.com/notes.txt')}`,
  );
  await expect(focusedSession(page)).toContainText('111111111111');
  await expect(addressBar(page)).toHaveValue('s3://dev-111-artifacts/');
  await expect(grid(page).getByRole('row', { name: /notes\.txt/ })).toHaveAttribute('aria-selected', 'true');

  shell.services.links.receive('crossbucket://delete?address=s3%3A%2F%2Fx%2Fy');
  await expect(section(page).getByRole('alert')).toContainText('open a bookmark or a location, not “delete”');
  shell.services.links.receive('crossbucket://bookmark/Nope');
  await expect(section(page).getByRole('alert')).toContainText('There is no bookmark named “Nope”.');
});

test('Copy link puts the bookmark’s crossbucket:// link on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openProdData(page);
  await bookmarkHere(page, 'Prod data');
  await bookmarkMenu(page, 'Prod data', 'Copy link');
  await expect(section(page).getByRole('status')).toContainText(
    'Copied crossbucket://bookmark/Prod%20data to the clipboard.',
  );
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    'crossbucket://bookmark/Prod%20data',
  );
});
