/**
 * The README's screenshots, taken from the running app at 1440×900 against the moto world.
 * Each one is also a test: it asserts what the picture is meant to show before taking it.
 * Refresh them with `npm run build && CROSSBUCKET_UPDATE_SCREENSHOTS=1 npx playwright test screenshots`.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { ACCESS_ACCOUNT, ACCESS_BUCKET, ACCESS_PROFILE, accessWorldSpec } from '../support/access-world';
import { BATCH_ACCOUNT } from '../support/batch-world';
import { leaveUpload } from '../support/multipart-seed';
import { SSO_SESSION, withIdentityCenter } from '../support/sso-world';
import { BUCKET, DEV_MFA_SERIAL, PROFILE, ROLE_ARN, standardWorldSpec } from '../support/standard-world';
import { batchTest, openHandOff } from './batch-steps';
import { expect, test } from './fixtures';
import { PREVIEW_PREFIX, putPreviewObjects } from './preview-content';
import { openFolder } from './steps';

const OUT = resolve(import.meta.dirname, '../../docs/screenshots');

test.use({ viewport: { width: 1440, height: 900 } });
// One set of pictures is enough: the Electron project would only repeat them.
test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== 'browser', 'screenshots come from the browser shell');
});

/**
 * Written into docs/ only when asked (`CROSSBUCKET_UPDATE_SCREENSHOTS=1`), so an ordinary test
 * run does not leave changed PNGs in the working tree; otherwise they go to the test output.
 */
const shot = (page: Page, name: string) =>
  page.screenshot({
    path: process.env.CROSSBUCKET_UPDATE_SCREENSHOTS ? join(OUT, name) : test.info().outputPath(name),
  });

const profileButton = (page: Page, name: string) =>
  page.getByRole('list', { name: 'AWS profiles' }).getByRole('button', { name: new RegExp(`^${name}\\b`) });

async function browseProdData(page: Page): Promise<void> {
  await profileButton(page, PROFILE.deploy).click();
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await page
    .getByRole('grid', { name: 'Objects' })
    .getByRole('row', { name: /README\.txt/ })
    .click();
  await expect(page.getByRole('complementary', { name: 'Object details' })).toContainText('ETag');
}

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
});

test('profiles: the list with a broken profile explained', async ({ page }) => {
  // Broken profiles are folded into one line above the list; opened, each explains itself.
  await page.locator('details.profile-broken > summary').click();
  const loop = page
    .getByRole('list', { name: 'Profiles that cannot be used' })
    .getByRole('listitem')
    .filter({ hasText: PROFILE.loopA })
    .first();
  await expect(loop.getByRole('alert')).toContainText('loop');
  await expect(page.getByText('dev → deploy → audit')).toBeVisible();
  await shot(page, 'profiles.png');
});

test('mfa: the role switch asks for a code', async ({ page }) => {
  await profileButton(page, PROFILE.audit).click();
  const dialog = page.getByRole('dialog', { name: 'MFA code required' });
  await expect(dialog).toContainText(ROLE_ARN.audit);
  await expect(dialog).toContainText(DEV_MFA_SERIAL);
  await shot(page, 'mfa.png');
});

test('browse: a production bucket through the deploy role', async ({ page }) => {
  await browseProdData(page);
  await expect(page.getByRole('region', { name: 'Focused session' })).toContainText('222222222222');
  await shot(page, 'browse.png');
});

