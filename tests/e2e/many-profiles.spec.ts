/**
 * A config with 5,000 role profiles (as generated from IAM Identity Center) and a few broken
 * ones: the sidebar lists them virtualised — a few dozen rows in the page, each announced as
 * "n of 5,000" — the filter finds the last one, and the broken ones take one line.
 */
import { brokenProfiles, roleProfileName, roleProfiles } from '../support/big-config';
import { PROFILE, REGION, standardWorldSpec } from '../support/standard-world';
import { expect, test } from './fixtures';
import { profileButton } from './steps';

const ROLES = 5_000;
const spec = standardWorldSpec();
spec.profiles = {
  ...spec.profiles,
  ...roleProfiles({ roles: ROLES, source: PROFILE.dev, extra: { region: REGION } }),
  ...brokenProfiles(),
};
test.use({ worldSpec: spec });

test('5,000 role profiles: a virtualised list, found by the filter, broken ones folded', async ({ page }) => {
  const list = page.getByRole('list', { name: 'AWS profiles' });
  const first = profileButton(page, roleProfileName(0));
  await expect(first).toBeVisible();
  const total = await list.getByRole('listitem').first().getAttribute('aria-setsize');
  expect(Number(total)).toBeGreaterThan(ROLES);
  // Only the rows in view (and a few more) are in the page.
  expect(await list.getByRole('listitem').count()).toBeLessThan(80);

  const last = roleProfileName(ROLES - 1);
  await expect(profileButton(page, last)).toHaveCount(0);
  const filter = page.getByRole('searchbox', { name: 'Filter profiles' });
  await filter.fill(last);
  await expect(profileButton(page, last)).toBeVisible();
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem')).toHaveAttribute('aria-setsize', '1');

  // Scrolling the sidebar to its end shows the last profile of the file.
  await filter.fill('');
  await page.locator('.sidebar__scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  const lastInFile = list.getByRole('listitem').last();
  await expect(lastInFile).toHaveAttribute('aria-posinset', total ?? '');
  await expect(lastInFile.getByRole('button')).toBeVisible();

  // Three broken profiles of the generated file join the world's own, on one line.
  await expect(page.locator('details.profile-broken > summary')).toHaveText(
    /^⚠ \d+ profiles cannot be used$/,
  );
  await expect(page.getByRole('list', { name: 'Profiles that cannot be used' })).toBeHidden();
});
