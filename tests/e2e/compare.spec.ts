/**
 * Compare and sync across accounts in the browser shell: the left pane holds the deploy role
 * (account 222222222222, reached from dev through a role with an external ID), the right pane
 * dev's own session (111111111111); the sync's bytes pass through this machine.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Locator, Page } from '@playwright/test';
import { startBrowserShell } from '../../src/main/bridge/browser-shell';
import { uploadInParts } from '../support/multipart-seed';
import { ACCOUNT, BUCKET, PROD_DATA_OBJECTS, PROFILE, standardWorldSpec } from '../support/standard-world';
import { expect, test } from './fixtures';
import { goTo, grid, openCompare, openProfile } from './steps';

const ROOT = resolve(import.meta.dirname, '../..');

// moto ignores a trust policy's conditions: sts-guard holds the deploy role to its external ID,
// so the left pane's session is reached only as on AWS.
test.use({ worldSpec: { ...standardWorldSpec(), guardSts: true } });

const textOf = async (s3: S3Client, bucket: string, key: string): Promise<string> => {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from((await got.Body?.transformToByteArray()) ?? []).toString();
};
const keysUnder = async (s3: S3Client, bucket: string, prefix: string): Promise<string[]> =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map(
    (o) => o.Key ?? '',
  );

/** Left: deploy on prod-data/reports/; right: dev on dev-artifacts/reports/. */
async function openBothPanes(page: Page): Promise<{ left: Locator; right: Locator }> {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  const left = page.getByRole('region', { name: 'Left pane' });
  await goTo(left, `s3://${BUCKET.prodData}/reports/`);
  await page.keyboard.press('ControlOrMeta+Backslash');
  const right = page.getByRole('region', { name: 'Right pane' });
  await openProfile(page, PROFILE.dev);
  await expect(right).toContainText(ACCOUNT.dev);
  await right.getByRole('button', { name: BUCKET.devArtifacts, exact: true }).click();
  await goTo(right, `s3://${BUCKET.devArtifacts}/reports/`);
  await expect(grid(right).getByRole('row', { name: /old\.csv/ })).toBeVisible();
  return { left, right };
}

const table = (dialog: Locator) => dialog.getByRole('table', { name: 'Compared keys' });

test.beforeEach(async ({ world }) => {
  const dev = world.s3For(ACCOUNT.dev);
  const put = (key: string, body: string) =>
    dev.send(new PutObjectCommand({ Bucket: BUCKET.devArtifacts, Key: key, Body: body }));
  await put('reports/2024/q1.csv', PROD_DATA_OBJECTS['reports/2024/q1.csv'] as string);
  // Same size as prod's q2, other bytes: only a content compare sees it.
  await put('reports/2024/q2.csv', 'quarter,revenue\nq2,121\n');
  await put('reports/old.csv', 'stale\n');
});

