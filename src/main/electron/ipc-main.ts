import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { requestChannel, requestNames } from '../../shared/ipc/channels';
import type { Dispatch } from '../ipc/dispatcher';

/** The only module that touches ipcMain: one handler per request, each behind the sender check. */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const name of requestNames) {
    ipcMain.handle(requestChannel(name), (event, input: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'unauthorized', message: 'Request from an untrusted frame.' } };
      }
      return dispatch(name, input);
    });
  }
  return () => {
    for (const name of requestNames) ipcMain.removeHandler(requestChannel(name));
  };
}
