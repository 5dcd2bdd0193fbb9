/**
 * The S3 Batch Operations hand-off in the window: a folder of account 111 copied into account
 * 222's bucket by a job 222 runs. The dialog shows each generated statement with the account
 * that applies it; the test applies exactly what the dialog shows (as each account's
 * administrator), creates the job, confirms it in Transfers, and the objects arrive
 * byte-identical. S3 Control is the stand-in (tests/support/batch-operations-stand-in.ts),
 * reached through AWS_ENDPOINT_URL_S3_CONTROL as a user would point the app at an endpoint.
 */

import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { applyStatements, BATCH_ACCOUNT, BATCH_BUCKET, BATCH_OBJECTS } from '../support/batch-world';
import { jobRow, openHandOff, shownStatements, batchTest as test } from './batch-steps';
import { expect } from './fixtures';
import { grid } from './steps';

/** axe on one part of the window: no serious or critical violations. */
async function seriousViolations(page: Page, include: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).include(include).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${v.help}`));
}

const bytesOf = async (s3: S3Client, bucket: string, key: string): Promise<Buffer> => {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from((await got.Body?.transformToByteArray()) ?? []);
};

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
  expect(await seriousViolations(page, 'dialog')).toEqual([]);

  await dialog.getByRole('button', { name: 'Create job' }).click();
  await expect(dialog).toBeHidden();
  const job = jobRow(page);
  await expect(job).toContainText('waiting for your confirmation');
  await job.getByRole('button', { name: 'Run job' }).click();
  await expect(job).toContainText('complete', { timeout: 45_000 });
  await expect(job).toContainText(`${Object.keys(BATCH_OBJECTS).length} copied · 0 failed`);
  // The target pane lists the copies without a Refresh.
  await expect(
    grid(page.getByRole('region', { name: 'Right pane' })).getByRole('row', { name: /exports/ }),
  ).toBeVisible();

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
  expect(await seriousViolations(page, '.batch-jobs')).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('batch-failed.png') });
});
