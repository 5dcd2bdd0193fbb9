/**
 * The IPC contract: for every request its input (derived from the runtime schema) and its
 * result, and for every event its payload. Main, preload, the browser bridge and the
 * renderer all type themselves from this one module.
 */
import type { z } from 'zod';
import type { ParsedLink } from '../links/crossbucket-link';
import type { AccessExplanation, AccessMatrix } from '../models/access';
import type { BatchJobView, BatchProposal } from '../models/batch';
import type {
  Bookmark,
  BookmarkExportSummary,
  BookmarkImportSummary,
  BookmarksSnapshot,
} from '../models/bookmark';
import type {
  ComparePage,
  CompareRowsPage,
  DeepCheckResult,
  SyncPlanSummary,
  SyncReport,
  SyncReportEntry,
} from '../models/compare';
import type { AppError, Result } from '../models/errors';
import type { AbortSummary, IncompleteUploadList, LifecycleSnippet } from '../models/incomplete-upload';
import type {
  DeletedListing,
  EditSummary,
  PreviewChunk,
  RestoreSummary,
  UndeleteSummary,
} from '../models/objects';
import type { AdhocRole, ProfilesSnapshot } from '../models/profile';
import type { BucketSummary, ListingPage, LocationFacts, ObjectDetails, ObjectVersion } from '../models/s3';
import type { MfaPrompt, SessionState } from '../models/session';
import type { Settings } from '../models/settings';
import type { SsoLogin, SsoSnapshot } from '../models/sso';
import type {
  InventorySetup,
  InventoryStatus,
  LifecycleProposal,
  StorageSummary,
} from '../models/storage-summary';
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
  'add-bookmark',
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

/**
 * Where main put text the user asked to copy. Secret-bearing text (a presigned URL, env
 * exports, a statement with an external ID) never crosses IPC; text main builds for the user
 * (a profile block) may come back to be shown too. The browser shell cannot reach the system
 * clipboard, so it says where the text went instead of pretending it is on the clipboard.
 * Text the window already holds and that carries no secret (addresses, links) the window
 * copies itself (renderer/lib/clipboard.ts).
 */
