/**
 * The renderer shell against the real services: profiles (broken ones folded), opening
 * sessions into panes, the MFA prompt, the ad-hoc role switch, split panes and shortcuts.
 */
import { DEV_MFA_SERIAL, PROFILE, ROLE_ARN } from '../support/standard-world';
import { expect, isBrowserShell, test } from './fixtures';
import { profileButton, SHELL_COPIES_TO } from './steps';

test('lists profiles, folds broken ones into one line that opens on their errors, and opens a session', async ({
  page,
}) => {
  const list = page.getByRole('list', { name: 'AWS profiles' });
  await expect(profileButton(page, PROFILE.dev)).toBeVisible();
  // Broken profiles (a source_profile loop, a missing source…) take one line, not one row each.
  const fold = page.locator('details.profile-broken > summary');
  await expect(fold).toHaveText(/^⚠ \d+ profiles cannot be used$/);
  const broken = page.getByRole('list', { name: 'Profiles that cannot be used' });
  await expect(broken).toBeHidden();
  await expect(list.getByText(PROFILE.loopA)).toHaveCount(0);
  await fold.click();
  // Opened, each is explained and is not a button.
  const loop = broken.getByRole('listitem').filter({ hasText: PROFILE.loopA }).first();
  await expect(loop.getByRole('alert')).toContainText('loop');
  await expect(loop.getByRole('button')).toHaveCount(0);
  await expect(page.getByText('dev → deploy → audit')).toBeVisible();

  // A filter that matches a broken profile shows it without a click.
  await fold.click();
  await expect(broken).toBeHidden();
  const filter = page.getByRole('searchbox', { name: 'Filter profiles' });
  await filter.fill(PROFILE.loopB);
  await expect(
    broken.getByRole('listitem').filter({ hasText: PROFILE.loopB }).getByRole('alert'),
  ).toBeVisible();
  await filter.fill('');
  await expect(broken).toBeHidden();

  await expect(page.getByText('Pick a profile on the left')).toBeVisible();
  await profileButton(page, PROFILE.deploy).click();
  const header = page.getByRole('region', { name: 'Focused session' });
  await expect(header).toContainText('222222222222');
  await expect(header.getByRole('timer')).toHaveText(/^\d{1,2}:\d{2}(:\d{2})?$/);
  await expect(page.getByText('Pick a profile on the left')).toHaveCount(0);
});

test('asks for the MFA code, names the role and device, and cancels cleanly', async ({ page, world }) => {
  await profileButton(page, PROFILE.audit).click();
  const dialog = page.getByRole('dialog', { name: 'MFA code required' });
  await expect(dialog).toContainText(PROFILE.audit);
  await expect(dialog).toContainText(ROLE_ARN.audit);
  await expect(dialog).toContainText(DEV_MFA_SERIAL);
  await expect(dialog.getByLabel(/6-digit code/)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('alert').filter({ hasText: 'Could not open the session' })).toBeVisible();

  await profileButton(page, PROFILE.audit).click();
  const code = world.mfaCode(DEV_MFA_SERIAL);
  // Pasted with a space, as authenticator apps often show it.
  await dialog.getByLabel(/6-digit code/).fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Focused session' })).toContainText('333333333333');
});

test('split panes, shortcuts and the profile filter', async ({ page }) => {
  await profileButton(page, PROFILE.dev).click();
  await expect(page.getByRole('region', { name: 'Focused session' })).toContainText('111111111111');
  await page.keyboard.press('ControlOrMeta+Backslash');
  await expect(page.getByRole('region', { name: 'Right pane' })).toContainText('Pick a profile on the left');
  await profileButton(page, PROFILE.deploy).click();
  await expect(page.getByRole('region', { name: 'Left pane' })).toContainText('111111111111');
  await expect(page.getByRole('region', { name: 'Right pane' })).toContainText('222222222222');

  await page.keyboard.press('ControlOrMeta+KeyK');
  const filter = page.getByRole('searchbox', { name: 'Filter profiles' });
  await expect(filter).toBeFocused();
  await filter.fill('readonly');
  await expect(profileButton(page, PROFILE.readonly)).toBeVisible();
  await expect(profileButton(page, PROFILE.dev)).toHaveCount(0);
});

test('switches to an ad-hoc role, remembers it and renders a profile block', async ({
  page,
  context,
}, testInfo) => {
  await page.getByRole('button', { name: 'Switch role…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Switch role' });
  await dialog.getByLabel('Source profile').selectOption(PROFILE.dev);
  // A pasted role ARN fills the account and the role name.
  await dialog.getByLabel('Account ID').fill(ROLE_ARN.readonly);
  await expect(dialog.getByLabel('Account ID')).toHaveValue('222222222222');
  await expect(dialog.getByLabel('Role name')).toHaveValue('readonly');
  await dialog.getByLabel('Display name').fill('prod-ro');

  if (isBrowserShell(testInfo.project.name)) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await dialog.getByRole('button', { name: 'Copy as profile block' }).click();
    await expect(dialog.getByRole('button', { name: 'Copied profile block' })).toBeVisible();
    const text = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(text).toContain('[profile prod-ro]');
    expect(text).toContain(`role_arn = ${ROLE_ARN.readonly}`);
    expect(text).toContain(`source_profile = ${PROFILE.dev}`);
  }

  await dialog.getByRole('button', { name: 'Switch role', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Focused session' })).toContainText('222222222222');

  await page.getByRole('button', { name: 'Switch role…' }).click();
  await expect(dialog.getByRole('button', { name: 'Switch to prod-ro' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Forget prod-ro' }).click();
  await expect(dialog.getByRole('button', { name: 'Switch to prod-ro' })).toHaveCount(0);
});

test('an ad-hoc switch without a display name is called role @ account, not by its internal name', async ({
  page,
}) => {
  await page.getByRole('button', { name: 'Switch role…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Switch role' });
  await dialog.getByLabel('Source profile').selectOption(PROFILE.dev);
  await dialog.getByLabel('Account ID').fill(ROLE_ARN.readonly);
  await dialog.getByRole('button', { name: 'Switch role', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  const header = page.getByRole('region', { name: 'Focused session' });
  await expect(header).toContainText('readonly @ 222222222222');
  await expect(page.getByText(/adhoc:/)).toHaveCount(0);
});

test('copying env exports needs an explicit confirmation', async ({ page, shell, ipcLog }) => {
  await profileButton(page, PROFILE.deploy).click();
  await page.getByRole('button', { name: 'Copy env exports' }).click();
  const confirm = page.getByRole('dialog', { name: /Copy credentials/ });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  // No system clipboard in the browser shell: the dialog does not promise one, and the header
  // says where the lines went instead of "Copied".
  await expect(confirm).toContainText('the browser shell cannot reach your clipboard');
  await confirm.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(confirm).toHaveCount(0);
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: `Copied the env exports to ${SHELL_COPIES_TO}. It never reaches this page.` }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copied' })).toHaveCount(0);
  expect(shell.platform.clipboardText()).toContain('AWS_SECRET_ACCESS_KEY');
  // Main put the secret on the clipboard itself: nothing that crossed the bridge carries it.
  expect(ipcLog.some((r) => r.json.includes('SecretAccessKey') || r.json.includes('AWS_SECRET'))).toBe(false);
});
