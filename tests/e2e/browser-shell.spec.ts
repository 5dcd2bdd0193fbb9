/**
 * The browser shell as `npm run demo` runs it: no native file dialog and no reach to the
 * system clipboard. It says so, rather than doing nothing or claiming "copied" — and copied
 * secrets still never reach the page.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BrowserShell, startBrowserShell } from '../../src/main/bridge/browser-shell';
import { expect, test } from './fixtures';
import { actOnRow, openProdData } from './steps';

const ROOT = resolve(import.meta.dirname, '../..');
const TO_TERMINAL = 'the terminal running npm run demo (your clipboard is unchanged)';

let demo: BrowserShell | undefined;
const printed: string[] = [];

test.beforeEach(async ({ world, desktop }, testInfo) => {
  testInfo.skip(testInfo.project.name === 'electron', 'the browser shell as the demo configures it');
  printed.length = 0;
  const home = join(world.dir, 'demo-home');
  mkdirSync(join(home, 'Downloads'), { recursive: true });
  demo = await startBrowserShell({
    env: { HOME: home, PATH: process.env.PATH, ...world.env },
    outDir: join(ROOT, 'out'),
    dataDir: join(home, '.config', 'Crossbucket'),
    version: (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    dropRoot: desktop,
    // As scripts/demo.ts: a folder answer for downloads, no file dialog, copies printed.
    dialogs: { directory: () => join(home, 'Downloads') },
    copies: { to: TO_TERMINAL, receive: (text) => printed.push(text) },
  });
});

test.afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

test('Upload ▾ → Files… explains that there is no file dialog and what to do instead', async ({
  page,
  desktop,
}) => {
  await page.goto(demo!.bridge.url);
  await openProdData(page);
  await page.getByRole('button', { name: 'Upload ▾' }).click();
  await page.getByRole('menuitem', { name: 'Files…' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Could not choose files' });
  await expect(notice).toContainText("The browser shell cannot open your computer's file dialog.");
  await expect(notice).toContainText(
    `Drag files or folders onto the object list instead; the browser shell looks them up in ${desktop}.`,
  );
});

test('a presigned URL says where it went, and stays out of the page', async ({ page }) => {
  await page.goto(demo!.bridge.url);
  await openProdData(page);
  await actOnRow(page, /README\.txt/, 'Presigned URL');
  const presign = page.getByRole('dialog', { name: 'Copy presigned URL' });
  await presign.getByRole('button', { name: 'Copy URL' }).click();
  await expect(presign.getByRole('status')).toContainText(
    `Copied the URL to ${TO_TERMINAL}. It never reaches this page. It works until`,
  );
  expect(printed).toHaveLength(1);
  const url = new URL(printed[0]!);
  expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  expect(await page.content()).not.toContain(url.searchParams.get('X-Amz-Signature'));
});
