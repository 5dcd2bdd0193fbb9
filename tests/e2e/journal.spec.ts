/**
 * Quit mid-upload, start again: the browser shell is closed as the app quits while an upload is
 * under way (one of its parts held by a fault proxy, so it cannot finish first), and a new shell
 * over the same data folder lists it as interrupted; Resume opens its session and it finishes
 * in the same multipart upload, byte-identical.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { startBrowserShell } from '../../src/main/bridge/browser-shell';
import type { JournalContents } from '../../src/main/transfers/journal/records';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { ACCOUNT, BUCKET } from '../support/standard-world';
import { test as base, expect } from './fixtures';
import { grid, openProdData } from './steps';

const ROOT = resolve(import.meta.dirname, '../..');
const MiB = 1024 * 1024;
/** Three parts of the default 16 MiB. */
const SIZE = 48 * MiB;

const test = base.extend<{ faultProxy: FaultProxy }>({
  faultProxy: async ({ world }, use) => {
    const proxy = await startFaultProxy({ upstream: world.moto.endpoint, seed: 14 });
    await use(proxy);
    await proxy.close();
  },
  // S3 through the proxy, as a user of a custom endpoint sets it.
  shellEnv: async ({ faultProxy: proxy }, use) => {
    await use({ AWS_ENDPOINT_URL_S3: proxy.endpoint });
  },
});

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

test('an upload cut off by quitting is listed after the restart and Resume finishes it in the same upload', async ({
  page,
  shell,
  world,
  desktop,
  faultProxy: proxy,
  dialogAnswers,
}) => {
  const body = randomBytes(SIZE);
  writeFileSync(join(desktop, 'big.bin'), body);
  proxy.script([
    {
      label: 'part 3 held',
      match: (r) => r.method === 'PUT' && r.query.get('partNumber') === '3',
      fault: { kind: 'stall', seconds: 600 },
    },
  ]);
  await openProdData(page);
  await grid(page).evaluate((table) => {
    const dt = new DataTransfer();
    dt.items.add(new File([], 'big.bin'));
    for (const type of ['dragenter', 'dragover', 'drop'])
      table.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  const panel = page.getByRole('region', { name: 'Transfers' });
  await expect(panel).toContainText(`s3://${BUCKET.prodData}/big.bin`);

  // Quit once the journal holds the finished parts.
  const dataDir = join(world.dir, 'home', '.config', 'Crossbucket');
  await expect
    .poll(
      async () => {
        const text = await readFile(join(dataDir, 'transfer-journal.json'), 'utf8').catch(() => '{}');
        const task = (JSON.parse(text) as Partial<JournalContents>).items?.[0]?.task;
        return task?.kind === 'upload' ? (task.multipart?.upload?.done.length ?? 0) : 0;
      },
      { timeout: 60_000 },
    )
    .toBe(2);
  await shell.close();
  proxy.script([]);
  proxy.resetStats();

  const home = join(world.dir, 'home');
  const again = await startBrowserShell({
    env: { HOME: home, PATH: process.env.PATH, ...world.env, AWS_ENDPOINT_URL_S3: proxy.endpoint },
    outDir: join(ROOT, 'out'),
    dataDir,
    version: (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    dropRoot: desktop,
    dialogs: {
      uploadPaths: () => dialogAnswers.uploadPaths,
      directory: () => dialogAnswers.directory,
      saveFile: () => null,
      openFile: () => null,
    },
  });
  try {
    await page.goto(again.bridge.url);
    const row = page.getByRole('region', { name: 'Transfers' }).locator('.transfer-row');
    await expect(row).toContainText(`s3://${BUCKET.prodData}/big.bin`);
    await expect(row).toContainText('Interrupted');
    await expect(row).toContainText('Interrupted when Crossbucket stopped — reopen');
    await expect(row).toContainText(/6[67]%/);
    await page.screenshot({ path: test.info().outputPath('interrupted.png') });

    await row.getByRole('button', { name: /^Resume / }).click();
    await expect(row).toContainText('Done', { timeout: 60_000 });
    expect(proxy.count((r) => r.method === 'PUT' && r.query.has('partNumber'))).toBe(1);
    expect(proxy.count((r) => r.method === 'POST' && r.query.has('uploads'))).toBe(0);
    const s3 = world.s3For(ACCOUNT.prod);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET.prodData, Key: 'big.bin' }));
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(body));
    const open = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET.prodData }));
    expect(open.Uploads ?? []).toEqual([]);
  } finally {
    await again.close();
  }
});
