import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveAppScheme } from '../../../src/main/electron/app-protocol';
import { DESKTOP_CONTENT_SECURITY_POLICY } from '../../../src/main/security/content-security-policy';
import { APP_URL, rendererPathFor, serveRendererFile } from '../../../src/main/security/renderer-protocol';

/**
 * The desktop window's page comes from `crossbucket-app://app/`, answered by this handler. It must
 * answer the built renderer and nothing else, however the URL is spelled.
 */
const SECRET = 'aws_secret_access_key = never-served-by-the-app-scheme';
let dir: string;
let renderer: string;
let credentials: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crossbucket-scheme-'));
  renderer = join(dir, 'out', 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(renderer, 'assets', 'index-1.js'), 'console.log(1)');
  mkdirSync(join(dir, 'home', '.aws'), { recursive: true });
  credentials = join(dir, 'home', '.aws', 'credentials');
  writeFileSync(credentials, `[default]\n${SECRET}\n`);
  // A link planted inside the folder must not lead out of it either.
  symlinkSync(credentials, join(renderer, 'assets', 'creds.js'));
  const protocol = {
    handle: (_scheme: string, fn: (request: Request) => Promise<Response>) => {
      handler = fn;
    },
  };
  serveAppScheme(protocol as never, renderer);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fetchApp = async (url: string) => {
  const res = await handler(new Request(url));
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text(), res };
};

describe('the app scheme', () => {
  it('serves the page at its URL and at the bare origin, with the desktop policy as a header', async () => {
    for (const url of [APP_URL, 'crossbucket-app://app/', 'crossbucket-app://app']) {
      const { status, type, body, res } = await fetchApp(url);
      expect(status, url).toBe(200);
      expect(type).toMatch(/^text\/html/);
      expect(body).toContain('<title>app</title>');
      expect(res.headers.get('content-security-policy')).toBe(DESKTOP_CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves the built assets with their types', async () => {
    const { status, type } = await fetchApp('crossbucket-app://app/assets/index-1.js');
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/javascript/);
  });

  it.each([
    'crossbucket-app://app/../../home/.aws/credentials',
    'crossbucket-app://app/%2e%2e/%2e%2e/home/.aws/credentials',
    'crossbucket-app://app/..%2f..%2fhome%2f.aws%2fcredentials',
    'crossbucket-app://app/assets/..%2f..%2f..%2fhome%2f.aws%2fcredentials',
    'crossbucket-app://app/%2e%2e%5c%2e%2e%5chome%5c.aws%5ccredentials',
    'crossbucket-app://app/..\\..\\home\\.aws\\credentials',
    'crossbucket-app://app//home/.aws/credentials',
    'crossbucket-app://app/%2Fhome%2F.aws%2Fcredentials',
    'crossbucket-app://app/C:%5CUsers%5Cme%5C.aws%5Ccredentials',
    'crossbucket-app://app/index.html%00.js',
    'crossbucket-app://app/%',
    'crossbucket-app://app/assets/creds.js',
    'crossbucket://other/index.html',
    'crossbucket-app://app:8080/index.html',
    'file:///etc/passwd',
  ])('refuses %s with a bare 404', async (url) => {
    const { status, body } = await fetchApp(url);
    expect(status).toBe(404);
    expect(body).toBe('not found');
    expect(body).not.toContain(SECRET);
  });

  it('refuses the absolute path of ~/.aws/credentials however it is written', async () => {
    for (const url of [
      `crossbucket-app://app${credentials}`,
      `crossbucket-app://app/${encodeURIComponent(credentials)}`,
    ]) {
      const { status, body } = await fetchApp(url);
      expect(status, url).toBe(404);
      expect(body).not.toContain(SECRET);
    }
  });

  it('rendererPathFor maps only to files under the folder', () => {
    expect(rendererPathFor(renderer, 'crossbucket-app://app/assets/index-1.js')).toBe(
      join(renderer, 'assets', 'index-1.js'),
    );
    expect(rendererPathFor(renderer, 'crossbucket-app://app/assets/../../x')).toBe(join(renderer, 'x'));
    expect(rendererPathFor(renderer, 'not a url')).toBeUndefined();
    // A URL with credentials (a fetch refuses to even build that request).
    expect(rendererPathFor(renderer, 'crossbucket://user:pw@app/index.html')).toBeUndefined();
  });

  it('answers a missing file inside the folder with the same bare 404', async () => {
    const res = await serveRendererFile(renderer, 'crossbucket-app://app/missing.js', {});
    expect(res.status).toBe(404);
  });
});
