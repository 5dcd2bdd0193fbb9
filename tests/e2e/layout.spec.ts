/**
 * Small windows and split view: the pane's toolbar keeps its actions on one row (what does not
 * fit goes into "More ▾"), and at the window's minimum size the object list keeps its height.
 */
import type { Locator, Page } from '@playwright/test';
import { PROFILE } from '../support/standard-world';
import { expect, test } from './fixtures';
import { grid, openProdData, profileButton } from './steps';

const leftPane = (page: Page) => page.getByRole('region', { name: 'Left pane' });
const actionsOf = (scope: Locator) => scope.getByRole('toolbar', { name: 'Folder and selection actions' });

/** Opens prod-data in the left pane and another session in the right one. */
async function splitWithTwoSessions(page: Page): Promise<void> {
  await openProdData(page);
  await page.getByRole('button', { name: 'Split' }).click();
  await profileButton(page, PROFILE.dev).click();
  await expect(page.getByRole('region', { name: 'Right pane' })).toContainText('111111111111');
}

/** The distinct tops of the visible buttons: one value means one row. */
const rowsOf = (toolbar: Locator): Promise<number> =>
  toolbar.evaluate(
    (el) =>
      new Set(
        [...el.querySelectorAll('button')]
          .filter((b) => b.getBoundingClientRect().width > 0)
          .map((b) => Math.round(b.getBoundingClientRect().top)),
      ).size,
  );

test('at 1024 px the split view keeps each pane’s actions on one row, the rest under More ▾', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await splitWithTwoSessions(page);
  const actions = actionsOf(leftPane(page));
  await expect(actions.getByRole('button', { name: 'More ▾' })).toBeVisible();
  expect(await rowsOf(actions)).toBe(1);
  // The toolbar is at most the address row and this one.
  const toolbarHeight = await actions.evaluate((el) => el.parentElement?.getBoundingClientRect().height ?? 0);
  expect(toolbarHeight).toBeLessThan(90);

  // What moved into the menu still works: select a file, then More ▾ → Presigned URL.
  await grid(leftPane(page))
    .getByRole('row', { name: /README\.txt/ })
    .click();
  await actions.getByRole('button', { name: 'More ▾' }).click();
  const menu = page.getByRole('menu', { name: 'More actions' });
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeEnabled();
  await menu.getByRole('menuitem', { name: 'Presigned URL' }).click();
  await expect(page.getByRole('dialog', { name: 'Copy presigned URL' })).toBeVisible();
});

test('a wide single pane shows every action on the toolbar and no More ▾', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openProdData(page);
  const actions = actionsOf(page.getByRole('main'));
  for (const name of ['New folder', 'Upload ▾', 'Download', 'Delete', 'Rename', 'Copy to…', 'Presigned URL'])
    await expect(actions.getByRole('button', { name, exact: true })).toBeVisible();
  await expect(actions.getByRole('button', { name: 'More ▾' })).toHaveCount(0);
  expect(await rowsOf(actions)).toBe(1);
});

test('at the minimum window size, 880 × 560, split, the object list keeps room for its rows', async ({
  page,
}) => {
  await page.setViewportSize({ width: 880, height: 560 });
  await splitWithTwoSessions(page);
  const list = grid(leftPane(page));
  await expect(list.getByRole('row', { name: /README\.txt/ })).toBeVisible();
  const height = await list.evaluate((el) => el.getBoundingClientRect().height);
  // Before, the toolbar and the list controls took seven rows and left about 140 px.
  expect(height).toBeGreaterThan(240);
  expect(await rowsOf(actionsOf(leftPane(page)))).toBe(1);
});

test('at 880 × 560 one pane keeps its server-side search on one row and names the selected object', async ({
  page,
}) => {
  await page.setViewportSize({ width: 880, height: 560 });
  await openProdData(page);
  const search = page.getByRole('form', { name: 'Search keys on S3' });
  const top = (locator: Locator) => locator.evaluate((el) => Math.round(el.getBoundingClientRect().top));
  const box = search.getByRole('searchbox', { name: 'Keys starting with' });
  expect(await top(search.getByRole('button', { name: 'Search' }))).toBe(await top(box));

  // The details panel scrolls as a whole; its title stays, however long the details are.
  await grid(page)
    .getByRole('row', { name: /README\.txt/ })
    .click();
  const details = page.getByRole('complementary', { name: 'Object details' });
  await expect(details).toContainText('ETag');
  await expect(details.getByRole('heading', { name: 'README.txt' })).toBeVisible();
});

test('at 880 × 560 the open transfers panel is as tall as its rows, so the pane keeps its room', async ({
  page,
  desktop,
  dialogAnswers,
}) => {
  await page.setViewportSize({ width: 880, height: 560 });
  dialogAnswers.directory = desktop;
  await openProdData(page);
  await grid(page)
    .getByRole('row', { name: /README\.txt/ })
    .click();
  await actionsOf(page.getByRole('main')).getByRole('button', { name: 'Download', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Transfers' });
  await expect(panel).toContainText('Done');
  const toggle = panel.getByRole('button', { name: /Transfers/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const row = panel.locator('.transfer-row').filter({ hasText: 'README.txt' });
  await expect(row).toBeVisible();
  const [panelHeight, rowHeight] = await Promise.all([
    panel.evaluate((el) => el.getBoundingClientRect().height),
    row.evaluate((el) => el.getBoundingClientRect().height),
  ]);
  // The header row, one transfer, borders: not a fixed 260 px with most of it empty.
  expect(panelHeight).toBeLessThan(rowHeight + 80);
  const list = await grid(page).evaluate((el) => el.getBoundingClientRect().height);
  expect(list).toBeGreaterThan(200);
});
