/**
 * Switching roles as AWS judges it: the standard world behind sts-guard, which refuses AssumeRole
 * the way AWS does when the trust policy, the external ID or the MFA code say no. Then expiry to
 * the second, the warning and expired states, renewing by hand and renewing on its own.
 */
import type { Page } from '@playwright/test';
import type { WorldSpec } from '../support/aws-world';
import { assumeRoleCalls } from '../support/moto';
import {
  ACCOUNT,
  BUCKET,
  DEPLOY_DURATION_SECONDS,
  DEV_MFA_SERIAL,
  EXTERNAL_ID,
  PROFILE,
  REGION,
  ROLE_ARN,
  SESSION_NAME,
  standardWorldSpec,
} from '../support/standard-world';
import { expect, isBrowserShell, type ShiftedClock, test } from './fixtures';

const WRONG_EXTERNAL_ID_PROFILE = 'deploy-wrong-external-id';
const NOBODY_ROLE_PROFILE = 'nobody-deploy';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** What RENEW_LEAD_MS and EXPIRY_WARNING_MS mean to a user: five minutes before expiry. */
const FIVE_MINUTES = 5 * MINUTE;
/** AWS caps a role assumed by another role at one hour, whatever the profile asks for. */
const CHAINED_MAX_SECONDS = 3600;

function guardedWorld(): WorldSpec {
  const spec = standardWorldSpec();
  return {
    ...spec,
    guardSts: true,
    profiles: {
      ...spec.profiles,
      [WRONG_EXTERNAL_ID_PROFILE]: {
        source_profile: PROFILE.dev,
        role_arn: ROLE_ARN.deploy,
        external_id: 'not-the-agreed-id',
        region: REGION,
      },
      // The deploy role trusts nobody's account, but nobody may not call sts:AssumeRole at all.
      [NOBODY_ROLE_PROFILE]: {
        source_profile: PROFILE.nobody,
        role_arn: ROLE_ARN.deploy,
        external_id: EXTERNAL_ID,
        region: REGION,
      },
    },
  };
}

test.use({ worldSpec: guardedWorld() });

const profileButton = (page: Page, name: string) =>
  page
    .getByRole('list', { name: 'AWS profiles' })
    .getByRole('button', { name: new RegExp(`^${name}(\\s|$)`) });
const header = (page: Page) => page.getByRole('region', { name: 'Focused session' });
const countdown = (page: Page) => header(page).getByRole('timer');
const mfaDialog = (page: Page) => page.getByRole('dialog', { name: 'MFA code required' });
const openError = (page: Page) => page.getByRole('alert').filter({ hasText: 'Could not open the session' });

/** `mm:ss` or `h:mm:ss` as seconds. */
const seconds = (text: string): number =>
  text.split(':').reduce((total, part) => total * 60 + Number(part), 0);

/** The countdown's text and the page's own time in one tick, so the comparison is exact. */
async function readCountdown(page: Page): Promise<{ text: string; now: number }> {
  const handle = await countdown(page).elementHandle();
  return page.evaluate((el) => ({ text: el?.textContent ?? '', now: Date.now() }), handle);
}

/**
 * The countdown shows whole seconds, redrawn once a second: against the page's clock it may lag
 * by the one redraw, so it is within a second of the true remaining time.
 */
async function expectCountdownMatches(page: Page, expiresAt: number): Promise<void> {
  await expect
    .poll(async () => {
      const { text, now } = await readCountdown(page);
      return Math.abs(seconds(text) - (expiresAt - now) / SECOND);
    })
    .toBeLessThanOrEqual(1);
}

test('dev → deploy → audit asks for MFA once, survives a wrong code and lands in the audit account', async ({
  page,
  world,
}) => {
  await profileButton(page, PROFILE.audit).click();
  const dialog = mfaDialog(page);
  await expect(dialog).toContainText(DEV_MFA_SERIAL);
  await expect(dialog).toContainText(ROLE_ARN.audit);

  await dialog.getByLabel(/6-digit code/).fill('000000');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('AWS did not accept that MFA code.');
  await expect(dialog).toContainText('Attempt 2');
  await expect(page.getByRole('dialog')).toHaveCount(1);

  await dialog.getByLabel(/6-digit code/).fill(world.mfaCode(DEV_MFA_SERIAL));
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(header(page)).toContainText(ACCOUNT.audit);
  const pane = page.getByRole('region', { name: 'Left pane' });
  await expect(pane.getByRole('table').getByRole('button')).toHaveText([BUCKET.auditReports]);
  // Only one step of the chain needs MFA, so no second prompt follows.
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The refused attempt never reached moto: AWS (the guard) turned it away.
  const [deploy, audit, ...rest] = assumeRoleCalls(await world.moto.recorded());
  expect(rest).toEqual([]);
  expect(deploy).toMatchObject({
    roleArn: ROLE_ARN.deploy,
    externalId: EXTERNAL_ID,
    roleSessionName: SESSION_NAME,
    durationSeconds: DEPLOY_DURATION_SECONDS,
    accessKeyId: world.users.dev?.accessKeyId,
  });
  expect(deploy?.serialNumber).toBeUndefined();
  expect(audit).toMatchObject({
    roleArn: ROLE_ARN.audit,
    serialNumber: DEV_MFA_SERIAL,
    tokenCode: world.mfaCode(DEV_MFA_SERIAL),
    durationSeconds: CHAINED_MAX_SECONDS,
  });
  expect(audit?.externalId).toBeUndefined();
  expect(audit?.roleSessionName).toMatch(/^crossbucket-\d+$/);
});