test('compares two accounts’ folders and syncs left → right with a plan, a typed confirmation and a report', async ({
  page,
  world,
  dialogAnswers,
  desktop,
}) => {
  // The same 6 MiB as one PUT on the left and in parts on the right: other ETags, one full-object CRC32.
  const bytes = Buffer.alloc(6 * 1024 * 1024, 'z');
  await world
    .s3For(ACCOUNT.prod)
    .send(new PutObjectCommand({ Bucket: BUCKET.prodData, Key: 'reports/parts.bin', Body: bytes }));
  const inParts = { algorithm: 'CRC32', type: 'FULL_OBJECT' } as const;
  const part = (start: number, end: number) => bytes.subarray(start, end);
  const dev = world.s3For(ACCOUNT.dev);
  await uploadInParts(
    dev,
    BUCKET.devArtifacts,
    'reports/parts.bin',
    part,
    bytes.length,
    5 * 1024 * 1024,
    inParts,
  );
  const { left } = await openBothPanes(page);
  const dialog = await openCompare(page, left);
  await expect(dialog.getByRole('region', { name: 'Left side' })).toContainText(
    `s3://${BUCKET.prodData}/reports/`,
  );
  await expect(dialog.getByRole('region', { name: 'Left side' })).toContainText(ACCOUNT.prod);
  await expect(dialog.getByRole('region', { name: 'Right side' })).toContainText(
    `s3://${BUCKET.devArtifacts}/reports/`,
  );
  await expect(dialog.getByRole('region', { name: 'Right side' })).toContainText(ACCOUNT.dev);
  await dialog.getByRole('button', { name: 'Compare', exact: true }).click();

  const rows = table(dialog).getByRole('row');
  await expect(rows.filter({ hasText: '2024/q2.csv' })).toContainText('Different: ETag');
  await expect(rows.filter({ hasText: '2025/q1.csv' })).toContainText('Only left');
  await expect(rows.filter({ hasText: 'old.csv' })).toContainText('Only right');
  // Same rows are counted but not shown until asked for.
  await expect(rows.filter({ hasText: '2024/q1.csv' })).toHaveCount(0);
  const filters = dialog.getByRole('group', { name: 'Show rows' });
  await filters.getByRole('button', { name: /^Same/ }).click();
  await expect(rows.filter({ hasText: '2024/q1.csv' })).toContainText('Same');
  await expect(rows.filter({ hasText: 'parts.bin' })).toContainText('Same: checksum (CRC32)');
  await dialog.getByRole('textbox', { name: 'Filter keys' }).fill('2025');
  await expect(rows).toHaveCount(2);
  await dialog.getByRole('textbox', { name: 'Filter keys' }).fill('');
  // The deep check reads both sides range by range and confirms the bytes differ.
  await table(dialog).getByRole('checkbox', { name: 'Pick 2024/q2.csv for a deep check' }).check();
  await dialog.getByRole('button', { name: 'Deep check 1 selected' }).click();
  await expect(rows.filter({ hasText: '2024/q2.csv' })).toContainText('Different: bytes differ (deep check)');

  const sync = dialog.getByRole('region', { name: 'Sync' });
  await sync.getByRole('checkbox', { name: 'Delete what only the right side has' }).check();
  await sync.getByRole('combobox', { name: 'Tags of the copies' }).selectOption('drop');
  await sync.getByRole('button', { name: 'Plan sync' }).click();
  const plan = sync.getByRole('region', { name: 'Sync plan' });
  await expect(plan).toContainText('User metadata is kept; tags are dropped (target defaults)');
  await expect(plan).toContainText('Copy 1');
  await expect(plan).toContainText('Overwrite 1');
  await expect(plan).toContainText('Delete 1');
  await expect(plan).toContainText('Through this machine');
  await expect(plan).toContainText(ACCOUNT.dev);
  // A dry run: nothing changed yet.
  expect(await keysUnder(dev, BUCKET.devArtifacts, 'reports/')).toContain('reports/old.csv');

  const run = sync.getByRole('button', { name: 'Run sync' });
  await expect(run).toBeDisabled();
  await sync.getByRole('textbox', { name: 'Account to confirm the deletes' }).fill(ACCOUNT.prod);
  await expect(run).toBeDisabled();
  await sync.getByRole('textbox', { name: 'Account to confirm the deletes' }).fill(ACCOUNT.dev);
  await run.click();
  const report = sync.getByRole('region', { name: 'Sync report' });
  await expect(report).toContainText('Sync finished: 3 done, 0 failed');

  expect((await keysUnder(dev, BUCKET.devArtifacts, 'reports/')).sort()).toEqual([
    'reports/2024/q1.csv',
    'reports/2024/q2.csv',
    'reports/2025/q1.csv',
    'reports/parts.bin',
  ]);
  expect(await textOf(dev, BUCKET.devArtifacts, 'reports/2024/q2.csv')).toBe(
    PROD_DATA_OBJECTS['reports/2024/q2.csv'],
  );
  expect(await textOf(dev, BUCKET.devArtifacts, 'reports/2025/q1.csv')).toBe(
    PROD_DATA_OBJECTS['reports/2025/q1.csv'],
  );

  const saved = join(desktop, 'sync-report.csv');
  dialogAnswers.saveFile = saved;
  await report.getByRole('button', { name: 'Save report (CSV)' }).click();
  await expect(report).toContainText('Report saved as CSV.');
  expect(readFileSync(saved, 'utf8').split('\r\n')).toEqual([
    'key,action,result,error',
    '2024/q2.csv,overwrite,done,',
    '2025/q1.csv,copy,done,',
    'old.csv,delete,done,',
    '',
  ]);
});

