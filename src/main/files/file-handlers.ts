import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Handlers } from '../ipc/dispatcher';
import type { Platform } from '../platform/platform';
import type { Env } from '../profiles/read-config-files';
import type { PathGrants } from '../security/path-grants';
import type { SettingsStore } from '../settings/settings-store';
import type { TransferQueue } from '../transfers/transfer-queue';

type FileRequest = 'pickUploadPaths' | 'pickDirectory' | 'uploadPaths' | 'downloadObjects' | 'updateSettings';

export interface FileHandlersDeps {
  readonly env: Env;
  readonly platform: Platform;
  readonly grants: PathGrants;
  readonly settings: SettingsStore;
  readonly transfers: Pick<TransferQueue, 'enqueueUpload' | 'enqueueDownload'>;
}

const defaultDownloadDir = (env: Env): string => join(env.HOME ?? homedir(), 'Downloads');

/**
 * The requests that name a local path. Main hands paths out (its dialogs) and takes back only
 * those: an upload reads a path the user picked or dropped, a download writes into the
 * download folder of the settings or a folder the user picked, and the download folder itself
 * can be moved only to a picked folder. Whatever else the page names is refused before any
 * file is read or written.
 */
export function fileHandlers({
  env,
  platform,
  grants,
  settings,
  transfers,
}: FileHandlersDeps): Pick<Handlers, FileRequest> {
  const downloadDir = (): string | undefined => settings.get().downloadDir;
  return {
    pickUploadPaths: async ({ kind }) => grants.grant('read', await platform.pickUploadPaths(kind)),
    pickDirectory: async ({ title }) => {
      const picked = await platform.pickDirectory(title);
      return picked === null ? null : ((await grants.grant('write', [picked]))[0] ?? null);
    },
    uploadPaths: async (request) => {
      await grants.require('read', request.paths);
      return transfers.enqueueUpload(request);
    },
    downloadObjects: async ({ targetDir, ...request }) => {
      const current = downloadDir();
      if (targetDir !== undefined) await grants.require('write', [targetDir], current);
      return transfers.enqueueDownload({
        ...request,
        targetDir: targetDir ?? current ?? defaultDownloadDir(env),
      });
    },
    updateSettings: async ({ patch }) => {
      // Saving the dialog sends the folder back unchanged; only a move needs a picked folder.
      if (patch.downloadDir !== undefined && patch.downloadDir !== downloadDir())
        await grants.require('write', [patch.downloadDir]);
      return settings.update(patch);
    },
  };
}
