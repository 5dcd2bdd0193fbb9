/**
 * `npm run demo`: a local AWS stand-in (moto) seeded with three accounts, a cross-account
 * role chain with an external ID and MFA, sample buckets and a 100,000-key prefix, an IAM
 * Identity Center stand-in (sso-session "corp") assigned to the three accounts, an AWS config
 * that points at them, and Crossbucket opened on it — in Electron where its binary exists,
 * otherwise in the browser shell at a printed URL.
 *
 * Flags: --quick skips the 100,000 keys (start-up in seconds); --browser forces the browser shell.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startBrowserShell } from '../src/main/bridge/browser-shell';
import { createWorld } from '../tests/support/aws-world';
import { SSO_PROFILE, SSO_SESSION, withIdentityCenter } from '../tests/support/sso-world';
import { BUCKET, DEV_MFA_SERIAL, PROFILE, standardWorldSpec } from '../tests/support/standard-world';
import { findElectronBinary } from './electron-binary';

const ROOT = resolve(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const forceBrowser = process.argv.includes('--browser');
const HUGE_PREFIX = 'huge/';
const HUGE_COUNT = 100_000;

async function main(): Promise<void> {
  // The STS guard enforces trust policies, external IDs and MFA codes as AWS does (moto alone does not).
  const spec = withIdentityCenter({ ...standardWorldSpec(), guardSts: true });
  if (!quick) {
    const prodAccount = Object.values(spec.accounts).find((a) => a.buckets?.[BUCKET.prodData]);
    const bucket = prodAccount?.buckets?.[BUCKET.prodData];
    if (bucket) bucket.manyKeys = { prefix: HUGE_PREFIX, count: HUGE_COUNT };
  }
  console.log(quick ? 'Starting moto…' : `Starting moto and writing ${HUGE_COUNT.toLocaleString()} keys…`);
  const world = await createWorld(spec);
  const home = join(world.dir, 'home');
  const dataDir = join(home, '.config', 'Crossbucket');
  mkdirSync(dataDir, { recursive: true });
  const env = { HOME: home, PATH: process.env.PATH, ...world.env };

  console.log('');
  console.log(`AWS config:       ${world.configFile}`);
  console.log(`AWS credentials:  ${world.credentialsFile}`);
  console.log(`Role chain:       ${PROFILE.dev} → ${PROFILE.deploy} (external ID) → ${PROFILE.audit} (MFA)`);
  console.log(`MFA device:       ${DEV_MFA_SERIAL}`);
  console.log(`MFA code:         ${world.mfaCode(DEV_MFA_SERIAL)} (any other code is refused, as AWS would)`);
  if (!quick)
    console.log(`Huge prefix:      s3://${BUCKET.prodData}/${HUGE_PREFIX} (profile ${PROFILE.deploy})`);
  if (world.identityCenter) {
    console.log(
      `Identity Center:  ${world.identityCenter.startUrl} (sso-session ${SSO_SESSION}; profiles ${SSO_PROFILE.dev}, ${SSO_PROFILE.chained}, ${SSO_PROFILE.legacy})`,
    );
    console.log('                  "Sign in" in the sidebar opens its sign-in page; press Allow there.');
  }

  const electron = findElectronBinary(ROOT);
  const stop = async (): Promise<void> => {
    await world.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  if (electron.present && !forceBrowser) {
    console.log('\nOpening Crossbucket (Electron). Close the window to stop the demo.');
    const child = spawn(electron.path, [join(ROOT, 'out/main/index.js')], {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('exit', () => void stop());
    return;
  }
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
  const desktop = join(world.dir, 'desktop');
  mkdirSync(desktop, { recursive: true });
  const shell = await startBrowserShell({
    env,
    outDir: join(ROOT, 'out'),
    dataDir,
    version,
    dropRoot: desktop,
    port: Number(process.env.CROSSBUCKET_DEMO_PORT) || undefined,
    dialogs: { directory: () => join(home, 'Downloads') },
    // No system browser from here: the sign-in page is printed to open in the same Chromium.
    browser: (url) =>
      console.log(`\nIAM Identity Center sign-in page (open it and press Allow):\n\n  ${url}\n`),
    // A browser page cannot reach the system clipboard: copied URLs and exports are printed here.
    copies: {
      to: 'the terminal running npm run demo (your clipboard is unchanged)',
      receive: (text) => console.log(`\nCopied in Crossbucket (kept out of the browser page):\n${text}\n`),
    },
  });
  if (!electron.present)
    console.log(`\nElectron is not installed here (${electron.reason}); using the browser shell.`);
  console.log(`Desktop folder:   ${desktop} (files dropped on the page are looked up here)`);
  console.log(`\nOpen in Chromium or Chrome:\n\n  ${shell.bridge.url}\n\nPress Ctrl+C to stop.`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
