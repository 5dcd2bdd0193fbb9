/// <reference lib="dom" />
/**
 * A script injected into the renderer (the threat SECURITY.md describes) uses the page's own
 * API to name local paths: the credentials file to upload, a folder to write into, a new
 * download folder, a made-up drop. Main refuses each, because it never handed those out.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { CrossbucketApi } from '../../src/shared/ipc/contract';
import { ACCOUNT, BUCKET } from '../support/standard-world';
import { expect, isBrowserShell, test } from './fixtures';
import { grid, openProdData } from './steps';

test('page script cannot upload ~/.aws/credentials, write outside a chosen folder, or grant itself a drop', async ({
  page,
  world,
  desktop,
}, testInfo) => {
  await openProdData(page);
  const credentials = world.credentialsFile;
  const elsewhere = mkdtempSync(join(world.dir, 'not-chosen-'));
  writeFileSync(join(desktop, 'innocent.txt'), 'dropped by the user');

  const outcome = await page.evaluate(
    async ({ credentials, elsewhere, bucket }) => {
      // The very API the page's own code uses, as an injected script would find it.
      const api = (window as unknown as { crossbucket: CrossbucketApi }).crossbucket;
      const sessions = await api.listSessions({});
      if (!sessions.ok) throw new Error('no sessions');
      const sessionId = sessions.value[0]!.sessionId;
      const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);
      const upload = await api.uploadPaths({ sessionId, bucket, prefix: '', paths: [credentials] });
      const uploadViaDotDot = await api.uploadPaths({
        sessionId,
        bucket,
        prefix: '',
        paths: [`${elsewhere}/../credentials`],
      });
      const download = await api.downloadObjects({
        sessionId,
        bucket,
        keys: ['README.txt'],
        prefixes: [],
        targetDir: elsewhere,
      });
      const settings = await api.updateSettings({ patch: { downloadDir: elsewhere } });
      // A File made by script has no disk path, and a name cannot climb out of the drop folder.
      const madeUp = await api.grantDroppedFiles([
        new File(['x'], 'credentials'),
        new File(['x'], '../credentials'),
      ]);
      return {
        upload: codeOf(upload),
        uploadMessage: upload.ok ? '' : upload.error.message,
        uploadViaDotDot: codeOf(uploadViaDotDot),
        download: codeOf(download),
        settings: codeOf(settings),
        madeUp: madeUp.ok ? madeUp.value : madeUp.error.code,
      };
    },
    { credentials, elsewhere, bucket: BUCKET.prodData },
  );

  expect(outcome).toEqual({
    upload: 'unauthorized',
    uploadMessage: expect.stringContaining('not chosen in a file dialog or dropped'),
    uploadViaDotDot: 'unauthorized',
    download: 'unauthorized',
    settings: 'unauthorized',
    // Electron: a File made by script has no path. The browser shell cannot tell a made-up File
    // from a dropped one, so its names resolve inside the folder that stands for the desktop, never out.
    madeUp: isBrowserShell(testInfo.project.name)
      ? { paths: [join(desktop, 'credentials')], withoutPath: 1 }
      : { paths: [], withoutPath: 2 },
  });
  const listed = await world
    .s3For(ACCOUNT.prod)
    .send(new ListObjectsV2Command({ Bucket: BUCKET.prodData, Prefix: 'credentials' }));
  expect(listed.KeyCount ?? 0).toBe(0);
  await expect(page.getByRole('region', { name: 'Transfers' })).toContainText('0 active · 0 queued');
  // The user's own drop still works through the same rules.
  await grid(page).evaluate((table) => {
    const dt = new DataTransfer();
    dt.items.add(new File([], 'innocent.txt'));
    for (const type of ['dragenter', 'dragover', 'drop'])
      table.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  await expect(grid(page).getByRole('row', { name: /innocent\.txt/ })).toBeVisible();
});

test('the page cannot read ~/.aws/credentials by URL', async ({ page, world }) => {
  await expect(page.getByRole('list', { name: 'AWS profiles' })).toBeVisible();
  const answers = await page.evaluate(async (credentials) => {
    const own = location.origin;
    const urls = [
      `file://${credentials}`,
      `${own}/${'../'.repeat(12)}${credentials.slice(1)}`,
      `${own}/${'%2e%2e/'.repeat(12)}${credentials.slice(1)}`,
      `${own}/${'..%2f'.repeat(12)}${encodeURIComponent(credentials.slice(1))}`,
      `${own}/${encodeURIComponent(credentials)}`,
    ];
    const read = async (url: string): Promise<string> => {
      try {
        const res = await fetch(url);
        return `${res.status} ${await res.text()}`;
      } catch (err) {
        return `refused ${(err as Error).name}`;
      }
    };
    return Promise.all(urls.map(async (url) => ({ url, answer: await read(url) })));
  }, world.credentialsFile);
  for (const { url, answer } of answers) {
    expect(answer, url).not.toContain('aws_secret_access_key');
    expect(answer, url).toMatch(/^(404 |refused )/);
  }
});