test('compares a local folder with a prefix, uploads what differs, then syncs the other way into the folder', async ({
  page,
  world,
  dialogAnswers,
  desktop,
}) => {
  const folder = join(desktop, 'reports');
  mkdirSync(join(folder, '2024'), { recursive: true });
  writeFileSync(join(folder, '2024', 'q1.csv'), PROD_DATA_OBJECTS['reports/2024/q1.csv'] as string);
  writeFileSync(join(folder, 'new.csv'), 'fresh\n');
  dialogAnswers.directory = folder;
  const { right } = await openBothPanes(page);
  const dialog = await openCompare(page, right);
  await dialog.getByRole('button', { name: 'Compare a local folder…' }).click();
  await expect(dialog.getByRole('region', { name: 'Left side' })).toContainText(folder);
  await expect(dialog.getByRole('region', { name: 'Right side' })).toContainText(
    `s3://${BUCKET.devArtifacts}/reports/`,
  );
  await dialog.getByRole('button', { name: 'Compare', exact: true }).click();
  const rows = table(dialog).getByRole('row');
  await expect(rows.filter({ hasText: 'new.csv' })).toContainText('Only left');
  await expect(rows.filter({ hasText: '2024/q2.csv' })).toContainText('Only right');
  await expect(
    dialog.getByRole('group', { name: 'Show rows' }).getByRole('button', { name: /^Same/ }),
  ).toContainText('1');
  const sync = dialog.getByRole('region', { name: 'Sync' });
  await sync.getByRole('button', { name: 'Plan sync' }).click();
  await expect(sync.getByRole('region', { name: 'Sync plan' })).toContainText('Copy 1');
  await expect(sync.getByRole('region', { name: 'Sync plan' })).toContainText('Delete 0');
  await sync.getByRole('button', { name: 'Run sync' }).click();
  await expect(sync.getByRole('region', { name: 'Sync report' })).toContainText('Sync finished: 1 done');
  expect(await textOf(world.s3For(ACCOUNT.dev), BUCKET.devArtifacts, 'reports/new.csv')).toBe('fresh\n');

  // The other way: the bucket's folder into the local one.
  await dialog.getByRole('button', { name: 'Swap sides' }).click();
  await expect(dialog.getByRole('region', { name: 'Right side' })).toContainText(folder);
  await dialog.getByRole('button', { name: 'Compare', exact: true }).click();
  const back = dialog.getByRole('region', { name: 'Sync' });
  await back.getByRole('button', { name: 'Plan sync' }).click();
  await expect(back.getByRole('region', { name: 'Sync plan' })).toContainText('Copy 2');
  await back.getByRole('button', { name: 'Run sync' }).click();
  await expect(back.getByRole('region', { name: 'Sync report' })).toContainText('Sync finished: 2 done');
  expect(readFileSync(join(folder, '2024', 'q2.csv'), 'utf8')).toBe('quarter,revenue\nq2,121\n');
  expect(readFileSync(join(folder, 'old.csv'), 'utf8')).toBe('stale\n');
});

test('refuses to compare a prefix with a prefix inside it', async ({ page }) => {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  const left = page.getByRole('region', { name: 'Left pane' });
  await goTo(left, `s3://${BUCKET.prodData}/reports/`);
  await page.keyboard.press('ControlOrMeta+Backslash');
  const right = page.getByRole('region', { name: 'Right pane' });
  await openProfile(page, PROFILE.deploy);
  await right.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await goTo(right, `s3://${BUCKET.prodData}/reports/2024/`);
  const dialog = await openCompare(page, left);
  await dialog.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText(
    `s3://${BUCKET.prodData}/reports/2024/ is inside s3://${BUCKET.prodData}/reports/`,
  );
});

