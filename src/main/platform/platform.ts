import type { AppInfo, CopyReceipt } from '../../shared/ipc/contract';

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
  openExternal(url: string): Promise<void>;
}
