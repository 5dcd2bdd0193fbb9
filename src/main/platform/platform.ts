import type { AppInfo } from '../../shared/ipc/contract';

/**
 * What the services need from the desktop shell. Electron implements it in the app; the
 * browser bridge implements it for the harness and the demo. Services never import Electron.
 */
export interface Platform {
  readonly info: AppInfo;
  /** Where settings and recent roles live (never secrets). */
  readonly dataDir: string;
  readonly clipboard: { writeText(text: string): void };
  pickUploadPaths(kind: 'files' | 'folder'): Promise<readonly string[]>;
  pickDirectory(title?: string): Promise<string | null>;
  /**
   * The system browser: https links, and the IAM Identity Center sign-in pages main builds
   * (which may be http on the loopback address for a local endpoint).
   */
  openExternal(url: string): Promise<void>;
}
