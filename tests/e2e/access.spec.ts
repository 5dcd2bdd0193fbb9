/**
 * When access across accounts is denied, the app says which account must change what and hands
 * over the statement; applying that statement through moto (with the named account's
 * administrator) makes the same call succeed. The access guard answers S3 as AWS does.
 */

import { UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetBucketPolicyCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import {
  ACCESS_ACCOUNT,
  ACCESS_BUCKET,
  ACCESS_DEV_MFA,
  ACCESS_PROFILE,
  accessWorldSpec,
  PARTNER_EXTERNAL_ID,
} from '../support/access-world';
import { expect, test } from './fixtures';
import { grid, openProfile, SHELL_COPIES_TO } from './steps';

test.use({ worldSpec: accessWorldSpec() });

/** A bucket of another account is not in the session's ListBuckets: it is opened by name. */
const openByName = async (page: Page, address: string): Promise<void> => {
  await page.getByLabel('Open bucket by name').fill(address);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
};

/** axe's serious and critical findings inside one element, in both themes. */
async function seriousViolations(page: Page, include: string): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    const { violations } = await new AxeBuilder({ page }).include(include).analyze();
    for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      for (const n of v.nodes) found.push(`${colorScheme}: ${v.id}: ${n.target.join(' ')} — ${v.help}`);
    }
  }
  return found;
}

const explanation = (page: Page) => page.getByRole('dialog', { name: 'Why access was denied' });

test('a read the bucket owner never granted: the explanation names account 222222222222, and its statement unlocks the read', async ({
  page,
  world,
  shell,
}) => {
  await openProfile(page, ACCESS_PROFILE.analyst);
  await openByName(page, `s3://${ACCESS_BUCKET.share}/reports/2025/`);
  await grid(page)
    .getByRole('row', { name: /q1\.csv/ })
    .click();
  const details = page.getByRole('complementary', { name: 'Object details' });
  const refused = details.getByRole('alert').filter({ hasText: 'Could not read the object' });
  await expect(refused).toContainText('s3:GetObject');

  await refused.getByRole('button', { name: 'Which account must change what?' }).click();
  const dialog = explanation(page);
  await expect(dialog).toContainText(`x-amz-expected-bucket-owner ${ACCESS_ACCOUNT.partner} succeeded`);
  const owner = dialog.getByRole('listitem').filter({ hasText: 'The bucket owner' });
  await expect(owner).toContainText(`account ${ACCESS_ACCOUNT.partner}`);
  const statement = owner.getByRole('region', { name: /^Bucket policy for bucket partner-222-share/ });
  await expect(statement).toContainText(`Apply in account ${ACCESS_ACCOUNT.partner}`);
  await expect(statement).toContainText(`arn:aws:s3:::${ACCESS_BUCKET.share}/reports/2025/*`);
  await statement.getByRole('button', { name: 'CloudFormation' }).click();
  await expect(statement).toContainText('Type: "AWS::S3::BucketPolicy"');
  await statement.getByRole('button', { name: 'JSON' }).click();
  await statement.getByRole('button', { name: 'Copy' }).click();
  // The browser shell cannot reach the clipboard: the window says where main put the text.
  await expect(statement.getByRole('status')).toHaveText(`Copied the JSON to ${SHELL_COPIES_TO}.`);

  // Account 222222222222's administrator adds the copied statement to the bucket policy.
  const generated = JSON.parse(shell.platform.clipboardText() ?? '{}') as { Statement: unknown[] };
  const s3 = world.s3For(ACCESS_ACCOUNT.partner);
  const current = JSON.parse(
    (await s3.send(new GetBucketPolicyCommand({ Bucket: ACCESS_BUCKET.share }))).Policy ?? '{}',
  ) as { Statement: unknown[] };
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: ACCESS_BUCKET.share,
      Policy: JSON.stringify({ ...current, Statement: [...current.Statement, ...generated.Statement] }),
    }),
  );
  await dialog.getByRole('button', { name: 'Close dialog' }).click();

  await grid(page)
    .getByRole('row', { name: /q2\.csv/ })
    .click();
  await expect(details).toContainText('ETag');
  await expect(refused).toHaveCount(0);
});