test('cancelling the MFA prompt leaves the focused session as it was', async ({ page, shell }) => {
  await profileButton(page, PROFILE.deploy).click();
  await expect(header(page)).toContainText(ACCOUNT.prod);
  const before = shell.services.sessions.list();

  await profileButton(page, PROFILE.audit).click();
  await mfaDialog(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(mfaDialog(page)).toHaveCount(0);

  await expect(header(page)).toContainText(ACCOUNT.prod);
  await expect(header(page)).toContainText(`assumed-role/deploy/${SESSION_NAME}`);
  await expect(header(page).getByRole('button', { name: 'Copy env exports' })).toBeEnabled();
  const pane = page.getByRole('region', { name: 'Left pane' });
  await expect(pane.getByRole('table').getByRole('button')).toHaveText([BUCKET.prodData, BUCKET.prodLogs]);
  expect(shell.services.sessions.list()).toEqual(before);
});

test('refusals say what to fix: external ID, sts:AssumeRole permission, s3:ListAllMyBuckets', async ({
  page,
  world,
  ipcLog,
}) => {
  await profileButton(page, WRONG_EXTERNAL_ID_PROFILE).click();
  const externalId = openError(page);
  await expect(externalId).toContainText(`Switching to ${ROLE_ARN.deploy} was denied.`);
  await expect(externalId).toContainText(
    'An external ID was sent; it may not match the sts:ExternalId the trust policy expects.',
  );
  await expect(externalId).toContainText(`caller: ${world.users.dev?.arn}`);
  expect(ipcLog.some((r) => r.kind === 'result' && r.json.includes('"code":"assume-role-denied"'))).toBe(
    true,
  );
  await externalId.getByRole('button', { name: 'Dismiss error' }).click();

  await profileButton(page, NOBODY_ROLE_PROFILE).click();
  const permission = openError(page);
  await expect(permission).toContainText(`sts:AssumeRole on ${ROLE_ARN.deploy}`);
  await expect(permission).toContainText(`may not be allowed sts:AssumeRole on ${ROLE_ARN.deploy}`);
  await expect(permission).toContainText(world.users.nobody?.arn ?? 'nobody');
  await permission.getByRole('button', { name: 'Dismiss error' }).click();

  await profileButton(page, PROFILE.nolist).click();
  await expect(header(page)).toContainText(ACCOUNT.prod);
  const listing = page.getByRole('alert').filter({ hasText: 'Could not list buckets' });
  await expect(listing).toContainText('s3:ListAllMyBuckets');
  await expect(listing).toContainText('This session may not list buckets (s3:ListAllMyBuckets).');
  await expect(listing).toContainText('no policy that allows this action');
});

test('the countdown matches the expiry STS returned, to the second', async ({ page, shell }) => {
  const opened = Date.now();
  await profileButton(page, PROFILE.deploy).click();
  await expect(header(page)).toContainText(ACCOUNT.prod);
  const [session] = shell.services.sessions.list();
  const expiresAt = Date.parse(session?.expiresAt ?? '');
  // duration_seconds = 1800 reached STS and came back as the expiry main holds.
  expect(expiresAt).toBeGreaterThanOrEqual(opened + DEPLOY_DURATION_SECONDS * SECOND - 2 * SECOND);
  expect(expiresAt).toBeLessThanOrEqual(Date.now() + DEPLOY_DURATION_SECONDS * SECOND + 2 * SECOND);
  await expectCountdownMatches(page, expiresAt);
});

test.describe('with main and the page on a movable clock', () => {
  test.use({ timeTravel: true });
  test.beforeEach(({}, testInfo) => {
    test.skip(!isBrowserShell(testInfo.project.name), "main's clock can be moved only in the browser shell");
  });

  const clockOf = (clock: ShiftedClock | undefined): ShiftedClock => {
    if (!clock) throw new Error('timeTravel is on, so main has a ShiftedClock');
    return clock;
  };

  test('an MFA session warns, expires, and renews with a new code', async ({
    page,
    shell,
    world,
    mainClock,
  }) => {
    const clock = clockOf(mainClock);
    // Fake timers in the page, still flowing with real time until the test moves them.
    await page.clock.install();
    await page.reload();
    await profileButton(page, PROFILE.audit).click();
    await mfaDialog(page)
      .getByLabel(/6-digit code/)
      .fill(world.mfaCode(DEV_MFA_SERIAL));
    await page.keyboard.press('Enter');
    await expect(header(page)).toContainText(ACCOUNT.audit);
    const [first] = shell.services.sessions.list();
    const expiresAt = Date.parse(first?.expiresAt ?? '');
    await expectCountdownMatches(page, expiresAt);
    await expect(countdown(page)).toHaveClass(/countdown--ok/);

    // Four minutes before expiry, in main and in the page alike.
    const toWarning = expiresAt - 4 * MINUTE - Date.now();
    clock.shift(toWarning);
    await page.clock.fastForward(toWarning);
    await expect(countdown(page)).toHaveClass(/countdown--warning/);
    await expectCountdownMatches(page, expiresAt);
    expect(shell.services.sessions.list()[0]?.status).toBe('expiring');
    // An MFA session cannot renew on its own: no AssumeRole beyond the two of the chain.
    expect(assumeRoleCalls(await world.moto.recorded())).toHaveLength(2);

    clock.shift(5 * MINUTE);
    await page.clock.fastForward(5 * MINUTE);
    await expect(countdown(page)).toHaveText('Expired');
    await expect(countdown(page)).toHaveClass(/countdown--expired/);
    await expect(countdown(page)).toHaveAccessibleName('Credentials expired');
    await expect(header(page).getByRole('button', { name: 'Copy env exports' })).toBeDisabled();
    expect(shell.services.sessions.list()[0]?.status).toBe('expired');

    // Back to real time: moto stamps the renewed credentials with the real clock.
    clock.shift(-clock.now() + Date.now());
    await page.clock.setSystemTime(Date.now());
    await header(page).getByRole('button', { name: 'Renew', exact: true }).click();
    await mfaDialog(page)
      .getByLabel(/6-digit code/)
      .fill(world.mfaCode(DEV_MFA_SERIAL));
    await page.keyboard.press('Enter');
    await expect(mfaDialog(page)).toHaveCount(0);
    await expect(countdown(page)).toHaveClass(/countdown--ok/);
    await expect(header(page).getByRole('button', { name: 'Copy env exports' })).toBeEnabled();
    const [renewed] = shell.services.sessions.list();
    expect(renewed?.sessionId).toBe(first?.sessionId);
    expect(renewed?.status).toBe('active');
    const renewedExpiry = Date.parse(renewed?.expiresAt ?? '');
    expect(renewedExpiry).toBeGreaterThan(expiresAt);
    await expectCountdownMatches(page, renewedExpiry);
    expect(assumeRoleCalls(await world.moto.recorded())).toHaveLength(4);
  });

  test('a session without MFA renews itself inside the lead time', async ({
    page,
    shell,
    world,
    mainClock,
  }) => {
    const clock = clockOf(mainClock);
    await profileButton(page, PROFILE.deploy).click();
    await expect(header(page)).toContainText(ACCOUNT.prod);
    const [first] = shell.services.sessions.list();
    const expiresAt = Date.parse(first?.expiresAt ?? '');
    expect(assumeRoleCalls(await world.moto.recorded())).toHaveLength(1);

    // A minute short of the lead time nothing happens yet.
    clock.shift(expiresAt - FIVE_MINUTES - MINUTE - clock.now());
    // Real seconds pass meanwhile, so the renewed expiry is visibly later than the first one and,
    // seen from main's moved clock, still more than five minutes away (no warning after renewal).
    await page.waitForTimeout(5 * SECOND);
    expect(assumeRoleCalls(await world.moto.recorded())).toHaveLength(1);
    const before = seconds((await readCountdown(page)).text);

    // Just inside the lead time main renews by itself: no prompt, no click.
    clock.shift(expiresAt - FIVE_MINUTES + SECOND - clock.now());
    await expect.poll(async () => assumeRoleCalls(await world.moto.recorded()).length).toBe(2);
    await expect
      .poll(() => Date.parse(shell.services.sessions.list()[0]?.expiresAt ?? ''))
      .toBeGreaterThan(expiresAt);
    // Main's time back with the world's, now that moto has stamped the new credentials.
    clock.shift(Date.now() - clock.now());
    const [renewed] = shell.services.sessions.list();
    expect(renewed?.status).toBe('active');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    const renewedExpiry = Date.parse(renewed?.expiresAt ?? '');
    await expectCountdownMatches(page, renewedExpiry);
    expect(seconds((await readCountdown(page)).text)).toBeGreaterThan(before);
    const [, renewal] = assumeRoleCalls(await world.moto.recorded());
    expect(renewal).toMatchObject({
      roleArn: ROLE_ARN.deploy,
      externalId: EXTERNAL_ID,
      durationSeconds: DEPLOY_DURATION_SECONDS,
    });
  });
});
