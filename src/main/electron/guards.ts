import type { Session, WebContents } from 'electron';
import { isAppUrl, isSafeExternalUrl } from '../security/url-policy';

/**
 * Keeps the window on the app's own page: no navigation elsewhere, no new windows, no
 * permission prompts. Safe https links go to the OS browser instead.
 */
export function guardWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  appUrl: string,
  openExternal: (url: string) => void,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * Denies every permission request and check, except writing plain text to the clipboard from
 * the app's own page ("Copy key"): the renderer can already show that text, so writing it
 * grants nothing new. Reading the clipboard, media, notifications and the rest stay denied.
 */
export function denyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  appUrl: string,
): void {
  // The page's own URL, not the requesting origin: a custom scheme's origin is opaque ("null").
  const allowed = (permission: string, contents: { getURL(): string } | null): boolean =>
    permission === 'clipboard-sanitized-write' && contents !== null && isAppUrl(contents.getURL(), appUrl);
  session.setPermissionRequestHandler((contents, permission, callback) =>
    callback(allowed(permission, contents)),
  );
  session.setPermissionCheckHandler((contents, permission) => allowed(permission, contents));
}
