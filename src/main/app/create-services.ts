import { AppFailure } from '../../shared/errors/app-error';
import type { EventPayloads } from '../../shared/ipc/contract';
import { createAccessService } from '../access/access-service';
import { type BatchRoom, createBatchRoom } from '../batch/batch-handlers';
import { bookmarkHandlers } from '../bookmarks/bookmark-handlers';
import { BookmarkStore } from '../bookmarks/bookmark-store';
import { type SessionSource, SessionSources } from '../bookmarks/session-sources';
import { handPlanToBatchOperations } from '../compare/batch-handoff';
import { sessionBucketOwners } from '../compare/bucket-facts';
import { createCompareRoom } from '../compare/compare-handlers';
import { ConsoleSignIn } from '../console/console-sign-in';
import { ShortLivedCredentials } from '../credentials/short-lived';
import { DragOutService } from '../drag-out/drag-out';
import { EventHub } from '../events/event-sink';
import { fileHandlers } from '../files/file-handlers';
import type { Handlers } from '../ipc/dispatcher';
import { LinkInbox } from '../links/link-inbox';
import { CopyOverService } from '../objects/edit/copy-over';
import { EditService } from '../objects/edit/edit-service';
import { PreviewService } from '../objects/preview/preview-service';
import { RestoreService } from '../objects/restore/restore-service';
import { VersionService } from '../objects/versions/version-service';
import type { Platform } from '../platform/platform';
import { adhocLabel, adhocToResolved } from '../profiles/adhoc-profile';
import { ProfileStore } from '../profiles/profile-store';
import type { Env } from '../profiles/read-config-files';
import { BucketService } from '../s3/buckets';
import { S3ClientPool } from '../s3/client-pool';
import { CopyService } from '../s3/copy-objects';
import { SelectionCounter } from '../s3/count-selection';
import { FolderService } from '../s3/create-folder';
import { DeleteService } from '../s3/delete-objects';
import { IncompleteUploadsService } from '../s3/incomplete-uploads';
import { LifecycleSnippets } from '../s3/lifecycle-snippet';
import { ListingService } from '../s3/listing';
import { LocateService } from '../s3/locate';
import { ObjectDetailsService } from '../s3/object-details';
import { PresignService } from '../s3/presign';
import { PathGrants } from '../security/path-grants';
import { MfaBroker } from '../sessions/mfa-broker';
import { RecentRoles } from '../sessions/recent-roles';
import { type Clock, SessionStore } from '../sessions/session-store';
import { SettingsStore } from '../settings/settings-store';
import { renewAfterSignIn, ssoHandlers, ssoSourceProfile } from '../sso/sso-handlers';
import { SsoService } from '../sso/sso-service';
import { storageSummaryHandlers } from '../storage-summary/summary-handlers';
import { JournalFile } from '../transfers/journal/journal-file';
import { queueHandlers } from '../transfers/queue-handlers';
import { TransferQueue } from '../transfers/transfer-queue';

export interface ServicesOptions {
  readonly env: Env;
  readonly platform: Platform;
  /** Session expiry and renewal time; the system clock unless a test walks sessions through expiry. */
  readonly clock?: Clock;
  /** How often Batch Operations jobs are asked for progress (batch/job-tracker.ts). */
  readonly batchPollMs?: number;
}

export interface AppServices {
  readonly handlers: Handlers;
  /** Every event the services emit; the shell adds its window (or bridge stream) as a sink. */
  readonly hub: EventHub;
  readonly sessions: SessionStore;
  readonly transfers: TransferQueue;
  /** Where the shell hands crossbucket:// links (OS arguments, open-url; the harness in tests). */
  readonly links: LinkInbox;
  /** S3 Batch Operations: `handToBatchOperations(sides, items, choices)` for any copy plan. */
  readonly batch: BatchRoom['service'];
  /**
   * Grants the paths of a real OS drop for upload (the shell resolved them from the drop, not
   * from anything the page said) and returns them resolved.
   */
  grantDropped(paths: readonly string[]): Promise<readonly string[]>;
  hasActiveTransfers(): boolean;
  dispose(): Promise<void>;
}

