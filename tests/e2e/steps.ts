/** Steps and locators that several specs take the same way. */
import type { Locator, Page } from '@playwright/test';
import { BUCKET, PROFILE } from '../support/standard-world';
import { expect } from './fixtures';

/**
 * Where the browser shell puts what main copies (its page cannot reach the clipboard): what
 * the window names instead of "the clipboard".
 */
export const SHELL_COPIES_TO = "the browser shell's own process (your clipboard is unchanged)";

/** The object list of the page, or of one pane when given a pane. */
export const grid = (scope: Page | Locator) => scope.getByRole('grid', { name: 'Objects' });

/** A profile's button in the sidebar: its accessible name starts with the profile name. */
export const profileButton = (page: Page, name: string) =>
  page.getByRole('list', { name: 'AWS profiles' }).getByRole('button', { name: new RegExp(`^${name}\\b`) });

export const openProfile = (page: Page, name: string): Promise<void> => profileButton(page, name).click();

/** Opens the deploy profile's prod-data bucket and waits until its root is listed. */
export const openProdData = async (page: Page): Promise<void> => {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: BUCKET.prodData, exact: true }).click();
  await expect(grid(page).getByRole('row', { name: /README\.txt/ })).toBeVisible();
};

/** A row of the object list by its exact name (its accessible name also holds size and dates). */
export const rowNamed = (page: Page, name: string) =>
  grid(page)
    .getByRole('row')
    .filter({
      has: page.locator('.object-name', {
        hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
      }),
    });

/** Opens a folder of a bucket through the deploy role, typed into the address bar. */
export const openFolder = async (page: Page, bucket: string, prefix: string): Promise<void> => {
  await openProfile(page, PROFILE.deploy);
  await page.getByRole('button', { name: bucket, exact: true }).click();
  const address = page.getByRole('textbox', { name: 'S3 address' });
  await address.fill(`s3://${bucket}/${prefix}`);
  await address.press('Enter');
  await expect(address).toHaveValue(`s3://${bucket}/${prefix}`);
};

/** Selects the row named `row` and clicks a folder-and-selection action of the toolbar. */
export const actOnRow = async (page: Page, row: RegExp, action: string): Promise<void> => {
  await grid(page).getByRole('row', { name: row }).click();
  await page
    .getByRole('toolbar', { name: 'Folder and selection actions' })
    .getByRole('button', { name: action })
    .click();
};

/** Types an address into a pane's address bar and waits for it to be shown. */
export async function goTo(pane: Locator, address: string): Promise<void> {
  const bar = pane.getByRole('textbox', { name: 'S3 address' });
  await bar.fill(address);
  await bar.press('Enter');
  await expect(bar).toHaveValue(address);
}

const compareButton = (pane: Locator) =>
  pane
    .getByRole('toolbar', { name: 'Folder and selection actions' })
    .getByRole('button', { name: 'Compare…' });

/** Clicks Compare… in a pane's toolbar (or its More ▾ menu when the pane is narrow). */
export async function openCompare(page: Page, pane: Locator): Promise<Locator> {
  if (await compareButton(pane).isVisible()) await compareButton(pane).click();
  else {
    await pane.getByRole('button', { name: 'More ▾' }).click();
    await page.getByRole('menuitem', { name: 'Compare…' }).click();
  }
  const dialog = page.getByRole('dialog', { name: 'Compare and sync' });
  await expect(dialog).toBeVisible();
  return dialog;
}
