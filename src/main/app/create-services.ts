import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppFailure } from '../errors/app-error';
import { EventHub } from '../events/event-sink';
import type { Handlers } from '../ipc/dispatcher';
import type { Platform } from '../platform/platform';
import { adhocToResolved } from '../profiles/adhoc-profile';
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
import { ObjectDetailsService } from '../s3/object-details';
import { PresignService } from '../s3/presign';
import { MfaBroker } from '../sessions/mfa-broker';
import { RecentRoles } from '../sessions/recent-roles';
import { type Clock, SessionStore } from '../sessions/session-store';
import { SettingsStore } from '../settings/settings-store';
import { TransferQueue } from '../transfers/transfer-queue';

export interface ServicesOptions {
  readonly env: Env;
  readonly platform: Platform;
  /** Session expiry and renewal time; the system clock unless a test walks sessions through expiry. */
  readonly clock?: Clock;
}

export interface AppServices {
  readonly handlers: Handlers;
  /** Every event the services emit; the shell adds its window (or bridge stream) as a sink. */
  readonly hub: EventHub;
  readonly sessions: SessionStore;
  readonly transfers: TransferQueue;
  hasActiveTransfers(): boolean;
  dispose(): Promise<void>;
}

const defaultDownloadDir = (env: Env): string => join(env.HOME ?? homedir(), 'Downloads');

/**
 * The composition root: builds every main-process service from the environment and the
 * platform, and maps each IPC request to one service call. Shared by the Electron app and
 * the browser bridge, so both run exactly the same code.
 */
export async function createServices({ env, platform, clock }: ServicesOptions): Promise<AppServices> {
  const hub = new EventHub();
  const settings = new SettingsStore(platform.dataDir);
  await settings.load();
  const profiles = new ProfileStore({ env, sink: hub });
  await profiles.load();
  profiles.watch();

  const mfa = new MfaBroker(hub);
  const sessions = new SessionStore({ getProfile: (name) => profiles.get(name), sink: hub, mfa, env, clock });
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
  const incompleteUploads = new IncompleteUploadsService(pool);
  const lifecycle = new LifecycleSnippets(pool);
  const transfers = new TransferQueue({
    clients: pool,
    sessions,
    sink: hub,
    settings: () => settings.get(),
  });

  const sourceProfile = (name: string) => {
    const profile = profiles.get(name);
    if (!profile) throw new AppFailure('not-found', `There is no profile named "${name}".`);
    return profile;
  };

  const handlers: Handlers = {
    getAppInfo: async () => platform.info,

    listProfiles: async () => profiles.snapshot(),
    reloadProfiles: () => profiles.load(),

    listSessions: async () => sessions.list(),
    openSession: ({ profile }) => sessions.open(profile),
    openAdhocSession: async ({ role, remember }) => {
      const state = await sessions.openAdhoc(
        adhocToResolved(role, sourceProfile(role.sourceProfile)),
        role.label,
      );
      if (remember) await recentRoles.remember(role);
      return state;
    },
    renewSession: ({ sessionId }) => sessions.renew(sessionId),
    closeSession: async ({ sessionId }) => {
      sessions.close(sessionId);
      pool.dropSession(sessionId);
      return null;
    },
    copySessionExports: async ({ sessionId }) => {
      platform.clipboard.writeText(await sessions.exportsText(sessionId));
      return { copied: true };
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

    uploadPaths: (request) => transfers.enqueueUpload(request),
    downloadObjects: async ({ targetDir, ...request }) =>
      transfers.enqueueDownload({
        ...request,
        targetDir: targetDir ?? settings.get().downloadDir ?? defaultDownloadDir(env),
      }),
    copyAcrossSessions: (request) => transfers.enqueueCopy(request),
    listTransfers: async () => transfers.snapshot(),
    pauseTransfers: async ({ ids }) => {
      transfers.pause(ids);
      return null;
    },
    resumeTransfers: async ({ ids }) => {
      transfers.resume(ids);
      return null;
    },
    cancelTransfers: async ({ ids }) => {
      transfers.cancel(ids);
      return null;
    },
    retryTransfers: async ({ ids }) => {
      transfers.retry(ids);
      return null;
    },
    clearFinishedTransfers: async () => {
      transfers.clearFinished();
      return null;
    },
    resolveConflict: async ({ conflictId, choice, applyToAll }) => {
      transfers.resolveConflict(conflictId, choice, applyToAll);
      return null;
    },

    pickUploadPaths: ({ kind }) => platform.pickUploadPaths(kind),
    pickDirectory: ({ title }) => platform.pickDirectory(title),

    getSettings: async () => settings.get(),
    updateSettings: ({ patch }) => settings.update(patch),
    openExternal: async ({ url }) => {
      await platform.openExternal(url);
      return null;
    },

    listIncompleteUploads: ({ sessionId, bucket }) => incompleteUploads.list(sessionId, bucket),
    abortIncompleteUploads: ({ sessionId, bucket, uploads }) =>
      incompleteUploads.abort(sessionId, bucket, uploads),
    abortIncompleteUploadsOlderThan: ({ sessionId, bucket, days }) =>
      incompleteUploads.abortOlderThan(sessionId, bucket, days),
    incompleteUploadsRule: ({ sessionId, bucket, days }) => lifecycle.snippet(sessionId, bucket, days),
  };

  return {
    handlers,
    hub,
    sessions,
    transfers,
    hasActiveTransfers: () => transfers.hasActive(),
    dispose: async () => {
      profiles.dispose();
      mfa.cancelAll();
      await transfers.dispose();
      sessions.closeAll();
    },
  };
}
