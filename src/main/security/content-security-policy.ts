/**
 * The renderer's Content-Security-Policy. index.html carries the same policy in a meta tag
 * (it is what applies to a file:// page in Electron); the browser bridge also sends it as a
 * header. A test keeps the two identical.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