export interface CopyReceipt {
  readonly copied: true;
  /** True when the text is on the system clipboard (the desktop app). */
  readonly onClipboard: boolean;
  /** Completes "copied to …": "the clipboard", or where the browser shell put it. */
  readonly copiedTo: string;
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

/** The items of an OS drop that main granted for upload, and how many had no disk path. */
export interface DroppedFiles {
  readonly paths: readonly string[];
  /** Dragged from a web page, or made by page script: no path, so nothing to upload. */
  readonly withoutPath: number;
}

/**
 * Everything a window shows, as main has it now. The window asks for it whenever it
 * (re)attaches (start, reload, after a renderer crash), so nothing waits on a window that is
 * gone: an open MFA prompt, transfer conflict or Identity Center sign-in is offered again.
 */
export interface AppSnapshot {
  readonly app: AppInfo;
  readonly profiles: ProfilesSnapshot;
  readonly sessions: readonly SessionState[];
  readonly mfaPrompts: readonly MfaPrompt[];
  readonly transfers: TransferSnapshot;
  readonly settings: Settings;
  /** Sign-ins (a browser or device-code sign-in under way included), accounts, recent roles. */
  readonly sso: SsoSnapshot;
  readonly bookmarks: BookmarksSnapshot;
  /** crossbucket:// links that arrived while no window took them; attaching takes them. */
  readonly links: readonly ParsedLink[];
}

export interface RequestResults {
  getAppInfo: AppInfo;
  attach: AppSnapshot;
  listProfiles: ProfilesSnapshot;
  reloadProfiles: ProfilesSnapshot;
  listSessions: readonly SessionState[];
  openSession: SessionState;
  openAdhocSession: SessionState;
  renewSession: SessionState;
  closeSession: null;
  copySessionExports: CopyReceipt;
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
  presignObject: CopyReceipt & { readonly expiresAt: string };
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
  explainAccess: AccessExplanation;
  /** The statement may carry a profile's external ID, so main puts it on the clipboard. */
  copyAccessStatement: CopyReceipt;
  checkAccess: AccessMatrix;
  previewObject: PreviewChunk;
  cancelPreview: null;
  editObjects: EditSummary;
  restoreObjects: RestoreSummary;
  listDeletedObjects: DeletedListing;
  restoreVersion: { readonly restored: true };
  deleteVersion: null;
  undeleteObjects: UndeleteSummary;
  /** Whether a key typed without a trailing slash names an object or a folder. */
  resolveKey: { readonly kind: 'object' | 'folder' };
  locationFacts: LocationFacts;
  listBookmarks: BookmarksSnapshot;
  addBookmark: Bookmark;
  renameBookmark: BookmarksSnapshot;
  moveBookmark: BookmarksSnapshot;
  deleteBookmark: BookmarksSnapshot;
  exportBookmarks: BookmarkExportSummary;
  importBookmarks: BookmarkImportSummary;
  /** crossbucket:// links the OS handed to main, oldest first; taking them empties the inbox. */
  takeLinks: readonly ParsedLink[];
  /** The sign-in URL carries a token, so main opens the browser itself and returns nothing of it. */
  openConsole: { readonly opened: true };
  /** Downloads the selection to a temporary folder main owns; resolves when the files are there. */
  prepareDragOut: { readonly dragId: string; readonly items: number; readonly notices: readonly string[] };
  /** Hands the prepared files to the OS drag (Electron's startDrag); the paths stay in main. */
  startDragOut: null;
  listSso: SsoSnapshot;
  /** Resolves once signed in; the page to approve (and a device code) arrive in `ssoChanged`. */
  signInSso: SsoLogin;
  cancelSsoSignIn: null;
  reopenSsoSignIn: null;
  signOutSso: SsoLogin;
  refreshSsoDirectory: null;
  openSsoRole: SessionState;
  /** No secrets in it (start URL, region, account, role), so the text comes back to be shown too. */
  copySsoProfileBlock: CopyReceipt & { readonly text: string };
  listIncompleteUploads: IncompleteUploadList;
  abortIncompleteUploads: AbortSummary;
  abortIncompleteUploadsOlderThan: AbortSummary;
  incompleteUploadsRule: LifecycleSnippet;
  /** Resolves at once; the numbers arrive in `storageSummaryChanged`. */
  startStorageSummary: { readonly summaryId: string };
  cancelStorageSummary: null;
  /** The session's summaries, newest last, each with the time it was computed. */
  listStorageSummaries: readonly StorageSummary[];
  storageLifecycleRule: LifecycleProposal;
  inventoryStatus: InventoryStatus;
  /** Reads the newest report of the inventory configuration into a summary of the prefix. */
  summariseFromInventory: StorageSummary;
  configureInventory: InventorySetup;
  /** Rows arrive in `comparePage` events as the two listings stream in. */
  startCompare: { readonly compareId: string };
  cancelCompare: null;
  deepCheck: readonly DeepCheckResult[];
  /** The slice of a compare's rows the window shows, from main's store (it keeps no more). */
  compareRows: CompareRowsPage;
  /** A dry run: what the sync would do, nothing done yet. */
  planSync: SyncPlanSummary;
  runSync: { readonly jobId?: string };
  syncReport: SyncReport;
  /** Main's save dialog picks the file; `saved` is false when the user cancelled it. */
  saveSyncReport: { readonly saved: boolean };
  /** Every sync report kept in the data folder (the latest runs, also from before a restart), newest first. */
  listSyncReports: readonly SyncReportEntry[];
  // S3 Batch Operations hand-off (issue 21): main writes the manifest and generates the job's
  // statements, the user applies them in each account, then main creates and follows the job.
  /** A sync plan's copies, written as a manifest; statements to apply. */
  handToBatchOperations: BatchProposal;
  /** A pane's selection to the other pane's folder, written as a manifest; statements to apply. */
  batchPrepareSelection: BatchProposal;
  batchCreateJob: BatchJobView;
  batchListJobs: readonly BatchJobView[];
  /** Confirms a job created with confirmation required, or cancels one. */
  batchUpdateJob: BatchJobView;
  /** Stops following a job in the transfers panel (the job itself goes on in AWS). */
  batchForgetJob: null;
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
  bookmarksChanged: BookmarksSnapshot;
  /** A crossbucket:// link arrived; the window takes it (and any others waiting) with takeLinks. */
  linkReceived: { readonly waiting: number };
  ssoChanged: SsoSnapshot;
  /** A storage summary's numbers so far (a few times a second while it runs), then its result. */
  storageSummaryChanged: StorageSummary;
  comparePage: ComparePage;
  batchJobsChanged: readonly BatchJobView[];
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
   * Hands the files of a drop to main, which grants their paths for upload and returns them.
   * The paths are resolved outside the page (the preload's `webUtils.getPathForFile`, or the
   * browser bridge inside its drop folder), so page script cannot name a path of its own; a
   * `File` it made has none. Only paths cross IPC, never bytes.
   */
  readonly grantDroppedFiles: (files: readonly File[]) => Promise<Result<DroppedFiles>>;
};
