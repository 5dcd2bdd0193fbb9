/**
 * The preview pane against moto: each kind of content in its layout, "load more", gzip
 * decompressed in main, and the safety of it all — markup shows as text, an SVG full of
 * script draws as a picture and does nothing else, and moving on cancels the request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { BUCKET } from '../support/standard-world';
import { expect, test } from './fixtures';
import { CSV, EVIL_HTML, PREVIEW_PREFIX, putPreviewObjects } from './preview-content';
import { openFolder, rowNamed } from './steps';

const details = (page: Page) => page.getByRole('complementary', { name: 'Object details' });
const preview = (page: Page) => details(page).getByRole('region', { name: 'Preview' });
const row = rowNamed;

async function openPreviewFolder(page: Page, first: string): Promise<void> {
  await openFolder(page, BUCKET.prodData, PREVIEW_PREFIX);
  await row(page, first).click();
  await details(page).getByRole('button', { name: 'Preview', exact: true }).click();
}

test('shows text, a JSON tree, a CSV table, gzip decompressed, an image and hex; loads more on demand', async ({
  page,
  world,
}) => {
  await putPreviewObjects(world);
  await openPreviewFolder(page, 'notes.md');
  await expect(preview(page)).toContainText('# Release notes');
  await expect(preview(page)).toContainText('Markdown');

  // The choice of Preview stays as the selection moves.
  await row(page, 'config.json').click();
  const tree = preview(page).getByRole('list', { name: 'JSON tree' });
  await expect(tree).toContainText('"billing-export"');
  // Two levels open at first; deeper ones open on click.
  await expect(tree).not.toContainText('"window"');
  await tree.locator('summary', { hasText: '"burst"' }).click();
  await expect(tree).toContainText('"window": "1m"');
  await preview(page).getByRole('button', { name: 'Show raw text' }).click();
  await expect(preview(page).locator('pre')).toHaveText(/^\{"service":"billing-export"/);

  await row(page, 'orders.csv').click();
  const table = preview(page).getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'revenue' })).toBeVisible();
  // Quoted fields keep their commas and doubled quotes.
  await expect(table.getByRole('cell', { name: 'Smith, J', exact: true })).toBeVisible();
  await expect(table.getByRole('cell', { name: 'O"Brien', exact: true })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(CSV.split('\n').length);

  await row(page, 'app.log.gz').click();
  await expect(preview(page)).toContainText('gzip, decompressed');
  await expect(preview(page).locator('pre')).toContainText('Z INFO line 199');

  await row(page, 'pixel.png').click();
  const image = preview(page).getByRole('img', { name: 'Preview of pixel.png' });
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(3);
  expect(await image.getAttribute('src')).toMatch(/^blob:/);
  await expect(preview(page)).toContainText('3 × 2 px');

  await row(page, 'firmware.bin').click();
  await expect(preview(page).locator('pre')).toContainText('00000000  de ad be ef 00 01 41 42  43');
  await expect(preview(page).locator('pre')).toContainText('|......ABC|');

  await row(page, 'long.log').click();
  const text = preview(page).locator('pre');
  await expect(text).toContainText('INFO request served');
  await expect(text).not.toContainText('THE END');
  await preview(page).getByRole('button', { name: 'Load more' }).click();
  await expect(text).toContainText('THE END');
  await expect(preview(page).getByRole('button', { name: 'Load more' })).toHaveCount(0);
});

test('HTML shows as its source, even behind an image Content-Type, and nothing in it runs', async ({
  page,
  world,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await putPreviewObjects(world);
  await openPreviewFolder(page, 'evil.html');
  await expect(preview(page).locator('pre')).toHaveText(EVIL_HTML);
  await expect(preview(page)).toContainText('HTML is shown as source');

  await row(page, 'disguised.png').click();
  await expect(preview(page).locator('pre')).toHaveText(EVIL_HTML);
  await expect(preview(page).getByRole('img')).toHaveCount(0);

  await expect(page.locator('#injected')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test.describe('an SVG full of script', () => {
  let beacon: Server;
  let beaconUrl = '';
  let hits: string[] = [];

  test.beforeEach(async () => {
    hits = [];
    beacon = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end();
    });
    await new Promise<void>((done) => beacon.listen(0, '127.0.0.1', done));
    beaconUrl = `http://127.0.0.1:${(beacon.address() as AddressInfo).port}`;
  });

  test.afterEach(async () => {
    beacon.closeAllConnections();
    await new Promise((done) => beacon.close(done));
  });

  test('draws as an image: no dialog, no network request, no console message from it', async ({
    page,
    world,
  }) => {
    await putPreviewObjects(world, beaconUrl);
    await openPreviewFolder(page, 'notes.md');
    await expect(preview(page)).toContainText('# Release notes');

    // Watch from here on: everything the page does while it shows the SVG.
    const dialogs: string[] = [];
    const messages: string[] = [];
    const requests: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => messages.push(message.text()));
    page.on('request', (request) => requests.push(request.url()));

    await row(page, 'evil.svg').click();
    const image = preview(page).getByRole('img', { name: 'Preview of evil.svg' });
    await expect(image).toBeVisible();
    // Drawn: its load event has fired, so anything it could run would have run by now.
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(120);
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    // Never inlined: no <svg> element of the object's in the document.
    await expect(preview(page).locator('svg')).toHaveCount(0);

    // Its source is there to read, as text.
    await preview(page).getByRole('button', { name: 'Text', exact: true }).click();
    await expect(preview(page).locator('pre')).toContainText("<script>alert('svg script');");

    expect(dialogs).toEqual([]);
    expect(messages).toEqual([]);
    expect(hits).toEqual([]);
    expect(requests.filter((url) => url.startsWith(beaconUrl))).toEqual([]);
  });
});

test('moving to another object cancels the preview in flight', async ({
  page,
  world,
  ipcLog,
  shell: _shell,
}) => {
  await putPreviewObjects(world);
  await openPreviewFolder(page, 'notes.md');
  await expect(preview(page)).toContainText('# Release notes');

  await row(page, 'long.log').click();
  await row(page, 'orders.csv').click();
  await expect(preview(page).getByRole('table')).toBeVisible();

  const previewRequests = ipcLog
    .filter((r) => r.kind === 'request' && r.name === 'previewObject')
    .map((r) => JSON.parse(r.json) as { requestId: string; key: string });
  const cancelled = new Set(
    ipcLog
      .filter((r) => r.kind === 'request' && r.name === 'cancelPreview')
      .map((r) => (JSON.parse(r.json) as { requestId: string }).requestId),
  );
  const leftBehind = previewRequests.filter((r) => !r.key.endsWith('orders.csv'));
  expect(leftBehind.length).toBeGreaterThan(0);
  for (const request of leftBehind) expect(cancelled, request.key).toContain(request.requestId);
  // The one on screen is not cancelled.
  const current = previewRequests.filter((r) => r.key.endsWith('orders.csv'));
  expect(current.every((r) => !cancelled.has(r.requestId))).toBe(true);
});
