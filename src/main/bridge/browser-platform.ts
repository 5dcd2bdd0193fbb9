import type { Platform } from '../platform/platform';

export interface BrowserPlatformOptions {
  readonly dataDir: string;
  readonly version: string;
  /** What the native dialogs would have answered: a browser page cannot open them. */
  readonly dialogs?: {
    uploadPaths?: (kind: 'files' | 'folder') => readonly string[];
    directory?: () => string | null;
    saveFile?: () => string | null;
    openFile?: () => string | null;
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
  /** Every URL main asked the system browser to open, oldest first; the page never sees them. */
  externalOpened(): readonly string[];
  /** The file lists main handed to the OS drag, oldest first (a page cannot start one). */
  dragsStarted(): readonly (readonly string[])[];
}

/**
 * The Platform for the browser shell (tests and the demo without Electron). The clipboard
 * stays in this process, so presigned URLs and exports never travel to the page either.
 */
export function browserPlatform(options: BrowserPlatformOptions): BrowserPlatform {
  let clipboard: string | undefined;
  const opened: string[] = [];
  const drags: (readonly string[])[] = [];
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
    openExternal: async (url) => {
      opened.push(url);
      await options.browser?.(url);
    },
    externalOpened: () => [...opened],
    startDrag: (files) => {
      drags.push([...files]);
    },
    dragsStarted: () => [...drags],
    pickSaveFile: async () => options.dialogs?.saveFile?.() ?? null,
    pickOpenFile: async () => options.dialogs?.openFile?.() ?? null,
  };
}
