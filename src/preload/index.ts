import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildApi } from '../shared/ipc/build-api';
import { eventChannel, requestChannel } from '../shared/ipc/channels';
import type { Result } from '../shared/models/errors';

const api = buildApi({
  invoke: (name, input) => ipcRenderer.invoke(requestChannel(name), input) as Promise<Result<unknown>>,
  subscribe: (event, listener) => {
    // The IpcRendererEvent is dropped: it carries `sender`, which must not reach the page.
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(eventChannel(event), wrapped);
    return () => ipcRenderer.removeListener(eventChannel(event), wrapped);
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
});

contextBridge.exposeInMainWorld('crossbucket', api);
