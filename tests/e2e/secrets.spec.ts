/// <reference lib="dom" />
/**
 * A full session through the UI — role chain with external ID and MFA, browse, upload,
 * download, presigned URL, env exports, an IAM Identity Center sign-in with a discovered role —
 * then a scan of everything the renderer side could have seen or kept for any secret: zero
 * hits. The SSO tokens must also be in no file but the shared cache.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { SSO_SESSION, withIdentityCenter } from '../support/sso-world';
import {
  ACCOUNT,
  AUDIT_OBJECTS,
  BUCKET,
  DEV_MFA_SERIAL,
  EXTERNAL_ID,
  PROFILE,
  standardWorldSpec,
} from '../support/standard-world';
import { expect, test } from './fixtures';
import { profileButton } from './steps';

const UPLOADED = 'scan-upload.txt';

test.use({ worldSpec: withIdentityCenter(standardWorldSpec()) });

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The three values of `export AWS_…=…` lines (shell-quoted when needed). */
function exportedValues(text: string): string[] {
  return [...text.matchAll(/^export AWS_\w+=(.+)$/gm)].map((m) => m[1]!.replace(/^'|'$/g, ''));
}

const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Folder and selection actions' });

const objectRow = (page: Page, name: string) =>
  page
    .getByRole('grid', { name: 'Objects' })
    .getByRole('row', { name: new RegExp(name.replace('.', '\\.')) });

