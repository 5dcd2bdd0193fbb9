import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { denyAllPermissions, guardWebContents } from '../../../src/main/electron/guards';
import { trustedSenderCheck } from '../../../src/main/electron/trusted-sender';
import { mainWindowOptions, secureWebPreferences } from '../../../src/main/electron/web-preferences';

// These inspect the real configuration objects the app hands to Electron. With the Electron
// binary present, the Electron E2E project also checks them at runtime.
const appUrl = 'file:///app/out/renderer/index.html';

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
});

type Handler = (...args: never[]) => unknown;

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
  it('denies every permission request and check', () => {
    let request: Handler | undefined;
    let check: Handler | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (h: Handler) => {
        request = h;
      },
      setPermissionCheckHandler: (h: Handler) => {
        check = h;
      },
    } as never);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      (request as unknown as (c: unknown, p: string, cb: (ok: boolean) => void) => void)(
        {},
        permission,
        (ok) => answers.push(ok),
      );
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect((check as unknown as () => boolean)()).toBe(false);
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
