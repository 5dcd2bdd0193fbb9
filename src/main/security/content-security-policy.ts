/**
 * The renderer's Content-Security-Policy. index.html carries the directives a meta tag can
 * hold; the desktop app's scheme handler and the browser bridge also send the policy as a
 * header, which adds the directives browsers ignore in a meta tag.
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

const frameAncestors = "frame-ancestors 'none'";

/**
 * Honoured only in a header (CSP Level 3: a meta policy drops frame-ancestors, sandbox and
 * report-uri). The browser shell's sandbox leaves out allow-popups, so `window.open` returns
 * null and a compromised page cannot open a window of its own; nothing else in a plain
 * browser can refuse that. It keeps allow-scripts and allow-same-origin because the app is
 * a script talking to its own origin. Chromium then logs "An iframe which has both
 * allow-scripts and allow-same-origin … can escape its sandboxing": that escape needs a parent
 * page that rewrites an iframe's sandbox attribute, and this is a top-level page whose sandbox
 * comes from a header no script can change (frame-ancestors 'none' keeps it out of frames),
 * so the warning does not apply. See SECURITY.md.
 */
const headerOnlyDirectives = [
  frameAncestors,
  'sandbox allow-scripts allow-same-origin allow-forms allow-downloads allow-modals',
];

export const HEADER_ONLY_DIRECTIVES: readonly string[] = ['frame-ancestors', 'sandbox', 'report-uri'];

/** The browser shell's header. */
export const CONTENT_SECURITY_POLICY = [...documentDirectives, ...headerOnlyDirectives].join('; ');

/**
 * The desktop app's header (the app scheme): no sandbox directive, because main itself
 * refuses every new window there (guards.ts), which no page can get around.
 */
export const DESKTOP_CONTENT_SECURITY_POLICY = [...documentDirectives, frameAncestors].join('; ');
