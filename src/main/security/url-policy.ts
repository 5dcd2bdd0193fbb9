/**
 * The app's own page: its scheme and host (`crossbucket://app`), or the dev server's origin in
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
