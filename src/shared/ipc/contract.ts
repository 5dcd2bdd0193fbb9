/**
 * The IPC contract: for every request its input (derived from the runtime schema) and its
 * result, and for every event its payload. Main, preload, the browser bridge and the
 * renderer all type themselves from this one module.
 */
import type { z } from 'zod';
import type { AppError, Result } from '../models/errors';
import type { AbortSummary, IncompleteUploadList, LifecycleSnippet } from '../models/incomplete-upload';
import type { AdhocRole, ProfilesSnapshot } from '../models/profile';
import type { BucketSummary, ListingPage, ObjectDetails, ObjectVersion } from '../models/s3';
import type { MfaPrompt, SessionState } from '../models/session';
import type { Settings } from '../models/settings';
import type { TransferConflict, TransferSnapshot } from '../models/transfer';
import type { EventName, RequestName } from './channels';
import type { RequestSchemas } from './schemas';

export interface AppInfo {
  readonly version: string;
  readonly platform: string;
  /** `electron` in the desktop app, `browser` in the loopback harness. */
  readonly shell: 'electron' | 'browser';
}

/** Application-menu items whose action lives in the renderer (the focused pane). */
export const menuCommands = [
  'upload-files',
  'upload-folder',
  'download',
  'new-folder',
  'delete',
  'rename',
  'copy-presigned-url',
  'refresh',
  'go-back',
  'go-forward',
  'go-up',
  'focus-address',
  'toggle-split',
  'toggle-transfers',
  'switch-role',
  'renew-session',
  'open-settings',
  'show-shortcuts',
] as const;

export type MenuCommand = (typeof menuCommands)[number];

export interface DeleteSummary {
  readonly deleted: number;
  readonly failed: readonly { readonly key: string; readonly error: AppError }[];
}

export interface CopySummary {
  readonly copied: number;
  readonly failed: readonly { readonly key: string; readonly error: AppError }[];
}

export interface SelectionCount {
  readonly objects: number;
  readonly bytes: number;
}

export interface EnqueueSummary {
  readonly jobId: string;
  readonly items: number;
  /** Keys or paths that were mapped to a safe name or left out, with the reason. */
  readonly notices: readonly string[];
}

export interface RequestResults {
  getAppInfo: AppInfo;
  listProfiles: ProfilesSnapshot;
  reloadProfiles: ProfilesSnapshot;
  listSessions: readonly SessionState[];
  openSession: SessionState;
  openAdhocSession: SessionState;
  renewSession: SessionState;
  closeSession: null;
  copySessionExports: { readonly copied: true };
  listRecentRoles: readonly AdhocRole[];
  forgetRecentRole: readonly AdhocRole[];
  answerMfa: null;
  cancelMfa: null;
  listBuckets: readonly BucketSummary[];
  listObjects: { readonly listingId: string };
  cancelListing: null;
  headObject: ObjectDetails;
  listVersions: readonly ObjectVersion[];
  createFolder: { readonly key: string };
  countSelection: SelectionCount;
  deleteObjects: DeleteSummary;
  copyObjects: CopySummary;
  /** The URL itself carries the session token, so main puts it on the clipboard. */
  presignObject: { readonly expiresAt: string; readonly copied: true };
  uploadPaths: EnqueueSummary;
  downloadObjects: EnqueueSummary;
  copyAcrossSessions: EnqueueSummary;
  listTransfers: TransferSnapshot;
  pauseTransfers: null;
  resumeTransfers: null;
  cancelTransfers: null;
  retryTransfers: null;
  clearFinishedTransfers: null;
  resolveConflict: null;
  pickUploadPaths: readonly string[];
  pickDirectory: string | null;
  getSettings: Settings;
  updateSettings: Settings;
  openExternal: null;
  listIncompleteUploads: IncompleteUploadList;
  abortIncompleteUploads: AbortSummary;
  abortIncompleteUploadsOlderThan: AbortSummary;
  incompleteUploadsRule: LifecycleSnippet;
}

export interface EventPayloads {
  profilesChanged: ProfilesSnapshot;
  sessionChanged: SessionState;
  sessionClosed: { readonly sessionId: string };
  mfaRequired: MfaPrompt;
  mfaSettled: { readonly promptId: string };
  listingPage: ListingPage;
  transfersChanged: TransferSnapshot;
  transferConflict: TransferConflict;
  menuCommand: { readonly command: MenuCommand };
}

// Compile-time checks that the maps above cover exactly the names in channels.ts.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const contractCoversRequests: Exactly<keyof RequestResults, RequestName> = true;
export const contractCoversEvents: Exactly<keyof EventPayloads, EventName> = true;

export type RequestInput<K extends RequestName> = z.input<RequestSchemas[K]>;
/** What a handler receives: the schema's output, after defaults and refinements. */
export type ParsedInput<K extends RequestName> = z.output<RequestSchemas[K]>;
export type RequestResult<K extends RequestName> = RequestResults[K];

/** The API the preload (or the browser bridge client) puts on `window.crossbucket`. */
export type CrossbucketApi = {
  readonly [K in RequestName]: (input: RequestInput<K>) => Promise<Result<RequestResult<K>>>;
} & {
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) => () => void;
  /**
   * The disk path of a file dropped from the OS; empty when it has none (dragged from a
   * browser, or synthesised). Resolved in the preload so only paths cross IPC, never bytes.
   */
  readonly pathForFile: (file: File) => string;
};