test('Check access on a folder: the matrix, and an explained refusal', async ({ page }) => {
  await openProfile(page, ACCESS_PROFILE.analyst);
  await openByName(page, `s3://${ACCESS_BUCKET.share}/reports/2025/`);
  await expect(grid(page).getByRole('row', { name: /q1\.csv/ })).toBeVisible();
  await page.getByRole('button', { name: 'Check access' }).click();
  const dialog = page.getByRole('dialog', { name: 'Check access' });
  const matrix = dialog.getByRole('table', { name: 'Access matrix' });
  const row = (call: RegExp) => matrix.getByRole('row').filter({ hasText: call });
  await expect(row(/^GetBucketLocation/)).toContainText('Allowed');
  await expect(row(/^ListObjectsV2/)).toContainText('Allowed');
  await expect(row(/^HeadObject/)).toContainText('Denied');
  await expect(row(/^GetObject \(bytes 0-0\)/)).toContainText('Denied');
  await expect(dialog.getByLabel(/Object to read/)).toHaveValue('reports/2025/q1.csv');
  expect(await seriousViolations(page, '.access-check'), 'the matrix').toEqual([]);

  await row(/^GetObject \(bytes 0-0\)/)
    .getByRole('button', { name: 'Explain' })
    .click();
  await expect(explanation(page).getByRole('listitem').filter({ hasText: 'The bucket owner' })).toContainText(
    ACCESS_ACCOUNT.partner,
  );
  expect(await seriousViolations(page, '.access-explanation'), 'the explanation').toEqual([]);
});

test('a role whose trust policy names another account: the trust policy statement (external ID, MFA) unlocks the switch', async ({
  page,
  world,
  shell,
}) => {
  await openProfile(page, ACCESS_PROFILE.partner);
  await page
    .getByRole('dialog', { name: 'MFA code required' })
    .getByLabel(/6-digit code/)
    .fill(world.mfaCode(ACCESS_DEV_MFA));
  await page.keyboard.press('Enter');
  const notice = page.getByRole('alert').filter({ hasText: 'Could not open the session' });
  await expect(notice).toContainText('sts:AssumeRole');
  await notice.getByRole('button', { name: 'Which account must change what?' }).click();

  const dialog = explanation(page);
  const trust = dialog.getByRole('region', { name: /^Role trust policy for role partner-access/ });
  await expect(trust).toContainText(`Apply in account ${ACCESS_ACCOUNT.partner}`);
  await expect(trust).toContainText('"aws:MultiFactorAuthPresent": "true"');
  // The external ID stays in main: masked on screen, whole on the clipboard.
  await expect(trust).toContainText('<external_id of the profile>');
  await expect(dialog).not.toContainText(PARTNER_EXTERNAL_ID);
  await trust.getByRole('button', { name: 'Copy' }).click();
  await expect(trust.getByRole('status')).toHaveText(`Copied the JSON to ${SHELL_COPIES_TO}.`);
  const document = shell.platform.clipboardText() ?? '';
  expect(document).toContain(`"sts:ExternalId": "${PARTNER_EXTERNAL_ID}"`);

  await world
    .iamFor(ACCESS_ACCOUNT.partner)
    .send(new UpdateAssumeRolePolicyCommand({ RoleName: 'partner-access', PolicyDocument: document }));
  await dialog.getByRole('button', { name: 'Close dialog' }).click();

  await openProfile(page, ACCESS_PROFILE.partner);
  await page
    .getByRole('dialog', { name: 'MFA code required' })
    .getByLabel(/6-digit code/)
    .fill(world.mfaCode(ACCESS_DEV_MFA));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Focused session' })).toContainText(ACCESS_ACCOUNT.partner);
});
