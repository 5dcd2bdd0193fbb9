/**
 * Runtime schemas for every request's input. Main parses with these before any service
 * sees the data; the renderer is treated as untrusted. The mapped type at the bottom makes
 * a request without a schema a compile error.
 */
import { z } from 'zod';
import { carryChoices, compareModes, rowStatuses } from '../models/compare';
import { PREVIEW_LIMITS, restoreTiers, storageClasses } from '../models/objects';
import { lifecycleSuggestionKinds } from '../models/storage-summary';
import type { RequestName } from './channels';
import {
  accessDenial,
  adhocRoleSchema,
  batchJobId,
  bookmarkLocation,
  bookmarkName,
  bucket,
  compareLocation,
  empty,
  folderPrefix,
  handOffChoices,
  headerValue,
  id,
  ids,
  key,
  keyInFolder,
  keyInFolderMessage,
  localPath,
  MAX_COMPARE_ROWS,
  MAX_DEEP_CHECK,
  MAX_ITEMS,
  MAX_KEY_BYTES,
  mapPatch,
  metadataKey,
  prefix,
  printable,
  profileName,
  relativeKey,
  selection,
  sessionRef,
  ssoLoginRef,
  ssoRole,
  tagKey,
  tagValue,
  versionId,
} from './fields';

export const requestSchemas = {
  getAppInfo: empty,
  attach: empty,

  listProfiles: empty,
  reloadProfiles: empty,

  listSessions: empty,
  openSession: z.strictObject({ profile: profileName }),
  openAdhocSession: z.strictObject({ role: adhocRoleSchema, remember: z.boolean() }),
  renewSession: sessionRef,
  closeSession: sessionRef,
  copySessionExports: z.strictObject({ sessionId: id, confirmed: z.literal(true) }),
  listRecentRoles: empty,
  forgetRecentRole: z.strictObject({ index: z.number().int().min(0).max(1000) }),
  answerMfa: z.strictObject({ promptId: id, code: z.string().regex(/^\d{6}$/, 'an MFA code is 6 digits') }),
  cancelMfa: z.strictObject({ promptId: id }),

  listBuckets: sessionRef,
  listObjects: z.strictObject({
    sessionId: id,
    bucket,
    prefix,
    startsWith: z.string().max(MAX_KEY_BYTES).optional(),
  }),
  cancelListing: z.strictObject({ listingId: id }),
  headObject: z.strictObject({ sessionId: id, bucket, key, versionId: z.string().max(1024).optional() }),
  listVersions: z.strictObject({ sessionId: id, bucket, key }),
  createFolder: z.strictObject({ sessionId: id, bucket, prefix, name: z.string().min(1).max(MAX_KEY_BYTES) }),
  countSelection: z.strictObject(selection),
  deleteObjects: z.strictObject(selection),
  copyObjects: z.strictObject({
    ...selection,
    targetBucket: bucket,
    targetPrefix: prefix,
    move: z.boolean(),
    /** For a single object: the new name (rename). */
    newName: z.string().min(1).max(MAX_KEY_BYTES).optional(),
  }),
  presignObject: z.strictObject({
    sessionId: id,
    bucket,
    key,
    versionId: z.string().max(1024).optional(),
    expiresInSeconds: z.number().int().min(1).max(604_800),
  }),

  uploadPaths: z.strictObject({
    sessionId: id,
    bucket,
    prefix,
    paths: z.array(localPath).min(1).max(MAX_ITEMS),
  }),
  downloadObjects: z.strictObject({
    ...selection,
    /** Where the files go; absent means the download folder from settings. */
    targetDir: localPath.optional(),
    versionId: z.string().max(1024).optional(),
  }),
  copyAcrossSessions: z.strictObject({
    from: z.strictObject(selection),
    to: z.strictObject({ sessionId: id, bucket, prefix }),
  }),
  listTransfers: empty,
  pauseTransfers: ids,
  resumeTransfers: ids,
  cancelTransfers: ids,
  retryTransfers: ids,
  clearFinishedTransfers: empty,
  resolveConflict: z.strictObject({
    conflictId: id,
    choice: z.enum(['overwrite', 'skip', 'keep-both']),
    applyToAll: z.boolean(),
  }),

  pickUploadPaths: z.strictObject({ kind: z.enum(['files', 'folder']) }),
  pickDirectory: z.strictObject({ title: z.string().max(200).optional() }),

  getSettings: empty,
  updateSettings: z.strictObject({
    patch: z.strictObject({
      downloadDir: localPath.optional(),
      parallelFiles: z.number().int().min(1).max(32).optional(),
      partSizeMiB: z.number().int().min(5).max(5120).optional(),
      partConcurrency: z.number().int().min(1).max(64).optional(),
      confirmDelete: z.enum(['always', 'never']).optional(),
      theme: z.enum(['system', 'light', 'dark']).optional(),
      ssoSignIn: z.enum(['browser', 'device-code']).optional(),
      /** USD per GB-month by storage class, over the price table shipped with the app. */
      storagePrices: z
        .record(z.string().regex(/^[A-Z_]{2,32}$/, 'a storage class name'), z.number().min(0).max(10))
        .refine((r) => Object.keys(r).length <= 32)
        .optional(),
      summaryKeyLimit: z.number().int().min(1000).max(1_000_000_000).optional(),
      batchThresholdObjects: z.number().int().min(1).max(1e12).optional(),
      batchThresholdGiB: z.number().int().min(1).max(10_000_000).optional(),
      sessionColors: z
        .record(profileName, z.string().regex(/^#[0-9a-f]{6}$/i))
        .refine((r) => Object.keys(r).length <= 1000)
        .optional(),
    }),
  }),
  openExternal: z.strictObject({ url: z.url({ protocol: /^https$/ }).max(2048) }),

  explainAccess: z.strictObject({
    sessionId: id.optional(),
    denial: accessDenial,
    scopePrefix: prefix.optional(),
  }),
  copyAccessStatement: z.strictObject({
    explanationId: id,
    statementId: z.string().min(1).max(64),
    format: z.enum(['json', 'yaml']),
  }),
  checkAccess: z.strictObject({ sessionId: id, bucket, prefix, key: key.optional() }),
  previewObject: z.strictObject({
    requestId: id,
    sessionId: id,
    bucket,
    key,
    versionId: versionId.optional(),
    offset: z.number().int().min(0).max(PREVIEW_LIMITS.maxText),
    mode: z.enum(['auto', 'text', 'hex']),
    gunzip: z.boolean(),
  }),
  cancelPreview: z.strictObject({ requestId: id }),
  editObjects: z
    .strictObject({
      ...selection,
      headers: z
        .strictObject({
          contentType: headerValue,
          cacheControl: headerValue,
          contentDisposition: headerValue,
          contentEncoding: headerValue,
          contentLanguage: headerValue,
        })
        .optional(),
      metadata: mapPatch(metadataKey, printable(2048)).optional(),
      tags: mapPatch(tagKey, tagValue).optional(),
      storageClass: z.enum(storageClasses).optional(),
    })
    .refine((r) => r.headers || r.metadata || r.tags || r.storageClass, 'the edit changes nothing'),
  restoreObjects: z.strictObject({
    ...selection,
    days: z.number().int().min(1).max(36_500),
    tier: z.enum(restoreTiers),
  }),
  listDeletedObjects: z.strictObject({ sessionId: id, bucket, prefix }),
  restoreVersion: z.strictObject({ sessionId: id, bucket, key, versionId }),
  /** Deleting a version cannot be undone: the renderer must have asked. */
  deleteVersion: z.strictObject({ sessionId: id, bucket, key, versionId, confirmed: z.literal(true) }),
  undeleteObjects: z.strictObject({ sessionId: id, bucket, keys: z.array(key).min(1).max(MAX_ITEMS) }),
  resolveKey: z.strictObject({ sessionId: id, bucket, key }),
  listBookmarks: empty,
  /** The session source comes from main's record of the session, never from the page. */
  addBookmark: z
    .strictObject({ name: bookmarkName, sessionId: id, ...bookmarkLocation })
    .refine(keyInFolder, keyInFolderMessage),
  renameBookmark: z.strictObject({ id, name: bookmarkName }),
  moveBookmark: z.strictObject({ id, toIndex: z.number().int().min(0).max(100_000) }),
  deleteBookmark: z.strictObject({ id }),
  exportBookmarks: empty,
  importBookmarks: empty,
  takeLinks: empty,
  /** `key`: a folder prefix or an object key in `bucket`; without a bucket, S3's start page. */
  prepareDragOut: z.strictObject(selection),
  startDragOut: z.strictObject({ dragId: id }),
  openConsole: z
    .strictObject({ sessionId: id, bucket: bucket.optional(), key: prefix.optional() })
    .refine((r) => r.key === undefined || r.bucket !== undefined, { message: 'a key needs its bucket' }),
  locationFacts: z.strictObject({ sessionId: id, bucket }),
  listSso: empty,
  signInSso: ssoLoginRef,
  cancelSsoSignIn: ssoLoginRef,
  reopenSsoSignIn: ssoLoginRef,
  signOutSso: ssoLoginRef,
  refreshSsoDirectory: ssoLoginRef,
  openSsoRole: ssoRole,
  copySsoProfileBlock: z.strictObject({
    ...ssoRole.shape,
    profileName: z.string().max(64).optional(),
    /** Add the [sso-session] section too (for another machine; the config here has it). */
    withSession: z.boolean(),
  }),
  listIncompleteUploads: z.strictObject({ sessionId: id, bucket }),
  abortIncompleteUploads: z.strictObject({
    sessionId: id,
    bucket,
    uploads: z
      .array(z.strictObject({ key, uploadId: z.string().min(1).max(1024) }))
      .min(1)
      .max(10_000),
  }),
  abortIncompleteUploadsOlderThan: z.strictObject({
    sessionId: id,
    bucket,
    days: z.number().int().min(0).max(36_500),
  }),
  incompleteUploadsRule: z.strictObject({ sessionId: id, bucket, days: z.number().int().min(1).max(36_500) }),
  startStorageSummary: z
    .strictObject({
      sessionId: id,
      bucket,
      prefix: folderPrefix,
      selection: z
        .strictObject({ keys: z.array(key).max(MAX_ITEMS), prefixes: z.array(folderPrefix).max(MAX_ITEMS) })
        .optional(),
      versions: z.boolean(),
    })
    .refine(
      (r) =>
        !r.selection ||
        [...r.selection.keys, ...r.selection.prefixes].every(
          (k) => k.startsWith(r.prefix) && k.length > r.prefix.length,
        ),
      { message: 'a selection is of items in the folder' },
    ),
  cancelStorageSummary: z.strictObject({ summaryId: id }),
  listStorageSummaries: sessionRef,
  storageLifecycleRule: z.strictObject({
    sessionId: id,
    bucket,
    prefix: folderPrefix,
    kind: z.enum(lifecycleSuggestionKinds),
  }),
  inventoryStatus: z.strictObject({ sessionId: id, bucket }),
  summariseFromInventory: z.strictObject({
    sessionId: id,
    bucket,
    prefix: folderPrefix,
    configurationId: z.string().min(1).max(64),
  }),
  configureInventory: z.strictObject({
    sessionId: id,
    bucket,
    destinationBucket: bucket,
    destinationPrefix: prefix,
  }),
  startCompare: z.strictObject({
    left: compareLocation,
    right: compareLocation,
    mode: z.enum(compareModes),
  }),
  cancelCompare: z.strictObject({ compareId: id }),
  /** Each key read range by range on both sides: a few at a time, picked by the user. */
  deepCheck: z.strictObject({ compareId: id, keys: z.array(relativeKey).min(1).max(MAX_DEEP_CHECK) }),
  /** A slice of the rows some statuses and a key filter let through: what the window shows. */
  compareRows: z.strictObject({
    compareId: id,
    statuses: z.array(z.enum(rowStatuses)).max(rowStatuses.length),
    text: z.string().max(1024),
    offset: z.number().int().min(0),
    limit: z.number().int().min(1).max(MAX_COMPARE_ROWS),
  }),
  planSync: z.strictObject({
    compareId: id,
    deleteExtra: z.boolean(),
    overwriteUndecided: z.boolean(),
    /** Replaces the storage class of every copy; absent keeps the source's. */
    storageClass: z.enum(storageClasses).optional(),
    /** The source's user metadata and tags: kept or dropped; absent keeps them. */
    metadata: z.enum(carryChoices).optional(),
    tags: z.enum(carryChoices).optional(),
  }),
  runSync: z.strictObject({ planId: id, confirmAccount: z.string().max(255).optional() }),
  syncReport: z.strictObject({ planId: id }),
  saveSyncReport: z.strictObject({ planId: id, format: z.enum(['csv', 'json']) }),
  listSyncReports: empty,
  // S3 Batch Operations hand-off (issue 21): a sync plan's copies or a pane's selection.
  handToBatchOperations: z.strictObject({ planId: id, ...handOffChoices }),
  batchPrepareSelection: z.strictObject({
    from: z.strictObject({ ...selection, prefix: folderPrefix }),
    to: z.strictObject({ sessionId: id, bucket, prefix: folderPrefix }),
    ...handOffChoices,
  }),
  batchCreateJob: z.strictObject({ proposalId: id, confirmationRequired: z.boolean() }),
  batchListJobs: empty,
  batchUpdateJob: z.strictObject({ jobId: batchJobId, action: z.enum(['confirm', 'cancel']) }),
  batchForgetJob: z.strictObject({ jobId: batchJobId }),
} satisfies { readonly [K in RequestName]: z.ZodType };

export type RequestSchemas = typeof requestSchemas;

/**
 * What travels on the drop-only channel (DROP_CHANNEL): the disk paths of a real OS drop in
 * Electron, or, in the browser shell, names inside the folder that stands for the desktop.
 */
export const droppedPathsSchema = z.strictObject({ paths: z.array(localPath).min(1).max(MAX_ITEMS) });
