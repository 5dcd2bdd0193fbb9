import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { denyAllPermissions, guardWebContents } from '../../../src/main/electron/guards';
import { trustedSenderCheck } from '../../../src/main/electron/trusted-sender';
import { mainWindowOptions, secureWebPreferences } from '../../../src/main/electron/web-preferences';
import { APP_URL } from '../../../src/main/security/renderer-protocol';

// These inspect the real configuration objects the app hands to Electron. With the Electron
// binary present, the Electron E2E project also checks them at runtime.
const appUrl = APP_URL;

describe('BrowserWindow webPreferences', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs');
  it('isolates the context', () => expect(prefs.contextIsolation).toBe(true));
  it('sandboxes the renderer', () => expect(prefs.sandbox).toBe(true));
  it('gives the renderer no Node integration', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });
  it('keeps web security on', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
  });
  it('disables webview tags', () => expect(prefs.webviewTag).toBe(false));
  it('turns off middle-click new windows', () => expect(prefs.disableBlinkFeatures).toBe('Auxclick'));
  it('loads a CommonJS preload, which a sandboxed renderer requires', () => {
    expect(prefs.preload).toMatch(/\.cjs$/);
  });
  it('is what the main window is created with', () => {
    expect(mainWindowOptions('/p.cjs').webPreferences).toEqual(secureWebPreferences('/p.cjs'));
  });
  it('sets a window icon only when given one (Linux)', () => {
    expect(mainWindowOptions('/p.cjs').icon).toBeUndefined();
    expect(mainWindowOptions('/p.cjs', undefined, '/r/icon.png').icon).toBe('/r/icon.png');
  });
});

class FakeContents extends EventEmitter {
  openHandler?: (details: { url: string }) => { action: string };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  navigate(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

describe('navigation and new windows', () => {
  const setup = () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    guardWebContents(contents as never, appUrl, (url) => opened.push(url));
    return { contents, opened };
  };

  it('blocks navigation away from the app page', () => {
    const { contents } = setup();
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///app/out/renderer/index.html')).toBe(true);
    expect(contents.navigate('will-navigate', 'crossbucket://elsewhere/index.html')).toBe(true);
    expect(contents.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-navigate', appUrl)).toBe(false);
  });

  it('denies every new window and sends only safe https links to the OS browser', () => {
    const { contents, opened } = setup();
    expect(contents.openHandler?.({ url: 'https://docs.aws.amazon.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: appUrl })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.aws.amazon.com/']);
  });

  it('refuses to attach webviews', () => {
    const { contents } = setup();
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});

describe('permission requests', () => {
  const install = () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: ((c: unknown, p: string) => boolean) | undefined;
    denyAllPermissions(
      {
        setPermissionRequestHandler: (h: typeof request) => {
          request = h;
        },
        setPermissionCheckHandler: (h: typeof check) => {
          check = h;
        },
      } as never,
      appUrl,
    );
    const ask = (permission: string, url: string): boolean => {
      let answer = true;
      request?.({ getURL: () => url }, permission, (ok) => {
        answer = ok;
      });
      return answer;
    };
    return {
      ask,
      check: (permission: string, url: string | null) =>
        check?.(url ? { getURL: () => url } : null, permission),
    };
  };

  it('denies every permission the app does not need', () => {
    const { ask, check } = install();
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      expect(ask(permission, appUrl)).toBe(false);
      expect(check(permission, appUrl)).toBe(false);
    }
  });

  it('lets only the app page write plain text to the clipboard', () => {
    const { ask, check } = install();
    expect(ask('clipboard-sanitized-write', appUrl)).toBe(true);
    expect(check('clipboard-sanitized-write', appUrl)).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(check('clipboard-sanitized-write', null)).toBe(false);
  });
});

describe('IPC sender check', () => {
  const mainFrame = { url: appUrl };
  const contents = { id: 1, mainFrame };
  const check = trustedSenderCheck(() => contents as never, appUrl);

  it("accepts the main frame of the app's window on the app page", () => {
    expect(check({ sender: { id: 1 }, senderFrame: mainFrame } as never)).toBe(true);
  });
  it('rejects another window', () => {
    expect(check({ sender: { id: 2 }, senderFrame: mainFrame } as never)).toBe(false);
  });
  it('rejects a subframe', () => {
    expect(check({ sender: { id: 1 }, senderFrame: { url: appUrl } } as never)).toBe(false);
  });
  it('rejects the main frame after it navigated elsewhere', () => {
    const moved = { id: 1, mainFrame: { url: 'https://evil.example/' } };
    const movedCheck = trustedSenderCheck(() => moved as never, appUrl);
    expect(movedCheck({ sender: { id: 1 }, senderFrame: moved.mainFrame } as never)).toBe(false);
  });
  it('rejects everything once the window is gone', () => {
    const gone = trustedSenderCheck(() => undefined, appUrl);
    expect(gone({ sender: { id: 1 }, senderFrame: mainFrame } as never)).toBe(false);
  });
});
