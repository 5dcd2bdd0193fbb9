/**
 * Dragging rows out to the desktop: main downloads them to a temporary folder it owns (with
 * progress in the transfers panel), then hands the files to the OS drag. In the browser shell
 * the platform records what Electron's webContents.startDrag would have been given; the page's
 * drag is played as events, the button held or already let go.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator } from '@playwright/test';
import { generatedContent } from '../support/aws-world';
import { PROD_DATA_OBJECTS } from '../support/standard-world';
import { expect, test } from './fixtures';
import { grid, openProdData } from './steps';

/**
 * Starts the page's own drag on a row; `release` lets go of the button at once. Returns whether
 * the page cancelled its drag (for the OS drag) and what it put in the drag data.
 */
const dragRow = (row: Locator, release: boolean): Promise<{ cancelled: boolean; types: string[] }> =>
  row.evaluate((element, letGo) => {
    const dataTransfer = new DataTransfer();
    const event = new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer });
    element.dispatchEvent(event);
    if (letGo) window.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    return { cancelled: event.defaultPrevented, types: [...dataTransfer.types] };
  }, release);

test('rows dragged out arrive as files and folders, downloaded with progress in Transfers', async ({
  page,
  shell,
}) => {
  await openProdData(page);
  await grid(page)
    .getByRole('row', { name: /reports/ })
    .click();
  const readme = grid(page).getByRole('row', { name: /README\.txt/ });
  await readme.click({ modifiers: ['ControlOrMeta'] });
  expect(await dragRow(readme, false)).toEqual({ cancelled: true, types: [] });

  await expect.poll(() => shell.platform.dragsStarted().length).toBe(1);
  const files = shell.platform.dragsStarted()[0] ?? [];
  expect(files.map((f) => basename(f))).toEqual(['README.txt', 'reports']);
  const [readmeFile, reports] = files as [string, string];
  expect(readFileSync(readmeFile, 'utf8')).toBe(PROD_DATA_OBJECTS['README.txt']);
  expect(statSync(reports).isDirectory()).toBe(true);
  for (const key of ['reports/2024/q1.csv', 'reports/2024/q2.csv', 'reports/2025/q1.csv']) {
    expect(readFileSync(join(reports, key.slice('reports/'.length)), 'utf8')).toBe(PROD_DATA_OBJECTS[key]);
  }

  const panel = page.getByRole('region', { name: 'Transfers' });
  await expect(panel.locator('.transfer-row').filter({ hasText: 'reports/2025/q1.csv' })).toContainText(
    'Done',
  );
});

test('let go before the files were ready: a second drag hands them over at once', async ({
  page,
  shell,
  world,
}) => {
  await openProdData(page);
  await grid(page).getByRole('row', { name: /big/ }).dblclick();
  const blob = grid(page).getByRole('row', { name: /blob\.bin/ });
  await blob.click();
  await dragRow(blob, true);
  await expect(
    page.getByRole('status').filter({ hasText: '1 item ready: drag it out again to drop.' }),
  ).toBeVisible();
  expect(shell.platform.dragsStarted()).toEqual([]);

  const getsBefore = (await world.moto.recorded()).filter(
    (r) => r.method === 'GET' && r.path.endsWith('/big/blob.bin'),
  ).length;
  await dragRow(blob, false);
  await expect.poll(() => shell.platform.dragsStarted().length).toBe(1);
  const [file] = shell.platform.dragsStarted()[0] ?? [];
  expect(readFileSync(file as string).equals(generatedContent('big/blob.bin', 6 * 1024 * 1024))).toBe(true);
  // The prepared file was handed over again, not downloaded again.
  const getsAfter = (await world.moto.recorded()).filter(
    (r) => r.method === 'GET' && r.path.endsWith('/big/blob.bin'),
  ).length;
  expect(getsAfter).toBe(getsBefore);
});

test('in split view rows drag to the other pane, not out to the desktop', async ({ page, shell }) => {
  await openProdData(page);
  await page.keyboard.press('ControlOrMeta+Backslash');
  const left = page.getByRole('region', { name: 'Left pane' });
  const drag = await dragRow(grid(left).getByRole('row', { name: /README\.txt/ }), false);
  expect(drag).toEqual({ cancelled: false, types: ['application/x-crossbucket-selection'] });
  // Nothing was prepared for the desktop: no download was queued.
  await expect(page.getByRole('region', { name: 'Transfers' })).toContainText('0 active · 0 queued');
  expect(shell.platform.dragsStarted()).toEqual([]);
});
