import type { Protocol } from 'electron';
import { DESKTOP_CONTENT_SECURITY_POLICY } from '../security/content-security-policy';
import { APP_SCHEME, serveRendererFile } from '../security/renderer-protocol';

/**
 * Must run before the app is ready: the scheme behaves like https (standard URLs, a secure
 * context, its own origin), so the page needs no `file://` privileges at all.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const headers = {
  'content-security-policy': DESKTOP_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Answers the app scheme from the built renderer folder, and from nothing else. */
export function serveAppScheme(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const { status, headers: head, body } = await serveRendererFile(rendererDir, request.url, headers);
    return new Response(typeof body === 'string' ? body : new Uint8Array(body), { status, headers: head });
  });
}
