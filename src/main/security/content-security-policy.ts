/**
 * The renderer's Content-Security-Policy. index.html carries the directives a meta tag can
 * hold (that is what applies to the file:// page in Electron); the browser bridge sends the
 * whole policy as a header, which adds the directives browsers ignore in a meta tag.
 * tests/security/csp.test.ts keeps the two in agreement.
 */
const documentDirectives = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // blob: for the object preview only: the page draws images from blobs it made itself out of
  // bytes main fetched (SECURITY.md, "Previewing objects"). In an image context, SVG included,
  // nothing runs and nothing loads; no other directive allows blob:.
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
];

/**
 * Honoured only in a header (CSP Level 3: a meta policy drops frame-ancestors, sandbox and
 * report-uri). The sandbox leaves out allow-popups, so `window.open` returns null and a
 * compromised page cannot open a window of its own.
 */
const headerOnlyDirectives = [
  "frame-ancestors 'none'",
  'sandbox allow-scripts allow-same-origin allow-forms allow-downloads allow-modals',
];

export const HEADER_ONLY_DIRECTIVES: readonly string[] = ['frame-ancestors', 'sandbox', 'report-uri'];

export const CONTENT_SECURITY_POLICY = [...documentDirectives, ...headerOnlyDirectives].join('; ');
