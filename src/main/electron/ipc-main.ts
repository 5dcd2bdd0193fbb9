import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { DROP_CHANNEL, requestChannel, requestNames } from '../../shared/ipc/channels';
import type { Dispatch, DropDispatch } from '../ipc/dispatcher';

const untrusted = { ok: false, error: { code: 'unauthorized', message: 'Request from an untrusted frame.' } };

/**
 * The only module that touches ipcMain: one handler per request, plus the drop-only channel
 * the preload sends resolved drop paths on, each behind the sender check.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
  drop: DropDispatch,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const name of requestNames) {
    ipcMain.handle(requestChannel(name), (event, input: unknown) =>
      isTrustedSender(event) ? dispatch(name, input) : untrusted,
    );
  }
  ipcMain.handle(DROP_CHANNEL, (event, input: unknown) => (isTrustedSender(event) ? drop(input) : untrusted));
  return () => {
    for (const name of requestNames) ipcMain.removeHandler(requestChannel(name));
    ipcMain.removeHandler(DROP_CHANNEL);
  };
}
