import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The renderer is treated like a web page that must not reach Node or the OS: it talks to
 * main only through the preload's named methods.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // Middle-click would otherwise ask for a new window; the open handler denies it anyway.
    disableBlinkFeatures: 'Auxclick',
    spellcheck: false,
    devTools: true,
  };
}

/** `iconPath` matters on Linux only: macOS and Windows take the icon from the packaged app. */
export function mainWindowOptions(
  preloadPath: string,
  bounds?: WindowBounds,
  iconPath?: string,
): BrowserWindowConstructorOptions {
  return {
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 800,
    ...(bounds?.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Crossbucket',
    backgroundColor: '#1e1f22',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export interface WindowBounds {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
}
