/**
 * The S3 Batch Operations hand-off in the window: a folder of account 111 copied into account
 * 222's bucket by a job 222 runs. The dialog shows each generated statement with the account
 * that applies it; the test applies exactly what the dialog shows (as each account's
 * administrator), creates the job, confirms it in Transfers, and the objects arrive
 * byte-identical. S3 Control is the stand-in (tests/support/batch-operations-stand-in.ts),
 * reached through AWS_ENDPOINT_URL_S3_CONTROL as a user would point the app at an endpoint.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Locator, Page } from '@playwright/test';
import type { GeneratedStatement } from '../../src/shared/models/access';
import type { BatchOperationsStandIn } from '../support/batch-operations-stand-in';
import {
  applyStatements,
  BATCH_ACCOUNT,
  BATCH_BUCKET,
  BATCH_OBJECTS,
  BATCH_PROFILE,
  batchWorldSpec,
  startBatchStandIn,
} from '../support/batch-world';
import { test as base, expect } from './fixtures';
import { grid, openProfile } from './steps';

const test = base.extend<{ standIn: BatchOperationsStandIn }>({
  standIn: async ({ world }, use) => {
    const standIn = await startBatchStandIn(world);
    await use(standIn);
    await standIn.close();
  },
  shellEnv: async ({ standIn }, use) => {
    await use({ AWS_ENDPOINT_URL_S3_CONTROL: standIn.endpoint });
  },
});
test.use({ worldSpec: batchWorldSpec() });

const KINDS: Readonly<Record<string, GeneratedStatement['kind']>> = {
  'Role permissions': 'identity-policy',
  'Bucket policy': 'bucket-policy',
  'Role trust policy': 'trust-policy',
};

const bytesOf = async (s3: S3Client, bucket: string, key: string): Promise<Buffer> => {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from((await got.Body?.transformToByteArray()) ?? []);
};

/** Opens 111's exports/ on the left and 222's archive bucket on the right, then the hand-off dialog for 2026/. */
async function openHandOff(page: Page) {
  await openProfile(page, BATCH_PROFILE.source);
  await page.getByRole('button', { name: BATCH_BUCKET.source, exact: true }).click();
  const left = page.getByRole('region', { name: 'Left pane' });
  await grid(left)
    .getByRole('row', { name: /exports/ })
    .dblclick();
  await expect(grid(left).getByRole('row', { name: /2026/ })).toBeVisible();
  await page.keyboard.press('ControlOrMeta+Backslash');
  const right = page.getByRole('region', { name: 'Right pane' });
  await openProfile(page, BATCH_PROFILE.target);
  await expect(right).toContainText(BATCH_ACCOUNT.target);
  await right.getByRole('button', { name: BATCH_BUCKET.target, exact: true }).click();

  await grid(left).getByRole('row', { name: /2026/ }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Copy with S3 Batch Operations…' }).click();
  const dialog = page.getByRole('dialog', { name: /with S3 Batch Operations/ });
  await dialog.getByLabel('Manifest and report bucket').fill(BATCH_BUCKET.ops);
  await dialog.getByRole('button', { name: 'Write manifest and generate policies' }).click();
  await expect(dialog.locator('section.access-statement')).toHaveCount(3);
  return dialog;
}

/** The statements as the dialog shows them (what a user copies), and the role's name. */
async function shownStatements(
  dialog: Locator,
): Promise<{ roleName: string; statements: GeneratedStatement[] }> {
  const statements: GeneratedStatement[] = [];
  for (const section of await dialog.locator('section.access-statement').all()) {
    const label = (await section.getAttribute('aria-label')) ?? '';
    const [name = '', target = ''] = label.split(' for ');
    statements.push({
      id: name,
      kind: KINDS[name] ?? 'identity-policy',
      account: (/Apply in account (\d{12})/.exec(await section.innerText()) ?? [])[1] ?? '',
      target,
      howToApply: '',
      json: await section.locator('pre').innerText(),
      yaml: '',
    });
  }
  const facts = await dialog.locator('.batch-proposal__facts').innerText();
  return { roleName: (/role\/([\w+=,.@-]+)/.exec(facts) ?? [])[1] ?? '', statements };
}

const jobRow = (page: Page) =>
  page.getByRole('region', { name: 'S3 Batch Operations jobs' }).getByRole('listitem').first();

test('a folder copied across accounts by an S3 Batch Operations job, with the statements the dialog shows', async ({
  page,
  world,
}) => {
  const dialog = await openHandOff(page);
  // Each statement names the account that applies it: the role in 222, the bucket policy in 111.
  await expect(
    dialog.getByRole('region', { name: `Bucket policy for bucket ${BATCH_BUCKET.source}` }),
  ).toContainText(`Apply in account ${BATCH_ACCOUNT.source}`);
  await expect(dialog.getByRole('region', { name: /^Role trust policy/ })).toContainText(
    `Apply in account ${BATCH_ACCOUNT.target}`,
  );
  await expect(dialog).toContainText(`${Object.keys(BATCH_OBJECTS).length} (`);
  const { roleName, statements } = await shownStatements(dialog);
  await applyStatements(world, roleName, statements);

  await dialog.getByRole('button', { name: 'Create job' }).click();
  await expect(dialog).toBeHidden();
  const job = jobRow(page);
  await expect(job).toContainText('waiting for your confirmation');
  await job.getByRole('button', { name: 'Run job' }).click();
  await expect(job).toContainText('complete', { timeout: 45_000 });
  await expect(job).toContainText(`${Object.keys(BATCH_OBJECTS).length} copied · 0 failed`);

  const archive = world.s3For(BATCH_ACCOUNT.target);
  const exportsBucket = world.s3For(BATCH_ACCOUNT.source);
  for (const key of Object.keys(BATCH_OBJECTS)) {
    expect(
      (await bytesOf(archive, BATCH_BUCKET.target, key)).equals(
        await bytesOf(exportsBucket, BATCH_BUCKET.source, key),
      ),
    ).toBe(true);
  }
});

test('without the source bucket policy the tasks fail, and the job says account 111 must apply it', async ({
  page,
  world,
}) => {
  const dialog = await openHandOff(page);
  const { roleName, statements } = await shownStatements(dialog);
  await applyStatements(
    world,
    roleName,
    statements.filter((s) => s.kind !== 'bucket-policy'),
  );
  await dialog.getByLabel('Wait for my confirmation in Transfers before the job runs').uncheck();
  await dialog.getByRole('button', { name: 'Create job' }).click();
  const job = jobRow(page);
  await expect(job).toContainText(`0 copied · ${Object.keys(BATCH_OBJECTS).length} failed`, {
    timeout: 45_000,
  });
  const help = job.getByRole('note');
  await expect(help).toContainText(
    `account ${BATCH_ACCOUNT.source} applies the policy of bucket ${BATCH_BUCKET.source}`,
  );
  await help.getByText('The statement to apply').click();
  await expect(
    help.getByRole('region', { name: `Bucket policy for bucket ${BATCH_BUCKET.source}` }),
  ).toContainText(`Apply in account ${BATCH_ACCOUNT.source}`);
  await job.getByText(/failed tasks \(from the completion report\)/).click();
  await expect(job).toContainText('AccessDenied');
  await page.screenshot({ path: test.info().outputPath('batch-failed.png') });
});
