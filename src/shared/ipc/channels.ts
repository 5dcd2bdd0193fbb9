/**
 * The names of every request and event: the one runtime piece of the contract that the
 * preload and the browser bridge need. Kept free of the schema library so the preload
 * bundle stays small.
 */
export const requestNames = [
  'getAppInfo',
  'attach',
  'listProfiles',
  'reloadProfiles',
  'listSessions',
  'openSession',
  'openAdhocSession',
  'renewSession',
  'closeSession',
  'copySessionExports',
  'listRecentRoles',
  'forgetRecentRole',
  'answerMfa',
  'cancelMfa',
  'listBuckets',
  'listObjects',
  'cancelListing',
  'headObject',
  'listVersions',
  'createFolder',
  'countSelection',
  'deleteObjects',
  'copyObjects',
  'presignObject',
  'uploadPaths',
  'downloadObjects',
  'copyAcrossSessions',
  'listTransfers',
  'pauseTransfers',
  'resumeTransfers',
  'cancelTransfers',
  'retryTransfers',
  'clearFinishedTransfers',
  'resolveConflict',
  'pickUploadPaths',
  'pickDirectory',
  'getSettings',
  'updateSettings',
  'openExternal',
  'explainAccess',
  'copyAccessStatement',
  'checkAccess',
  'previewObject',
  'cancelPreview',
  'editObjects',
  'restoreObjects',
  'listDeletedObjects',
  'restoreVersion',
  'deleteVersion',
  'undeleteObjects',
  'resolveKey',
  'locationFacts',
  'listBookmarks',
  'addBookmark',
  'renameBookmark',
  'moveBookmark',
  'deleteBookmark',
  'exportBookmarks',
  'importBookmarks',
  'takeLinks',
  'openConsole',
  'prepareDragOut',
  'startDragOut',
  'listSso',
  'signInSso',
  'cancelSsoSignIn',
  'reopenSsoSignIn',
  'signOutSso',
  'refreshSsoDirectory',
  'openSsoRole',
  'copySsoProfileBlock',
  'listIncompleteUploads',
  'abortIncompleteUploads',
  'abortIncompleteUploadsOlderThan',
  'incompleteUploadsRule',
  'startStorageSummary',
  'cancelStorageSummary',
  'listStorageSummaries',
  'storageLifecycleRule',
  'inventoryStatus',
  'summariseFromInventory',
  'configureInventory',
] as const;

export type RequestName = (typeof requestNames)[number];

export const eventNames = [
  'profilesChanged',
  'sessionChanged',
  'sessionClosed',
  'mfaRequired',
  'mfaSettled',
  'listingPage',
  'transfersChanged',
  'transferConflict',
  'menuCommand',
  'bookmarksChanged',
  'linkReceived',
  'ssoChanged',
  'storageSummaryChanged',
] as const;

export type EventName = (typeof eventNames)[number];

/** The Electron channel a request or event travels on. */
export const requestChannel = (name: RequestName): string => `crossbucket:request:${name}`;
export const eventChannel = (name: EventName): string => `crossbucket:event:${name}`;

/**
 * The drop-only channel: paths the preload resolved from the `File`s of a real OS drop. Not
 * a request of the contract, so the page has no method that takes a path string for it.
 */
export const DROP_CHANNEL = 'crossbucket:drop';
