import { AppFailure } from '../../shared/errors/app-error';
import type { Platform } from '../platform/platform';
import type { EngineLauncher } from '../transfers/engine-link/engine-channel';
import { localEngine } from '../transfers/engine-link/fork-engine';

export interface BrowserPlatformOptions {
  readonly dataDir: string;
  readonly version: string;
  /**
   * What the native dialogs would have answered: a browser page cannot open them. Without an
   * answer for one, choosing there is refused with an explanation (the demo has no file picker).
   */
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
  /**
   * A folder that stands for the user's desktop: the names of dropped files resolve inside it,
   * and the explanation of the missing file dialog names it.
   */
  readonly dropRoot?: string;
  /** What the window says about uploading where there is no drop root (and so no drop). */
  readonly noDropRoot?: string;
  /**
   * Where copied text goes instead of the system clipboard, which a browser page cannot reach
   * (the demo prints it in its terminal). Without it, the text stays in this process.
   */
  readonly copies?: { readonly to: string; readonly receive: (text: string) => void };
  /** How the engine process starts; by default a fork of the engine beside this code. */
  readonly engine?: EngineLauncher;
  /**
   * Sees the files main prepared for a drag-out, which a page cannot hand to the OS (the user's
   * browser shell says where they are instead).
   */
  readonly dragged?: (files: readonly string[]) => void;
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
 * The Platform for the browser shell (tests and the demo without Electron). Copied text stays
 * out of the page: presigned URLs and exports never travel there, and the window says where
 * they went rather than claiming the clipboard has them.
 */
export function browserPlatform(options: BrowserPlatformOptions): BrowserPlatform {
  let clipboard: string | undefined;
  const opened: string[] = [];
  const drags: (readonly string[])[] = [];
  const noDialog = (what: string, instead?: string): never => {
    throw new AppFailure('unsupported', `The browser shell cannot open your computer's ${what} dialog.`, {
      hints: [...(instead ? [instead] : []), 'The desktop app (npm start) has the real dialogs.'],
    });
  };
  const dropInstead = options.dropRoot
    ? `Drag files or folders onto the object list instead; the browser shell looks them up in ${options.dropRoot}.`
    : (options.noDropRoot ?? 'Drag files or folders onto the object list instead.');
  return {
    info: { version: options.version, platform: process.platform, shell: 'browser' },
    dataDir: options.dataDir,
    clipboard: {
      writeText: (text) => {
        clipboard = text;
        options.copies?.receive(text);
      },
      receipt: {
        copied: true,
        onClipboard: false,
        copiedTo: options.copies?.to ?? "the browser shell's own process (your clipboard is unchanged)",
      },
    },
    clipboardText: () => clipboard,
    pickUploadPaths: async (kind) => {
      const answer = options.dialogs?.uploadPaths;
      return answer ? answer(kind) : noDialog(kind === 'files' ? 'file' : 'folder', dropInstead);
    },
    pickDirectory: async () => {
      const answer = options.dialogs?.directory;
      return answer ? answer() : noDialog('folder');
    },
    pickSaveFile: async () => {
      const answer = options.dialogs?.saveFile;
      return answer ? answer() : noDialog('save');
    },
    pickOpenFile: async () => {
      const answer = options.dialogs?.openFile;
      return answer ? answer() : noDialog('file');
    },
    openExternal: async (url) => {
      opened.push(url);
      await options.browser?.(url);
    },
    externalOpened: () => [...opened],
    startDrag: (files) => {
      drags.push([...files]);
      options.dragged?.(files);
    },
    dragsStarted: () => [...drags],
    startEngine: options.engine ?? localEngine(),
  };
}