test('no secret reaches the renderer, its storage, its console, the title or the data folder', async ({
  page,
  world,
  shell,
  ipcLog,
  desktop,
  dialogAnswers,
  systemBrowser,
}) => {
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(message.text()));
  page.on('pageerror', (error) => consoleLines.push(`${error.name}: ${error.message}\n${error.stack ?? ''}`));
  // Listen from the first line the page logs.
  await page.reload();

  // dev → deploy (external ID) → audit (MFA).
  await profileButton(page, PROFILE.audit).click();
  const mfa = page.getByRole('dialog', { name: 'MFA code required' });
  await mfa.getByLabel(/6-digit code/).fill(world.mfaCode(DEV_MFA_SERIAL));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Focused session' })).toContainText('333333333333');

  // Browse.
  await page.getByRole('button', { name: BUCKET.auditReports, exact: true }).click();
  const [firstKey] = Object.keys(AUDIT_OBJECTS);
  await expect(page.getByRole('grid', { name: 'Objects' })).toContainText(firstKey!.split('/')[0]!);

  // Upload through the file dialog.
  const localFile = join(desktop, UPLOADED);
  writeFileSync(localFile, 'uploaded during the secret scan\n');
  dialogAnswers.uploadPaths = [localFile];
  await toolbar(page)
    .getByRole('button', { name: /^Upload/ })
    .click();
  await page.getByRole('menuitem', { name: 'Files…' }).click();
  await expect(page.getByRole('region', { name: 'Transfers' })).toContainText('Done');
  // The listing does not refresh itself after an upload (yet).
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(objectRow(page, UPLOADED)).toBeVisible();

  // Download it.
  const downloads = join(desktop, 'downloads');
  await mkdir(downloads);
  dialogAnswers.directory = downloads;
  await objectRow(page, UPLOADED).click();
  await toolbar(page).getByRole('button', { name: 'Download', exact: true }).click();
  await expect.poll(() => readdirSync(downloads)).toContain(UPLOADED);

  // A presigned URL goes to the clipboard in main, never to the page.
  await objectRow(page, UPLOADED).click();
  await toolbar(page).getByRole('button', { name: 'Presigned URL' }).click();
  const presign = page.getByRole('dialog', { name: 'Copy presigned URL' });
  await presign.getByRole('button', { name: 'Copy URL' }).click();
  await expect(presign.getByRole('status')).toContainText('Copied the URL to');
  const presignedUrl = new URL(shell.platform.clipboardText() ?? '');
  expect(presignedUrl.pathname).toContain(UPLOADED);
  await presign.getByRole('button', { name: 'Done' }).click();

  // Env exports, after the confirmation.
  await page.getByRole('button', { name: 'Copy env exports' }).click();
  await page
    .getByRole('dialog', { name: 'Copy credentials as environment exports?' })
    .getByRole('button', { name: 'Copy', exact: true })
    .click();
  // The browser shell cannot reach the clipboard, and says so instead of claiming it.
  await expect(
    page.getByRole('status').filter({ hasText: "Copied the env exports to the browser shell's own process" }),
  ).toBeVisible();
  expect(shell.platform.clipboardText()).toMatch(/^export AWS_ACCESS_KEY_ID=/);

  // IAM Identity Center: sign in, open a discovered role, list its buckets, copy its profile block.
  const card = page.getByRole('region', { name: `IAM Identity Center ${SSO_SESSION}` });
  const signInPage = systemBrowser.next();
  await card.getByRole('button', { name: 'Sign in', exact: true }).click();
  await world.identityCenter?.approve(await signInPage);
  await card.getByRole('button', { name: `Open Developer in Development (${ACCOUNT.dev})` }).click();
  await expect(page.getByRole('region', { name: 'Focused session' })).toContainText(
    'Development · Developer',
  );
  await expect(page.getByRole('button', { name: BUCKET.devArtifacts, exact: true })).toBeVisible();
  await card
    .getByRole('button', { name: `Copy profile block for Developer in Development (${ACCOUNT.dev})` })
    .click();
  await expect(page.getByRole('dialog', { name: /^Profile block/ }).getByRole('status')).toContainText(
    'Copied',
  );
  const ssoCache = join(world.dir, 'home/.aws/sso/cache');
  const cached = filesUnder(ssoCache).map(
    (file) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>,
  );
  const ssoSecrets = cached.flatMap((entry) =>
    [entry.accessToken, entry.refreshToken, entry.clientSecret].filter((v): v is string => Boolean(v)),
  );
  expect(ssoSecrets.length).toBeGreaterThanOrEqual(3);

  const session = shell.services.sessions.list().find((s) => s.source === PROFILE.audit);
  if (!session) throw new Error('the audit session is not open');
  const assumed = exportedValues(await shell.services.sessions.exportsText(session.sessionId));
  expect(assumed).toHaveLength(3);
  const ssoSession = shell.services.sessions.list().find((s) => s.ssoLogin === SSO_SESSION);
  if (!ssoSession) throw new Error('the Identity Center session is not open');
  const ssoRole = exportedValues(await shell.services.sessions.exportsText(ssoSession.sessionId));
  const secrets = [
    ...world.secretsSeen(),
    ...assumed,
    ...ssoRole,
    ...ssoSecrets,
    EXTERNAL_ID,
    presignedUrl.searchParams.get('X-Amz-Signature') ?? 'missing signature',
  ];

  // Everything the renderer side saw or kept.
  const requests = new Set(ipcLog.filter((r) => r.kind === 'request').map((r) => r.name));
  for (const name of [
    'openSession',
    'signInSso',
    'openSsoRole',
    'copySsoProfileBlock',
    'answerMfa',
    'uploadPaths',
    'downloadObjects',
    'presignObject',
    'copySessionExports',
  ]) {
    expect(requests, `the session made a ${name} request`).toContain(name);
  }
  const pageState = await page.evaluate(() => {
    const stored = (storage: Storage) =>
      Array.from({ length: storage.length }, (_, i) => {
        const key = storage.key(i) ?? '';
        return `${key}=${storage.getItem(key)}`;
      });
    return {
      html: document.documentElement.outerHTML,
      // Typed values live in properties, not in the markup.
      fields: Array.from(
        document.querySelectorAll('input, textarea, select'),
        (el) => (el as HTMLInputElement).value,
      ),
      storage: [...stored(localStorage), ...stored(sessionStorage)],
    };
  });
  const dataDir = join(world.dir, 'home/.config/Crossbucket');
  const places: Record<string, string> = {
    ipc: ipcLog.map((r) => r.json).join('\n'),
    dom: `${pageState.html}\n${pageState.fields.join('\n')}`,
    storage: pageState.storage.join('\n'),
    console: consoleLines.join('\n'),
    title: await page.title(),
    ...Object.fromEntries(filesUnder(dataDir).map((file) => [file, readFileSync(file, 'latin1')])),
  };

  const hits = Object.entries(places).flatMap(([place, text]) =>
    secrets.filter((secret) => text.includes(secret)).map((secret) => `${place}: ${secret.slice(0, 6)}…`),
  );
  expect(hits).toEqual([]);

  // The SSO tokens are in the shared cache and nowhere else under HOME.
  const elsewhere = filesUnder(join(world.dir, 'home'))
    .filter((file) => !file.startsWith(ssoCache))
    .flatMap((file) => {
      const text = readFileSync(file, 'latin1');
      return ssoSecrets.filter((secret) => text.includes(secret)).map(() => file);
    });
  expect(elsewhere).toEqual([]);
});
