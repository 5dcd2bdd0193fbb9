import type { Platform } from '../platform/platform';

export interface BrowserPlatformOptions {
  readonly dataDir: string;
  readonly version: string;
  /** What the native dialogs would have answered: a browser page cannot open them. */
  readonly dialogs?: {
    uploadPaths?: (kind: 'files' | 'folder') => readonly string[];
    directory?: () => string | null;
  };
  /**
   * The system browser: what opens the pages main hands out (an IAM Identity Center sign-in).
   * Tests play the user's browser here; the demo prints the URL. Without it nothing opens.
   */
  readonly browser?: (url: string) => void;
}

export interface BrowserPlatform extends Platform {
  /** The text main last copied; the browser shell keeps it here instead of the OS clipboard. */
  clipboardText(): string | undefined;
}

/**
 * The Platform for the browser shell (tests and the demo without Electron). The clipboard
 * stays in this process, so presigned URLs and exports never travel to the page either.
 */
export function browserPlatform(options: BrowserPlatformOptions): BrowserPlatform {
  let clipboard: string | undefined;
  return {
    info: { version: options.version, platform: process.platform, shell: 'browser' },
    dataDir: options.dataDir,
    clipboard: {
      writeText: (text) => {
        clipboard = text;
      },
    },
    clipboardText: () => clipboard,
    pickUploadPaths: async (kind) => options.dialogs?.uploadPaths?.(kind) ?? [],
    pickDirectory: async () => options.dialogs?.directory?.() ?? null,
    openExternal: async (url) => options.browser?.(url),
  };
}
