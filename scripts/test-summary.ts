import { existsSync, readFileSync } from 'node:fs';

/** Adds up vitest's and Playwright's JSON reports into the one closing line CI reads. */
interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
}
interface PlaywrightReport {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
}

const read = <T>(file: string): T | undefined =>
  existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;

const vitest = read<VitestReport>('.tmp/vitest-results.json');
const playwright = read<PlaywrightReport>('.tmp/playwright-results.json');
let passed = 0;
let failed = 0;
let skipped = 0;
if (vitest) {
  console.log(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed`);
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests;
} else {
  console.log('vitest: no report (the run did not finish)');
  failed += 1;
}
if (playwright) {
  const { expected, unexpected, skipped: pwSkipped, flaky } = playwright.stats;
  console.log(`playwright: ${expected + flaky} passed, ${unexpected} failed`);
  passed += expected + flaky;
  failed += unexpected;
  skipped += pwSkipped;
} else {
  console.log('playwright: no report (the run did not finish)');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
