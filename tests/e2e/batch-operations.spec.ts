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
import {
  applyStatements,
  BATCH_ACCOUNT,
  BATCH_BUCKET,
  BATCH_OBJECTS,
  BATCH_PROFILE,
} from '../support/batch-world';
import { jobRow, openHandOff, shownStatements, batchTest as test } from './batch-steps';
import { expect } from './fixtures';
import { grid, openProfile } from './steps';

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
  // First who may create the job: the session's own user, in its own account 222.
  const creator = dialog.locator('section.access-statement').first();
  await expect(creator).toHaveAttribute('aria-label', 'Identity policy for user archivist');
  await expect(creator).toContainText(`Apply in account ${BATCH_ACCOUNT.target}`);
  await expect(creator).toContainText('"iam:PassedToService": "batchoperations.s3.amazonaws.com"');
  // Each statement names the account that applies it: the role in 222, the bucket policy in 111.
  await expect(
    dialog.getByRole('region', { name: `Bucket policy for bucket ${BATCH_BUCKET.source}` }),
  ).toContainText(`Apply in account ${BATCH_ACCOUNT.source}`);
  await expect(dialog.getByRole('region', { name: /^Role trust policy/ })).toContainText(
    `Apply in account ${BATCH_ACCOUNT.target}`,
  );
  await expect(dialog).toContainText(`${Object.keys(BATCH_OBJECTS).length} (`);
  // What each copy carries: 222 writes into its own bucket, so no ACL; everything kept.
  await expect(dialog).toContainText('Copies belong to the target’s owner without an ACL.');
  await expect(dialog).toContainText('tags are kept; storage class is kept.');
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

test('CreateJob refused without iam:PassRole: the explanation names account 222 and its statement, which lets the job be created', async ({
  page,
  world,
}) => {
  const dialog = await openHandOff(page);
  const { roleName, statements } = await shownStatements(dialog);
  const [creator, ...rest] = statements;
  expect(creator?.target).toBe('user archivist');
  await applyStatements(world, roleName, rest);
  await dialog.getByRole('button', { name: 'Create job' }).click();
  const refusal = dialog.getByRole('alert');
  await expect(refusal).toContainText('s3:CreateJob was denied');
  await refusal.getByRole('button', { name: 'Which account must change what?' }).click();
  const explanation = page.getByRole('dialog', { name: 'Why access was denied' });
  await expect(explanation).toContainText(`Your side — account ${BATCH_ACCOUNT.target}`);
  const offered = explanation.getByRole('region', { name: 'Identity policy for user archivist' });
  await expect(offered).toContainText(`Apply in account ${BATCH_ACCOUNT.target}`);
  await expect(offered).toContainText('iam:PassRole');
  await expect(offered).toContainText('"iam:PassedToService": "batchoperations.s3.amazonaws.com"');
  // What the explanation offers is what the proposal listed first.
  expect(await offered.locator('pre').innerText()).toBe(creator?.json);
  expect(await seriousViolations(page, 'dialog')).toEqual([]);

  await applyStatements(world, roleName, [creator!]);
  await explanation.getByRole('button', { name: 'Close dialog' }).click();
  await dialog.getByRole('button', { name: 'Create job' }).click();
  await expect(dialog).toBeHidden();
  await expect(jobRow(page)).toContainText('waiting for your confirmation');
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

test('a sync plan past the threshold goes to a Batch Operations job that makes the target match', async ({
  page,
  world,
}) => {
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('S3 Batch Operations past (objects)').fill('1');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings).toBeHidden();
  // Left: 111's exports/; right: 222's mirror/exports/ (empty yet), so the plan keeps every key.
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
  const address = right.getByRole('textbox', { name: 'S3 address' });
  await address.fill(`s3://${BATCH_BUCKET.target}/mirror/exports/`);
  await address.press('Enter');
  await expect(address).toHaveValue(`s3://${BATCH_BUCKET.target}/mirror/exports/`);

  const compare = left.getByRole('toolbar', { name: 'Folder and selection actions' }).getByRole('button', {
    name: 'Compare…',
  });
  if (await compare.isVisible()) await compare.click();
  else {
    await left.getByRole('button', { name: 'More ▾' }).click();
    await page.getByRole('menuitem', { name: 'Compare…' }).click();
  }
  const dialog = page.getByRole('dialog', { name: 'Compare and sync' });
  await dialog.getByRole('button', { name: 'Compare', exact: true }).click();
  const sync = dialog.getByRole('region', { name: 'Sync' });
  await sync.getByRole('button', { name: 'Plan sync' }).click();
  const summary = sync.getByRole('region', { name: 'Sync plan' });
  await expect(summary).toContainText('Copy');
  const copies = Number(/Copy (\d+)/.exec(await summary.innerText())?.[1]);
  expect(copies).toBeGreaterThan(1);

  await sync.getByRole('button', { name: 'Hand to S3 Batch Operations…' }).click();
  const handOff = page.getByRole('dialog', { name: /to S3 Batch Operations$/ });
  await handOff.getByLabel('Manifest and report bucket').fill(BATCH_BUCKET.ops);
  await handOff.getByRole('button', { name: 'Write manifest and generate policies' }).click();
  await expect(handOff.locator('section.access-statement')).toHaveCount(4);
  await expect(handOff).toContainText(`s3://${BATCH_BUCKET.target}/mirror/<source key>`);
  const { roleName, statements } = await shownStatements(handOff);
  await applyStatements(world, roleName, statements);
  await handOff.getByLabel('Wait for my confirmation in Transfers before the job runs').uncheck();
  await handOff.getByRole('button', { name: 'Create job' }).click();
  await expect(handOff).toBeHidden();
  await expect(jobRow(page)).toContainText(`${copies} copied · 0 failed`, { timeout: 45_000 });
  expect(
    (
      await bytesOf(
        world.s3For(BATCH_ACCOUNT.target),
        BATCH_BUCKET.target,
        'mirror/exports/2026/report, final+v2.csv',
      )
    ).toString(),
  ).toBe(BATCH_OBJECTS['exports/2026/report, final+v2.csv']);
});
