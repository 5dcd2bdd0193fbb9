/// <reference lib="dom" />
/**
 * What a script running in the renderer (an XSS through an object key, a compromised
 * dependency) can and cannot do on the app's own page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, isBrowserShell, test } from './fixtures';

/** The app page has rendered (the profile list is the first thing it shows). */
const appReady = (page: Page) => expect(page.getByRole('list', { name: 'AWS profiles' })).toBeVisible();

test('the page has no Node.js: no require, no process', async ({ page }) => {
  await appReady(page);
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
});

test('the page cannot open a window', async ({ page }) => {
  await appReady(page);
  expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
  expect(page.context().pages()).toHaveLength(1);
});

test('the page cannot evaluate strings as code', async ({ page }) => {
  await appReady(page);
  // Run from a timer: code evaluated by DevTools itself (page.evaluate) is exempt from CSP.
  const outcomes = await page.evaluate(
    () =>
      new Promise((resolve) =>
        setTimeout(() => {
          const attempt = (run: () => unknown): string => {
            try {
              run();
              return 'ran';
            } catch (err) {
              return (err as Error).name;
            }
          };
          resolve({
            // biome-ignore lint/security/noGlobalEval: proving that the page's CSP refuses eval is the point.
            eval: attempt(() => window.eval('1')),
            newFunction: attempt(() => new Function('return 1')()),
          });
        }, 0),
      ),
  );
  expect(outcomes).toEqual({ eval: 'EvalError', newFunction: 'EvalError' });
});

test('injected inline scripts and handlers do not run', async ({ page }) => {
  await appReady(page);
  const result = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    const w = window as unknown as Record<string, unknown>;
    const host = document.createElement('div');
    host.innerHTML =
      '<script>window.__viaInnerHtml = 1</script><img src="data:," onerror="window.__viaHandler = 1">';
    document.body.append(host);
    const script = document.createElement('script');
    script.textContent = 'window.__viaElement = 1';
    document.body.append(script);
    await new Promise((done) => setTimeout(done, 300));
    return {
      ran: [w.__viaInnerHtml, w.__viaHandler, w.__viaElement].filter((v) => v !== undefined).length,
      violations,
    };
  });
  expect(result.ran).toBe(0);
  // The element's text is the inline script CSP refused (innerHTML scripts never run at all).
  expect(result.violations).toContain('script-src-elem');
});

test.describe('connections from the page', () => {
  let other: Server;
  let hits = 0;
  test.beforeEach(async () => {
    hits = 0;
    other = createServer((_req, res) => {
      hits++;
      res.setHeader('access-control-allow-origin', '*');
      res.end('reachable');
    });
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
  });
  test.afterEach(() => new Promise<void>((done) => other.close(() => done())));

  test('reach only the app origin: another site and another local port are blocked by CSP', async ({
    page,
  }) => {
    await appReady(page);
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
    const results = await page.evaluate(
      async (urls) => {
        const violations: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
        );
        const outcomes: string[] = [];
        for (const url of urls) {
          outcomes.push(
            await fetch(url).then(
              () => 'resolved',
              (err: Error) => `rejected ${err.name}`,
            ),
          );
        }
        await new Promise((done) => setTimeout(done, 100));
        return { outcomes, violations };
      },
      ['https://example.com/', otherUrl],
    );
    expect(results.outcomes).toEqual(['rejected TypeError', 'rejected TypeError']);
    expect(results.violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^connect-src https:\/\/example\.com/),
        expect.stringMatching(new RegExp(`^connect-src ${otherUrl.replace(/[.:/]/g, '\\$&').slice(0, -2)}`)),
      ]),
    );
    expect(hits).toBe(0);
  });
});

// A page in a plain browser cannot be stopped from navigating itself away; in the desktop app
// the main process cancels it (the will-navigate guard, unit-tested in
// tests/main/electron/hardening.test.ts), which this checks live when Electron runs. In the
// browser shell it checks the other half: a page of another origin, even holding the token,
// gets nothing from the bridge.
test('navigating to another origin is refused, or leaves the new page without the bridge', async ({
  page,
  shell,
}, testInfo) => {
  await appReady(page);
  if (!isBrowserShell(testInfo.project.name)) {
    const before = page.url();
    await page.evaluate(() => {
      location.href = 'https://example.com';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    await appReady(page);
    return;
  }
  const { port, hash } = new URL(shell.bridge.url);
  // Same server, other origin: what a DNS-rebinding page or another local site would be.
  const foreign = `http://localhost:${port}/`;
  const response = await page.goto(`${foreign}${hash}`);
  expect(response?.status()).toBe(403);
  const apiStatus = await page.evaluate(
    async (token) =>
      (
        await fetch('/__crossbucket/api/request/listProfiles', {
          method: 'POST',
          headers: { 'x-crossbucket-token': token },
          body: '{}',
        })
      ).status,
    shell.bridge.token,
  );
  expect(apiStatus).toBe(403);
});
