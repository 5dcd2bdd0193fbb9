/**
 * A download over a flaky connection, through the app: the fault proxy sits where the profiles'
 * endpoint_url points, as any proxy would. The row says what is being retried while it is, and how
 * many retries it took once the file is in place; and whether its bytes were verified, which a
 * restart does not forget.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { startBrowserShell } from '../../src/main/bridge/browser-shell';
import { type FaultProxy, type ProxyRequest, startFaultProxy } from '../support/fault-proxy';
import { BUCKET, PROFILE } from '../support/standard-world';
import { expect, test } from './fixtures';
import { grid, openProfile } from './steps';

test('a download whose connection is reset says "Retrying (2/5): connection reset", then "Done after 1 retry"', async ({
  page,
  world,
  desktop,
  dialogAnswers,
}, testInfo) => {
  dialogAnswers.directory = desktop;
  const proxy: FaultProxy = await startFaultProxy({ upstream: world.endpoint, seed: 14 });
  try {
    let gets = 0;
    // The object's own GETs, not the details panel's tagging and versions calls on the same path.
    const isGet = (r: ProxyRequest) =>
      r.method === 'GET' &&
      r.path === `/${BUCKET.prodData}/README.txt` &&
      r.query.get('x-id') === 'GetObject';
    const readme = (r: ProxyRequest) => isGet(r) && ++gets > 0;
    proxy.script([
      // Cut mid-body: the engine retries…
      { match: (r) => readme(r) && gets === 1, fault: { kind: 'reset', side: 'response', afterBytes: 10 } },
      // …and S3 asks the retry to wait five seconds, long enough to see the row say so.
      {
        match: (r) => isGet(r) && gets === 2,
        fault: { kind: 'status', status: 503, code: 'SlowDown', retryAfterSeconds: 5 },
      },
    ]);
    writeFileSync(
      world.configFile,
      readFileSync(world.configFile, 'utf8').replaceAll(world.endpoint, proxy.endpoint),
    );
    await page.getByRole('button', { name: 'Reload ~/.aws/config and credentials' }).click();

    await openProfile(page, PROFILE.deploy);
    await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
    await grid(page)
      .getByRole('row', { name: /README\.txt/ })
      .click();
    await page
      .getByRole('toolbar', { name: 'Folder and selection actions' })
      .getByRole('button', { name: 'Download' })
      .click();

    const panel = page.getByRole('region', { name: 'Transfers' });
    const toggle = panel.getByRole('button', { name: 'Transfers' });
    // The panel opens by itself when a transfer starts (clicking it here would race that and close it).
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(panel.getByText('Retrying (2/5): connection reset')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('retrying.png') });
    // Every byte came in the end, and was checked against the object's MD5 ETag.
    await expect(panel.getByText('Done after 1 retry, verified')).toBeVisible({ timeout: 60_000 });
    expect(proxy.stats().byLabel).toEqual({ reset: 1, status: 1 });
    // The whole file, not the ten bytes of the first try.
    const body = await world
      .s3For('222222222222')
      .send(new GetObjectCommand({ Bucket: BUCKET.prodData, Key: 'README.txt' }));
    expect(readFileSync(join(desktop, 'README.txt'), 'utf8')).toBe(await body.Body?.transformToString());
  } finally {
    await proxy.close();
  }
});

test('a download from a server whose ETag is not an MD5 says "Saved, not verified" and why, and the summary counts it, after a restart too', async ({
  page,
  shell,
  world,
  desktop,
  dialogAnswers,
}, testInfo) => {
  dialogAnswers.directory = desktop;
  const proxy: FaultProxy = await startFaultProxy({ upstream: world.endpoint, seed: 25 });
  try {
    // As some S3-compatible servers answer: an ETag that is no MD5 of the bytes, on every request for the object.
    proxy.script([
      {
        match: (r) => r.path === `/${BUCKET.prodData}/README.txt`,
        fault: { kind: 'etag', value: '"a1b2c3d4e5f6-not-an-md5"' },
        times: 1_000,
      },
    ]);
    writeFileSync(
      world.configFile,
      readFileSync(world.configFile, 'utf8').replaceAll(world.endpoint, proxy.endpoint),
    );
    await page.getByRole('button', { name: 'Reload ~/.aws/config and credentials' }).click();

    await openProfile(page, PROFILE.deploy);
    await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
    await grid(page)
      .getByRole('row', { name: /README\.txt/ })
      .click();
    await page
      .getByRole('toolbar', { name: 'Folder and selection actions' })
      .getByRole('button', { name: 'Download' })
      .click();

    const panel = page.getByRole('region', { name: 'Transfers' });
    await expect(panel.getByRole('button', { name: 'Transfers' })).toHaveAttribute('aria-expanded', 'true');
    await expect(panel.getByText('Saved, not verified', { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(
      panel.getByText("Saved, not verified: the server's ETag for it is not an MD5 of its bytes."),
    ).toBeVisible();
    await expect(panel.getByText('· 1 saved, not verified')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('not-verified.png') });
    // The file is there, as the server holds it: saved, and said to be unchecked.
    const body = await world
      .s3For('222222222222')
      .send(new GetObjectCommand({ Bucket: BUCKET.prodData, Key: 'README.txt' }));
    expect(readFileSync(join(desktop, 'README.txt'), 'utf8')).toBe(await body.Body?.transformToString());

    // Quit and start again over the same data folder: the row is back as it ended, counted apart.
    await shell.close();
    const home = join(world.dir, 'home');
    const dataDir = join(home, '.config', 'Crossbucket');
    const root = resolve(import.meta.dirname, '../..');
    const again = await startBrowserShell({
      env: { HOME: home, PATH: process.env.PATH, ...world.env },
      outDir: join(root, 'out'),
      dataDir,
      version: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
      dropRoot: desktop,
      dialogs: { uploadPaths: () => [], directory: () => null, saveFile: () => null, openFile: () => null },
    });
    try {
      await page.goto(again.bridge.url);
      const restarted = page.getByRole('region', { name: 'Transfers' });
      const row = restarted.locator('.transfer-row');
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(`s3://${BUCKET.prodData}/README.txt`);
      await expect(
        row.getByText("Saved, not verified: the server's ETag for it is not an MD5 of its bytes."),
      ).toBeVisible();
      await expect(restarted.getByText('· 1 saved, not verified')).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath('not-verified-after-restart.png') });
      // Clear finished is what lets it go: out of the panel and out of the journal.
      await restarted.getByRole('button', { name: 'Clear finished' }).click();
      await expect(row).toHaveCount(0);
      await expect
        .poll(() => existsSync(join(dataDir, 'transfer-journal.json')), { timeout: 30_000 })
        .toBe(false);
    } finally {
      await again.close();
    }
  } finally {
    await proxy.close();
  }
});
