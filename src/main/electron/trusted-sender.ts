import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { isAppUrl } from '../security/url-policy';

/**
 * A request is trusted only from the main frame of the app's own window showing the app's
 * own page: not from another window, an iframe, or a page that navigated elsewhere.
 */
export function trustedSenderCheck(
  getWindowContents: () => Pick<WebContents, 'id' | 'mainFrame'> | undefined,
  appUrl: string,
): (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>) => boolean {
  return (event) => {
    const contents = getWindowContents();
    const frame = event.senderFrame;
    return (
      contents !== undefined &&
      event.sender.id === contents.id &&
      frame !== null &&
      frame === contents.mainFrame &&
      isAppUrl(frame.url, appUrl)
    );
  };
}