test('past the threshold set in Settings, the plan hands its copies to the S3 Batch Operations dialog', async ({
  page,
  world,
}) => {
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('S3 Batch Operations past (objects)').fill('1');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings).toBeHidden();
  const { left } = await openBothPanes(page);
  const dialog = await openCompare(page, left);
  await dialog.getByRole('button', { name: 'Compare', exact: true }).click();
  const sync = dialog.getByRole('region', { name: 'Sync' });
  await sync.getByRole('button', { name: 'Plan sync' }).click();
  await expect(sync.getByRole('region', { name: 'Sync plan' })).toContainText('Copy 1');
  const summary = await sync.getByRole('region', { name: 'Sync plan' }).innerText();
  const copies = Number(/Copy (\d+)/.exec(summary)?.[1]) + Number(/Overwrite (\d+)/.exec(summary)?.[1]);
  await sync.getByRole('button', { name: 'Hand to S3 Batch Operations…' }).click();
  const handOff = page.getByRole('dialog', { name: /to S3 Batch Operations$/ });
  await expect(handOff).toContainText(`s3://${BUCKET.devArtifacts}/reports/`);
  await page.screenshot({ path: test.info().outputPath('plan-hand-off-form.png') });
  // The job runs in the target's account (dev) by default, its manifest in the target bucket.
  await handOff.getByRole('button', { name: 'Write manifest and generate policies' }).click();
  await expect(handOff.getByText('Job role')).toBeVisible();
  await expect(handOff).toContainText(`arn:aws:iam::${ACCOUNT.dev}:role/`);
  await expect(handOff).toContainText(`${copies} (`);
  // The manifest main wrote holds the plan's copies: one row per copied or overwritten object.
  const manifestKey = (
    await keysUnder(world.s3For(ACCOUNT.dev), BUCKET.devArtifacts, 'crossbucket-batch/')
  )[0];
  expect(manifestKey).toMatch(/^crossbucket-batch\/crossbucket-batch-.*\.csv$/);
  const rows = (await textOf(world.s3For(ACCOUNT.dev), BUCKET.devArtifacts, manifestKey ?? ''))
    .trimEnd()
    .split('\n');
  expect(rows).toHaveLength(copies);
  expect(rows).toContain(`${BUCKET.prodData},reports/2024/q2.csv`);
  await page.screenshot({ path: test.info().outputPath('plan-hand-off.png') });
  await handOff.getByRole('button', { name: 'Cancel' }).click();
  await expect(handOff).toBeHidden();
  await expect(dialog).toBeVisible();
});

test('a sync’s report is listed again after a restart, and saved from there', async ({
  page,
  shell,
  world,
  dialogAnswers,
  desktop,
}) => {
  const { left } = await openBothPanes(page);
  const dialog = await openCompare(page, left);
  await dialog.getByRole('button', { name: 'Compare', exact: true }).click();
  const sync = dialog.getByRole('region', { name: 'Sync' });
  await sync.getByRole('button', { name: 'Plan sync' }).click();
  await sync.getByRole('button', { name: 'Run sync' }).click();
  await expect(sync.getByRole('region', { name: 'Sync report' })).toContainText('Sync finished: 2 done');
  await shell.close();

  // The app starts again over the same data folder.
  const home = join(world.dir, 'home');
  const again = await startBrowserShell({
    env: { HOME: home, PATH: process.env.PATH, ...world.env },
    outDir: join(ROOT, 'out'),
    dataDir: join(home, '.config', 'Crossbucket'),
    version: (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    dropRoot: desktop,
    dialogs: {
      uploadPaths: () => dialogAnswers.uploadPaths,
      directory: () => dialogAnswers.directory,
      saveFile: () => dialogAnswers.saveFile ?? null,
      openFile: () => null,
    },
  });
  try {
    await page.goto(again.bridge.url);
    const { left: reopened } = await openBothPanes(page);
    const later = await openCompare(page, reopened);
    await later.getByText('Sync reports (1)').click();
    const entry = later.getByRole('list', { name: 'Sync reports' }).getByRole('listitem', {
      name: `Sync from s3://${BUCKET.prodData}/reports/ to s3://${BUCKET.devArtifacts}/reports/`,
    });
    await expect(entry).toContainText('Sync finished: 2 done, 0 failed');
    const saved = join(desktop, 'earlier-sync.csv');
    dialogAnswers.saveFile = saved;
    await entry.getByRole('button', { name: 'Save report (CSV)' }).click();
    await expect(entry).toContainText('Report saved as CSV.');
    expect(readFileSync(saved, 'utf8').split('\r\n')).toEqual([
      'key,action,result,error',
      '2024/q2.csv,overwrite,done,',
      '2025/q1.csv,copy,done,',
      '',
    ]);
  } finally {
    await again.close();
  }
});