test('split: two accounts side by side, each pane marked with its session', async ({ page }) => {
  await profileButton(page, PROFILE.dev).click();
  const left = page.getByRole('region', { name: 'Left pane' });
  await left.getByRole('button', { name: BUCKET.devArtifacts, exact: true }).click();
  await expect(
    left.getByRole('grid', { name: 'Objects' }).getByRole('row', { name: /notes\.txt/ }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Split' }).click();
  await browseProdData(page);
  const right = page.getByRole('region', { name: 'Right pane' });
  await expect(left).toContainText('111111111111');
  await expect(right).toContainText('222222222222');
  await shot(page, 'split.png');
});

test('compare: two accounts’ folders compared row by row, with the sync plan', async ({ page, world }) => {
  const dev = world.s3For('111111111111');
  const put = (key: string, body: string) =>
    dev.send(new PutObjectCommand({ Bucket: BUCKET.devArtifacts, Key: key, Body: body }));
  await put('reports/2024/q1.csv', 'quarter,revenue\nq1,100\n');
  await put('reports/2024/q2.csv', 'quarter,revenue\nq2,121\n');
  await put('reports/2023/q4.csv', 'quarter,revenue\nq4,90\n');
  const go = async (pane: ReturnType<Page['getByRole']>, address: string) => {
    const bar = pane.getByRole('textbox', { name: 'S3 address' });
    await bar.fill(address);
    await bar.press('Enter');
    await expect(bar).toHaveValue(address);
  };
  await browseProdData(page);
  const left = page.getByRole('region', { name: 'Left pane' });
  await go(left, `s3://${BUCKET.prodData}/reports/`);
  await page.getByRole('button', { name: 'Split' }).click();
  await profileButton(page, PROFILE.dev).click();
  const right = page.getByRole('region', { name: 'Right pane' });
  await right.getByRole('button', { name: BUCKET.devArtifacts, exact: true }).click();
  await go(right, `s3://${BUCKET.devArtifacts}/reports/`);
  await left.getByRole('button', { name: 'More ▾' }).click();
  await page.getByRole('menuitem', { name: 'Compare…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare and sync' });
  await dialog.getByRole('button', { name: 'Compare', exact: true }).click();
  await dialog.getByRole('group', { name: 'Show rows' }).getByRole('button', { name: /^Same/ }).click();
  await expect(dialog.getByRole('table', { name: 'Compared keys' })).toContainText('Different: ETag');
  const sync = dialog.getByRole('region', { name: 'Sync' });
  await sync.getByRole('checkbox', { name: 'Delete what only the right side has' }).check();
  await sync.getByRole('button', { name: 'Plan sync' }).click();
  await expect(sync.getByRole('region', { name: 'Sync plan' })).toContainText('Overwrite 1');
  await shot(page, 'compare.png');
});

test('transfers: uploads in progress', async ({ page, desktop, dialogAnswers }) => {
  const names = ['backup-01.tar', 'backup-02.tar', 'backup-03.tar', 'backup-04.tar', 'backup-05.tar'];
  for (const name of names) writeFileSync(join(desktop, name), Buffer.alloc(48 * 1024 * 1024, name));
  dialogAnswers.uploadPaths = names.map((n) => join(desktop, n));
  await profileButton(page, PROFILE.deploy).click();
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await expect(
    page.getByRole('grid', { name: 'Objects' }).getByRole('row', { name: /README\.txt/ }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Upload ▾' }).click();
  await page.getByRole('menu', { name: 'Upload' }).getByRole('menuitem', { name: 'Files…' }).click();
  const panel = page.getByRole('region', { name: 'Transfers' });
  await expect(panel.getByText('Running').first()).toBeVisible();
  await expect(panel).toContainText('backup-05.tar');
  await shot(page, 'transfers.png');
});

test('transfers: a download verified against its ETag, and one saved but not verified (KMS)', async ({
  page,
  world,
  desktop,
  dialogAnswers,
}) => {
  dialogAnswers.directory = desktop;
  await world.s3For('222222222222').send(
    new PutObjectCommand({
      Bucket: BUCKET.prodData,
      Key: 'ledger-kms.csv',
      Body: 'date,amount\n2026-12-01,42\n',
      ServerSideEncryption: 'aws:kms',
    }),
  );
  await profileButton(page, PROFILE.deploy).click();
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  const objects = page.getByRole('grid', { name: 'Objects' });
  await objects.getByRole('row', { name: /README\.txt/ }).click();
  await objects.getByRole('row', { name: /ledger-kms\.csv/ }).click({ modifiers: ['ControlOrMeta'] });
  await page
    .getByRole('toolbar', { name: 'Folder and selection actions' })
    .getByRole('button', { name: 'Download' })
    .click();
  const panel = page.getByRole('region', { name: 'Transfers' });
  await expect(panel.getByText('Done, verified')).toBeVisible();
  await expect(panel.getByText('Saved, not verified: the object is encrypted with a KMS key')).toBeVisible();
  await expect(panel.getByText('· 1 saved, not verified')).toBeVisible();
  await shot(page, 'downloads-verified.png');
});

test('preview: a CSV object as a table, fetched with a ranged GET', async ({ page, world }) => {
  await putPreviewObjects(world, undefined, { hostile: false });
  await openFolder(page, BUCKET.prodData, PREVIEW_PREFIX);
  await page
    .getByRole('grid', { name: 'Objects' })
    .getByRole('row', { name: /orders\.csv/ })
    .click();
  const details = page.getByRole('complementary', { name: 'Object details' });
  await details.getByRole('button', { name: 'Preview', exact: true }).click();
  await expect(details.getByRole('table').getByRole('cell', { name: 'Smith, J', exact: true })).toBeVisible();
  await shot(page, 'preview.png');
});

test('bookmarks: named locations across accounts, one opened with its object', async ({ page }) => {
  const grid = page.getByRole('grid', { name: 'Objects' });
  const bookmark = async (name: string): Promise<void> => {
    await page.keyboard.press('ControlOrMeta+KeyD');
    const dialog = page.getByRole('dialog', { name: 'Add bookmark' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Add bookmark' }).click();
    await expect(dialog).toHaveCount(0);
  };
  await profileButton(page, PROFILE.dev).click();
  await page.getByRole('button', { name: BUCKET.devArtifacts, exact: true }).click();
  await grid.getByRole('row', { name: /build/ }).dblclick();
  await bookmark('Build artifacts');
  await profileButton(page, PROFILE.deploy).click();
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await grid.getByRole('row', { name: /README\.txt/ }).click();
  await bookmark('Prod README');
  await grid.getByRole('row', { name: /reports/ }).dblclick();
  await grid.getByRole('row', { name: /2024/ }).dblclick();
  await bookmark('Quarterly reports 2024');
  await page.getByRole('textbox', { name: 'S3 address' }).fill(`s3://${BUCKET.prodLogs}/app/`);
  await page.getByRole('textbox', { name: 'S3 address' }).press('Enter');
  await bookmark('Prod app logs');

  await profileButton(page, PROFILE.dev).click();
  const list = page.getByRole('list', { name: 'Saved locations' });
  await list.getByRole('button', { name: /^Quarterly reports 2024\b/ }).click();
  await grid.getByRole('row', { name: /q1\.csv/ }).click();
  await expect(page.getByRole('complementary', { name: 'Object details' })).toContainText(
    'reports/2024/q1.csv',
  );
  await expect(page.getByRole('region', { name: 'Focused session' })).toContainText('222222222222');
  await expect(list.getByRole('listitem')).toHaveCount(4);
  await shot(page, 'bookmarks.png');
});

test('copy-forms: one object in every address form, the CLI line with the session’s profile', async ({
  page,
}) => {
  await browseProdData(page);
  await page
    .getByRole('complementary', { name: 'Object details' })
    .getByRole('button', { name: 'Copy address as…' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Copy address' });
  await expect(dialog.getByRole('textbox', { name: 'aws s3 cp command' })).toHaveValue(
    `aws s3 cp s3://${BUCKET.prodData}/README.txt ./README.txt --profile ${PROFILE.deploy}`,
  );
  await shot(page, 'copy-forms.png');
});

test('dark: the same browser in the dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await browseProdData(page);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(23, 25, 28)');
  await shot(page, 'dark.png');
});

test('incomplete-uploads: what other tools left behind, and the rule that cleans it up', async ({
  page,
  world,
}) => {
  const tool = world.s3For('222222222222');
  for (const [key, parts] of [
    ['exports/2024-q4.parquet', [5 * 1024 * 1024, 5 * 1024 * 1024]],
    ['backups/db-nightly.tar.zst', [5 * 1024 * 1024]],
    ['uploads/video-draft.mov', []],
  ] as const)
    await leaveUpload(tool, BUCKET.prodData, key, parts);
  await browseProdData(page);
  await page.getByRole('button', { name: 'Incomplete uploads…' }).click();
  const dialog = page.getByRole('dialog', { name: `Incomplete uploads in ${BUCKET.prodData}` });
  await expect(dialog.getByRole('status').first()).toContainText('15.0 MiB of parts');
  await expect(dialog.getByRole('textbox', { name: 'Lifecycle configuration JSON' })).toHaveValue(
    /DaysAfterInitiation/,
  );
  await dialog.getByRole('checkbox', { name: 'Select uploads/video-draft.mov' }).check();
  await shot(page, 'incomplete-uploads.png');
});

test('storage-summary: where the bytes and the money go', async ({ page, world }) => {
  const admin = world.s3For('222222222222');
  const MiB = 1024 * 1024;
  for (const [key, size, cls] of [
    ['warehouse/2025/events.parquet', 22 * MiB, 'STANDARD'],
    ['warehouse/2024/events.parquet', 14 * MiB, 'STANDARD_IA'],
    ['backups/db-2024.tar.zst', 30 * MiB, 'GLACIER'],
    ['backups/db-2023.tar.zst', 16 * MiB, 'DEEP_ARCHIVE'],
    ['logs/app.log.gz', 9 * MiB, 'STANDARD'],
    ['logs/archive.log.gz', 6 * MiB, 'INTELLIGENT_TIERING'],
    ['media/intro.mov', 11 * MiB, 'GLACIER_IR'],
  ] as const)
    await admin.send(
      new PutObjectCommand({
        Bucket: BUCKET.prodData,
        Key: key,
        Body: Buffer.alloc(size),
        StorageClass: cls,
      }),
    );
  await leaveUpload(admin, BUCKET.prodData, 'exports/2024-q4.parquet', [5 * MiB, 5 * MiB]);
  // The whole bucket: nothing selected.
  await profileButton(page, PROFILE.deploy).click();
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await expect(
    page.getByRole('grid', { name: 'Objects' }).getByRole('row', { name: /README\.txt/ }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Size & cost…' }).click();
  const dialog = page.getByRole('dialog', { name: `Storage of s3://${BUCKET.prodData}/` });
  await expect(dialog.getByText(/^Computed /)).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByRole('button', { name: /^Open backups\// })).toBeVisible();
  await dialog.getByRole('button', { name: 'Show the rule' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Lifecycle configuration JSON' })).toHaveValue(
    /AbortIncompleteMultipartUpload/,
  );
  await shot(page, 'storage-summary.png');
});

test.describe('a prefix with many keys', () => {
  test.use({
    worldSpec: (() => {
      const spec = standardWorldSpec();
      const bucket = spec.accounts['222222222222']?.buckets?.[BUCKET.prodData];
      if (!bucket) throw new Error(`the standard world has no ${BUCKET.prodData}`);
      bucket.manyKeys = { prefix: 'huge/', count: 20_000 };
      return spec;
    })(),
  });

  test('huge-prefix: keys stream in with a running count', async ({ page }) => {
    await profileButton(page, PROFILE.deploy).click();
    await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
    const address = page.getByRole('textbox', { name: 'S3 address' });
    await address.fill(`s3://${BUCKET.prodData}/huge/`);
    await address.press('Enter');
    await expect(page.getByText('20,000 keys')).toBeVisible({ timeout: 60_000 });
    await expect(
      page.getByRole('grid', { name: 'Objects' }).getByRole('row', { name: /\b00023\b/ }),
    ).toBeVisible();
    await shot(page, 'huge-prefix.png');
  });
});

test.describe('a versioned bucket', () => {
  test.use({
    worldSpec: (() => {
      const spec = standardWorldSpec();
      const logs = spec.accounts['222222222222']?.buckets?.[BUCKET.prodLogs];
      if (!logs) throw new Error(`the standard world has no ${BUCKET.prodLogs}`);
      logs.versioning = true;
      return spec;
    })(),
  });

  test('versions: deleted objects on demand, and an object’s versions in the details', async ({
    page,
    world,
  }) => {
    const s3 = world.s3For('222222222222');
    for (const body of ['first draft\n', 'second draft\n', 'final\n'])
      await s3.send(new PutObjectCommand({ Bucket: BUCKET.prodLogs, Key: 'app/report.txt', Body: body }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET.prodLogs, Key: 'app/gone.log', Body: 'old\n' }));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET.prodLogs, Key: 'app/gone.log' }));
    await openFolder(page, BUCKET.prodLogs, 'app/');
    await page.getByRole('checkbox', { name: 'Show deleted' }).check();
    const grid = page.getByRole('grid', { name: 'Objects' });
    await expect(grid.getByRole('row', { name: /gone\.log/ })).toContainText('Deleted');
    await grid.getByRole('row', { name: /report\.txt/ }).click();
    const versions = page
      .getByRole('complementary', { name: 'Object details' })
      .getByRole('region', { name: 'Versions' });
    await expect(versions.getByRole('listitem')).toHaveCount(3);
    await versions.scrollIntoViewIfNeeded();
    await shot(page, 'versions.png');
  });
});

test.describe('access across accounts', () => {
  test.use({ worldSpec: accessWorldSpec() });

  const openShareFolder = async (page: Page): Promise<void> => {
    await profileButton(page, ACCESS_PROFILE.analyst).click();
    await page.getByLabel('Open bucket by name').fill(`s3://${ACCESS_BUCKET.share}/reports/2025/`);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page
      .getByRole('grid', { name: 'Objects' })
      .getByRole('row', { name: /q1\.csv/ })
      .click();
  };

  test('access-explained: a refused read, which account must change what, and the statement', async ({
    page,
  }) => {
    await openShareFolder(page);
    const refused = page.getByRole('alert').filter({ hasText: 'Could not read the object' });
    await refused.getByRole('button', { name: 'Which account must change what?' }).click();
    const dialog = page.getByRole('dialog', { name: 'Why access was denied' });
    await expect(dialog.getByRole('listitem').filter({ hasText: 'The bucket owner' })).toContainText(
      ACCESS_ACCOUNT.partner,
    );
    await expect(dialog).toContainText(`x-amz-expected-bucket-owner ${ACCESS_ACCOUNT.partner} succeeded`);
    await shot(page, 'access-explained.png');
  });

  test('check-access: the read-only probe matrix of a folder', async ({ page }) => {
    await openShareFolder(page);
    await page.getByRole('button', { name: 'Check access' }).click();
    const matrix = page
      .getByRole('dialog', { name: 'Check access' })
      .getByRole('table', { name: 'Access matrix' });
    await expect(matrix.getByRole('row').filter({ hasText: /^GetObject/ })).toContainText('Denied');
    await expect(matrix.getByRole('row').filter({ hasText: /^ListObjectsV2/ })).toContainText('Allowed');
    await shot(page, 'check-access.png');
  });
});

test.describe('IAM Identity Center', () => {
  test.use({ worldSpec: withIdentityCenter(standardWorldSpec()) });

  test('sso: signed in, every account and role in the sidebar, a role open', async ({
    page,
    world,
    systemBrowser,
  }) => {
    const card = page.getByRole('region', { name: `IAM Identity Center ${SSO_SESSION}` });
    const opened = systemBrowser.next();
    await card.getByRole('button', { name: 'Sign in', exact: true }).click();
    await world.identityCenter?.approve(await opened);
    await expect(card).toContainText('Signed in');
    await card.getByRole('button', { name: /^Open ReadOnly in Production/ }).click();
    await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
    await expect(
      page.getByRole('grid', { name: 'Objects' }).getByRole('row', { name: /README\.txt/ }),
    ).toBeVisible();
    await expect(page.getByRole('region', { name: 'Focused session' })).toContainText(
      'Production · ReadOnly',
    );
    await shot(page, 'sso.png');
  });

  test('sso-device: a device code sign-in waiting for the browser', async ({ page, systemBrowser }) => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByLabel('Sign in with').selectOption('device-code');
    await settings.getByRole('button', { name: 'Save' }).click();
    const card = page.getByRole('region', { name: `IAM Identity Center ${SSO_SESSION}` });
    const opened = systemBrowser.next();
    await card.getByRole('button', { name: 'Sign in', exact: true }).click();
    await opened;
    await expect(card.getByRole('status', { name: /^Confirm this code/ })).toHaveText(/^[A-Z]{4}-[A-Z]{4}$/);
    await shot(page, 'sso-device.png');
  });
});

batchTest(
  'batch-operations: a copy handed to S3 Batch Operations, each statement with its account',
  async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    const dialog = await openHandOff(page);
    await expect(dialog.getByRole('region', { name: /^Bucket policy for bucket/ })).toContainText(
      `Apply in account ${BATCH_ACCOUNT.source}`,
    );
    await dialog.getByRole('region', { name: /^Bucket policy for bucket/ }).scrollIntoViewIfNeeded();
    await shot(page, 'batch-operations.png');
  },
);
