import { readFile, realpath } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/**
 * The desktop window loads its page from this privileged custom scheme instead of `file://`:
 * a `file://` page keeps extra privileges (Electron's GrantFileProtocolExtraPrivileges, off in
 * build/fuses.cjs) and its `'self'` can cover other local files. This scheme answers only
 * files inside the built renderer folder.
 */
/** Not `crossbucket:`: that scheme carries the links the OS hands the app (bookmarks, locations). */
export const APP_SCHEME = 'crossbucket-app';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const isWithin = (root: string, path: string): boolean =>
  path.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * The file inside `rendererDir` that an app-scheme URL names, or undefined for anything else:
 * another scheme or host, a path that leaves the folder (`..`, also percent-encoded), an
 * absolute or drive path, a backslash or a NUL. Lexical only; `serveRendererFile` also
 * follows links.
 */
export function rendererPathFor(rendererDir: string, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined;
  if (parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return undefined;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (path === '/' || path === '') path = '/index.html';
  const segments = path.slice(1).split('/');
  const unsafe = (segment: string): boolean =>
    segment === '' || segment === '.' || segment === '..' || /[\\\0:]/.test(segment);
  if (!path.startsWith('/') || segments.some(unsafe)) return undefined;
  const root = resolve(rendererDir);
  const file = resolve(root, ...segments);
  return isWithin(root, file) ? file : undefined;
}

export interface RendererResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | string;
}

/**
 * Answers one request of the app scheme: the file's bytes with its type and the page's
 * security headers, or a bare 404 for everything else (nothing says what exists outside).
 */
export async function serveRendererFile(
  rendererDir: string,
  url: string,
  securityHeaders: Readonly<Record<string, string>>,
): Promise<RendererResponse> {
  const notFound: RendererResponse = {
    status: 404,
    headers: { ...securityHeaders, 'content-type': 'text/plain; charset=utf-8' },
    body: 'not found',
  };
  const file = rendererPathFor(rendererDir, url);
  if (!file) return notFound;
  try {
    // A link inside the folder must not lead out of it.
    const [root, real] = await Promise.all([realpath(rendererDir), realpath(file)]);
    if (!isWithin(root, real)) return notFound;
    const body = await readFile(real);
    return {
      status: 200,
      headers: {
        ...securityHeaders,
        'content-type': CONTENT_TYPES[extname(real)] ?? 'application/octet-stream',
      },
      body,
    };
  } catch {
    return notFound;
  }
}
