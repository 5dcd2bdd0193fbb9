/**
 * The Chromium that Playwright drives here (E2E tests, the renderer bench, icon rendering):
 * Debian's package, because Playwright's own browser download does not work on these machines.
 * CROSSBUCKET_CHROMIUM points elsewhere when it is installed somewhere else.
 */
export const CHROMIUM_PATH = process.env.CROSSBUCKET_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags for a headless run in a container: no sandbox (no user namespaces there), no GPU, and
 * none of the background traffic (updates, sync, first-run pages) a throwaway profile would start.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
