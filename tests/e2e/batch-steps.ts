/**
 * The Batch Operations hand-off scenario for Playwright: the world of tests/support/batch-world.ts
 * with the S3 Control stand-in, reached through AWS_ENDPOINT_URL_S3_CONTROL, and the steps that
 * open the dialog and read the statements it shows.
 */
import type { Locator, Page } from '@playwright/test';
import type { GeneratedStatement } from '../../src/shared/models/access';
import type { BatchOperationsStandIn } from '../support/batch-operations-stand-in';
import {
  BATCH_ACCOUNT,
  BATCH_BUCKET,
  BATCH_PROFILE,
  batchWorldSpec,
  startBatchStandIn,
} from '../support/batch-world';
import { test as base, expect } from './fixtures';
import { grid, openProfile } from './steps';

export const batchTest = base.extend<{ standIn: BatchOperationsStandIn }>({
  // This scenario's world for every test made with batchTest (and only those).
  worldSpec: batchWorldSpec(),
  standIn: async ({ world }, use) => {
    const standIn = await startBatchStandIn(world);
    await use(standIn);
    await standIn.close();
  },
  shellEnv: async ({ standIn }, use) => {
    await use({ AWS_ENDPOINT_URL_S3_CONTROL: standIn.endpoint });
  },
});

const KINDS: Readonly<Record<string, GeneratedStatement['kind']>> = {
  'Identity policy': 'identity-policy',
  'Bucket policy': 'bucket-policy',
  'Role trust policy': 'trust-policy',
};

/** Opens 111's exports/ on the left and 222's archive bucket on the right, then the hand-off dialog for 2026/. */
export async function openHandOff(page: Page) {
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
  // Who may create the job, the role's trust and permissions, 111's bucket policy.
  await expect(dialog.locator('section.access-statement')).toHaveCount(4);
  return dialog;
}

/** The statements as the dialog shows them (what a user copies), and the role's name. */
export async function shownStatements(
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

export const jobRow = (page: Page) =>
  page.getByRole('region', { name: 'S3 Batch Operations jobs' }).getByRole('listitem').first();
