import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium';
import { findElectronBinary } from './scripts/electron-binary';

const electron = findElectronBinary(import.meta.dirname);
if (!electron.present && !process.env.CROSSBUCKET_QUIET_ELECTRON_NOTICE) {
  // Printed once per run (workers inherit the variable and stay quiet).
  process.env.CROSSBUCKET_QUIET_ELECTRON_NOTICE = '1';
  console.log(
    `Electron E2E: skipped — the Electron binary is not available (${electron.reason}); the same specs ran in Chromium against the loopback bridge.`,
  );
}

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  reporter: [['list'], ['json', { outputFile: '.tmp/playwright-results.json' }]],
  outputDir: '.tmp/playwright-output',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
  },
  projects: [
    { name: 'browser', metadata: { shell: 'browser' } },
    ...(electron.present ? [{ name: 'electron', metadata: { shell: 'electron' } }] : []),
  ],
});