/**
 * The composition root: builds every main-process service from the environment and the
 * platform, and maps each IPC request to one service call. Shared by the Electron app and
 * the browser bridge, so both run exactly the same code.
 */
export async function createServices({
  env,
  platform,
  clock,
  batchPollMs,
}: ServicesOptions): Promise<AppServices> {
  const hub = new EventHub();
  const settings = new SettingsStore(platform.dataDir);
  await settings.load();
  const profiles = new ProfileStore({ env, sink: hub });
  await profiles.load();
  profiles.watch();

  const sso = new SsoService({
    env,
    sink: hub,
    logins: () => profiles.ssoLogins(),
    openBrowser: (url) => platform.openExternal(url),
    method: () => settings.get().ssoSignIn,
    dataDir: platform.dataDir,
    clock,
  });
  await sso.start();
  const stopSsoConfig = hub.add({ emit: (event) => event === 'profilesChanged' && void sso.configChanged() });

  const mfa = new MfaBroker(hub);
  const sessions = new SessionStore({
    getProfile: (name) => profiles.get(name),
    sink: hub,
    mfa,
    env,
    clock,
    sso,
  });
  const stopSsoRenewals = renewAfterSignIn(sso, sessions);
  const recentRoles = new RecentRoles(platform.dataDir);
  const pool = new S3ClientPool(sessions);
  const buckets = new BucketService(pool, sessions);
  const listings = new ListingService(pool, hub);
  const details = new ObjectDetailsService(pool);
  const folders = new FolderService(pool);
  const counter = new SelectionCounter(pool);
  const deleter = new DeleteService(pool);
  const copier = new CopyService(pool);
  const presigner = new PresignService(pool, sessions);
  const access = createAccessService({ sessions, profiles, pool });
  const previews = new PreviewService(pool);
  const copyOver = new CopyOverService();
  const editor = new EditService(pool, copyOver);
  const restorer = new RestoreService(pool);
  const versions = new VersionService(pool, copyOver, details);
  const locate = new LocateService({
    pool,
    sessionState: (id) => sessions.state(id),
    isProfile: (name) => profiles.get(name) !== undefined,
    ssoProfileName: (role) => sso.profileName(role),
  });
  const incompleteUploads = new IncompleteUploadsService(pool);
  const lifecycle = new LifecycleSnippets(pool);
  const storage = storageSummaryHandlers({
    pool,
    sink: hub,
    settings,
    access,
    uploads: incompleteUploads,
    bucketRegion: (sessionId, bucket) => locate.bucketRegion(sessionId, bucket),
  });
  const sources = new SessionSources();
  const shortLived = new ShortLivedCredentials(sessions);
  const transfers = new TransferQueue({
    clients: pool,
    engine: platform.startEngine,
    engineCredentials: (sessionId) => shortLived.get(sessionId),
    sessions,
    sink: hub,
    settings: () => settings.get(),
    journal: {
      file: new JournalFile(platform.dataDir),
      sessions: {
        describe: (sessionId) => {
          const source = sources.sourceOf(sessionId);
          const state = sessions.list().find((s) => s.sessionId === sessionId);
          return source && state && { source, name: state.source, label: state.label };
        },
        reopen: (source) => openFrom(source),
        openAs: (name) =>
          sessions.list().find((s) => s.source === name && (s.status === 'active' || s.status === 'expiring'))
            ?.sessionId,
      },
    },
  });
  const grants = new PathGrants();
  // The transfers the last run left: their paths were granted when they were created, and main
  // read them back from its own journal, so they are granted again (never taken from the page).
  const restored = await transfers.restore();
  await grants.grant('read', restored.read);
  await grants.grant('write', restored.write);
  const stopResuming = hub.add({
    emit: (event, payload) => {
      if (event !== 'sessionChanged') return;
      const state = payload as EventPayloads['sessionChanged'];
      if (state.status === 'active' || state.status === 'expiring')
        transfers.sessionReady(state.sessionId, state.source);
    },
  });

  const accountOf = (sessionId: string) => sessions.state(sessionId).identity?.account;
  const compare = await createCompareRoom({
    platform,
    pool,
    sessions,
    grants,
    hub,
    settings,
    transfers,
    accountOf,
  });

  const consoleSignIn = new ConsoleSignIn({
    env,
    credentials: (id) => sessions.credentials(id),
    context: (id) => sessions.signInContext(id),
    bucketRegion: (id, bucket) => locate.bucketRegion(id, bucket),
    openExternal: (url) => platform.openExternal(url),
  });
  const dragOut = new DragOutService({
    queue: transfers,
    onQueueChange: (listener) => hub.add({ emit: (event) => event === 'transfersChanged' && listener() }),
  });
  const links = new LinkInbox(hub);
  const batch = await createBatchRoom({
    dataDir: platform.dataDir,
    pool,
    sessions,
    hub,
    pollMs: batchPollMs,
  });
  const bookmarks = new BookmarkStore(platform.dataDir, hub);

  const ssoRequests = ssoHandlers(sso, sessions, platform);
  /** Opens a session the transfer journal names, as the user would (MFA prompts included). */
  const openFrom = (source: SessionSource) => {
    switch (source.kind) {
      case 'profile':
        return handlers.openSession({ profile: source.profile });
      case 'adhoc':
        return handlers.openAdhocSession({ role: source.role, remember: false });
      case 'sso':
        return handlers.openSsoRole(source.role);
    }
  };

  const sourceProfile = (name: string) => {
    const profile = profiles.get(name) ?? ssoSourceProfile(sso, name);
    if (!profile) throw new AppFailure('not-found', `There is no profile named "${name}".`);
    return profile;
  };

  const handlers: Handlers = {
    getAppInfo: async () => platform.info,
    attach: async () => ({
      app: platform.info,
      profiles: profiles.snapshot(),
      sessions: sessions.list(),
      mfaPrompts: mfa.pending(),
      transfers: transfers.snapshot(),
      settings: settings.get(),
      sso: sso.snapshot(),
      bookmarks: await bookmarks.snapshot(),
      links: links.take(),
    }),

    listProfiles: async () => profiles.snapshot(),
    reloadProfiles: () => profiles.load(),

    listSessions: async () => sessions.list(),
    openSession: async ({ profile }) => {
      const state = await sessions.open(profile);
      sources.remember(state.sessionId, { kind: 'profile', profile });
      return state;
    },
    openAdhocSession: async ({ role, remember }) => {
      const state = await sessions.openAdhoc(
        adhocToResolved(role, sourceProfile(role.sourceProfile)),
        adhocLabel(role),
      );
      sources.remember(state.sessionId, { kind: 'adhoc', role });
      if (remember) await recentRoles.remember(role);
      return state;
    },
    renewSession: ({ sessionId }) => sessions.renew(sessionId),
    closeSession: async ({ sessionId }) => {
      sessions.close(sessionId);
      pool.dropSession(sessionId);
      sources.forget(sessionId);
      storage.summaries.forget(sessionId);
      return null;
    },
    copySessionExports: async ({ sessionId }) => {
      platform.clipboard.writeText(await sessions.exportsText(sessionId));
      return platform.clipboard.receipt;
    },
    listRecentRoles: () => recentRoles.list(),
    forgetRecentRole: ({ index }) => recentRoles.forget(index),
    answerMfa: async ({ promptId, code }) => {
      mfa.answer(promptId, code);
      return null;
    },
    cancelMfa: async ({ promptId }) => {
      mfa.cancel(promptId);
      return null;
    },

    listBuckets: ({ sessionId }) => buckets.listBuckets(sessionId),
    listObjects: async (request) => ({ listingId: listings.start(request) }),
    cancelListing: async ({ listingId }) => {
      listings.cancel(listingId);
      return null;
    },
    headObject: ({ sessionId, bucket, key, versionId }) => details.head(sessionId, bucket, key, versionId),
    listVersions: ({ sessionId, bucket, key }) => details.versions(sessionId, bucket, key),
    createFolder: (request) => folders.create(request),
    countSelection: (selection) => counter.count(selection),
    deleteObjects: (selection) => deleter.delete(selection),
    copyObjects: (request) => copier.copy(request),
    presignObject: (request) => presigner.presign(request, platform.clipboard),

    // Like a sync's copies, a pane-to-pane copy expects the owners its sessions' bucket lists name;
    // its objects keep only their content type (no plan chose what else to carry).
    copyAcrossSessions: async (request) => {
      const sessionIds = [request.from.sessionId, request.to.sessionId];
      const buckets = [request.from.bucket, request.to.bucket];
      const owners = await sessionBucketOwners(pool, sessions, accountOf, sessionIds, buckets);
      return transfers.enqueueCopy({ ...request, owners });
    },
    ...queueHandlers(transfers),

    getSettings: async () => settings.get(),
    openExternal: async ({ url }) => {
      await platform.openExternal(url);
      return null;
    },

    explainAccess: (request) => access.explain(request),
    copyAccessStatement: async ({ explanationId, statementId, format }) => {
      platform.clipboard.writeText(access.statementText(explanationId, statementId, format));
      return platform.clipboard.receipt;
    },
    checkAccess: (request) => access.check(request),
    previewObject: (request) => previews.preview(request),
    cancelPreview: async ({ requestId }) => {
      previews.cancel(requestId);
      return null;
    },
    editObjects: (request) => editor.edit(request),
    restoreObjects: (request) => restorer.restore(request),
    listDeletedObjects: ({ sessionId, bucket, prefix }) => versions.listDeleted(sessionId, bucket, prefix),
    restoreVersion: (ref) => versions.restoreVersion(ref),
    deleteVersion: ({ confirmed: _confirmed, ...ref }) => versions.deleteVersion(ref),
    undeleteObjects: ({ sessionId, bucket, keys }) => versions.undelete(sessionId, bucket, keys),
    resolveKey: async ({ sessionId, bucket, key }) => ({ kind: await locate.kindOf(sessionId, bucket, key) }),
    locationFacts: ({ sessionId, bucket }) => locate.facts(sessionId, bucket),
    openConsole: async ({ sessionId, bucket, key }) => {
      await consoleSignIn.open(sessionId, bucket === undefined ? undefined : { bucket, key: key ?? '' });
      return { opened: true };
    },
    prepareDragOut: (selection) => dragOut.prepare(selection),
    startDragOut: async ({ dragId }) => {
      platform.startDrag(dragOut.files(dragId));
      return null;
    },
    ...bookmarkHandlers({
      store: bookmarks,
      sources,
      links,
      platform,
      assertOpen: (sessionId) => sessions.state(sessionId),
    }),
    ...ssoRequests,
    openSsoRole: async (role) => {
      const state = await ssoRequests.openSsoRole(role);
      sources.remember(state.sessionId, { kind: 'sso', role });
      return state;
    },
    ...fileHandlers({ env, platform, grants, settings, transfers }),
    listIncompleteUploads: ({ sessionId, bucket }) => incompleteUploads.list(sessionId, bucket),
    abortIncompleteUploads: ({ sessionId, bucket, uploads }) =>
      incompleteUploads.abort(sessionId, bucket, uploads),
    abortIncompleteUploadsOlderThan: ({ sessionId, bucket, days }) =>
      incompleteUploads.abortOlderThan(sessionId, bucket, days),
    incompleteUploadsRule: ({ sessionId, bucket, days }) => lifecycle.snippet(sessionId, bucket, days),
    ...storage.handlers,
    ...compare.handlers,
    handToBatchOperations: async ({ planId, ...choices }) =>
      handPlanToBatchOperations(batch.service, compare.syncs.copySet(planId), choices),
    ...batch.handlers,
  };

  return {
    handlers,
    hub,
    sessions,
    transfers,
    links,
    batch: batch.service,
    grantDropped: (paths) => grants.grant('read', paths),
    hasActiveTransfers: () => transfers.hasActive(),
    dispose: async () => {
      stopSsoConfig();
      stopResuming();
      batch.dispose();
      stopSsoRenewals();
      sso.dispose();
      profiles.dispose();
      mfa.cancelAll();
      await transfers.dispose();
      await compare.dispose();
      await dragOut.dispose();
      sessions.closeAll();
    },
  };
}
