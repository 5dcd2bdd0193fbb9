import type { AppInfo, CopyReceipt } from '../../shared/ipc/contract';
import type { EngineLauncher } from '../transfers/engine-link/engine-channel';

/** Where main puts text the user copies; `receipt` tells the window where that is. */
export interface Clipboard {
  writeText(text: string): void;
  readonly receipt: CopyReceipt;
}

/**
 * What the services need from the desktop shell. Electron implements it in the app; the
 * browser bridge implements it for the harness and the demo. Services never import Electron.
 */
export interface Platform {
  readonly info: AppInfo;
  /** Where settings and recent roles live (never secrets). */
  readonly dataDir: string;
  readonly clipboard: Clipboard;
  pickUploadPaths(kind: 'files' | 'folder'): Promise<readonly string[]>;
  pickDirectory(title?: string): Promise<string | null>;
  /**
   * The system browser: https links, and the IAM Identity Center sign-in pages main builds
   * (which may be http on the loopback address for a local endpoint).
   */
  openExternal(url: string): Promise<void>;
  /** Main's own save dialog for a JSON file; the path it returns never comes from the page. */
  pickSaveFile(options: FileDialogOptions): Promise<string | null>;
  /** Main's own open dialog for one JSON file. */
  pickOpenFile(options: FileDialogOptions): Promise<string | null>;
  /** Starts the OS drag of files main prepared (drag-out to the desktop). */
  startDrag(files: readonly string[]): void;
  /** Starts the transfer engine process: a utilityProcess in the app, a child_process.fork elsewhere. */
  readonly startEngine: EngineLauncher;
}

export interface FileDialogOptions {
  readonly title: string;
  /** The file name a save dialog suggests. */
  readonly defaultName?: string;
}
