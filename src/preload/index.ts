import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildApi } from '../shared/ipc/build-api';
import { DROP_CHANNEL, eventChannel, requestChannel } from '../shared/ipc/channels';
import type { DroppedFiles } from '../shared/ipc/contract';
import type { Result } from '../shared/models/errors';

/** The disk path Electron knows for a dropped file; '' for one page script made (or not a File at all). */
const pathOf = (file: File): string => {
  try {
    return webUtils.getPathForFile(file);
  } catch {
    return '';
  }
};

const api = buildApi({
  invoke: (name, input) => ipcRenderer.invoke(requestChannel(name), input) as Promise<Result<unknown>>,
  subscribe: (event, listener) => {
    // The IpcRendererEvent is dropped: it carries `sender`, which must not reach the page.
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(eventChannel(event), wrapped);
    return () => ipcRenderer.removeListener(eventChannel(event), wrapped);
  },
  // Paths are resolved here, outside the page's reach, and only they travel to main, which
  // grants them for upload. The page never gets a method that sends a path string of its own.
  grantDroppedFiles: async (files): Promise<Result<DroppedFiles>> => {
    const paths = files.map(pathOf).filter((path) => path !== '');
    const withoutPath = files.length - paths.length;
    if (paths.length === 0) return { ok: true, value: { paths: [], withoutPath } };
    const granted = (await ipcRenderer.invoke(DROP_CHANNEL, { paths })) as Result<readonly string[]>;
    return granted.ok ? { ok: true, value: { paths: granted.value, withoutPath } } : granted;
  },
});

contextBridge.exposeInMainWorld('crossbucket', api);
