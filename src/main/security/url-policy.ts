/**
 * The app's own page: its scheme and host (`crossbucket-app://app`), or the dev server's origin in
 * `npm run dev`. Compared by scheme and host, not `origin`: a custom scheme's origin is
 * "null" to the URL parser, which would match every other custom-scheme URL.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(appUrl);
    if (app.host === '' || target.protocol !== app.protocol || target.host !== app.host) return false;
    return target.username === '' && target.password === '';
  } catch {
    return false;
  }
}

const MAX_EXTERNAL_URL = 2048;

/**
 * Links the app may hand to the OS browser: https only, no credentials in the URL, a real
 * host name. Anything else (file:, javascript:, custom schemes that launch programs) is refused.
 */
export function isSafeExternalUrl(url: string): boolean {
  if (url.length > MAX_EXTERNAL_URL) return false;
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      parsed.username === '' &&
      parsed.password === '' &&
      /^[a-z0-9.-]+$/i.test(parsed.hostname) &&
      parsed.hostname.includes('.')
    );
  } catch {
    return false;
  }
}

/**
 * The pages main itself opens to sign in to IAM Identity Center: plain https as above, or
 * http on the loopback address when the sso-oidc endpoint is a local one (a custom
 * endpoint_url, such as a local Identity Center emulator). Never offered to the renderer:
 * its openExternal request accepts https only.
 */
export function isSignInPageUrl(url: string): boolean {
  if (isSafeExternalUrl(url)) return true;
  if (url.length > MAX_EXTERNAL_URL) return false;
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'http:' &&
      parsed.username === '' &&
      parsed.password === '' &&
      ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)
    );
  } catch {
    return false;
  }
}
