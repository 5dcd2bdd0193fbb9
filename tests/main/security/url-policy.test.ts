import { describe, expect, it } from 'vitest';
import { APP_URL } from '../../../src/main/security/renderer-protocol';
import { isAppUrl, isSafeExternalUrl, isSignInPageUrl } from '../../../src/main/security/url-policy';

describe('navigation policy', () => {
  const appUrl = APP_URL;

  it("allows only the app's own scheme and host", () => {
    expect(isAppUrl(appUrl, appUrl)).toBe(true);
    expect(isAppUrl(`${appUrl}#/bucket`, appUrl)).toBe(true);
    expect(isAppUrl('crossbucket-app://app/assets/index.js', appUrl)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', appUrl)).toBe(false);
    expect(isAppUrl('file:///opt/Crossbucket/resources/app.asar/out/renderer/index.html', appUrl)).toBe(
      false,
    );
    expect(isAppUrl('https://evil.example/', appUrl)).toBe(false);
    expect(isAppUrl('not a url', appUrl)).toBe(false);
  });

  it('does not treat every custom scheme alike (their URL origin is "null" for all of them)', () => {
    expect(isAppUrl('crossbucket://other/index.html', appUrl)).toBe(false);
    expect(isAppUrl('evil://app/index.html', appUrl)).toBe(false);
    expect(isAppUrl('crossbucket://user:pw@app/index.html', appUrl)).toBe(false);
    expect(isAppUrl('data:text/html,hi', appUrl)).toBe(false);
  });

  it('compares origins for a dev-server page', () => {
    expect(isAppUrl('http://localhost:5173/index.html', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });
});

describe('external links', () => {
  it.each([
    'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html',
    'https://console.aws.amazon.com/s3/',
  ])('opens %s', (url) => expect(isSafeExternalUrl(url)).toBe(true));

  it.each([
    'http://docs.aws.amazon.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'https://user:pass@example.com/',
    'https://localhost/',
    `https://example.com/${'a'.repeat(3000)}`,
  ])('refuses %s', (url) => expect(isSafeExternalUrl(url)).toBe(false));
});

describe('sign-in pages main opens', () => {
  it.each([
    'https://oidc.eu-west-1.amazonaws.com/authorize?response_type=code&client_id=x',
    'http://127.0.0.1:4566/authorize?response_type=code',
    'http://localhost:8080/device?user_code=ABCD-EFGH',
  ])('opens %s', (url) => expect(isSignInPageUrl(url)).toBe(true));

  it.each([
    'http://oidc.example.com/authorize',
    'http://127.0.0.2.example.com/',
    'http://user:pass@127.0.0.1/',
    'file:///etc/passwd',
    'javascript:alert(1)',
  ])('refuses %s', (url) => expect(isSignInPageUrl(url)).toBe(false));
});
