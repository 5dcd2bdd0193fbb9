import { resolve } from 'node:path';
import type { App } from 'electron';
import { LINK_SCHEME, linkInArgs } from '../../shared/links/crossbucket-link';

/**
 * Registers Crossbucket as the OS handler of crossbucket:// links and hands every link the OS
 * delivers to `receive`: in the arguments of the first start and of a second instance
 * (Windows, Linux), or as macOS's open-url event, which can fire before the app is ready, so
 * links are held until the services exist.
 */
export function startLinkHandoff(
  app: Pick<App, 'on' | 'setAsDefaultProtocolClient'>,
  argv: readonly string[],
) {
  // Started as `electron path/to/main.js` in development: the OS must start it the same way.
  if (process.defaultApp && argv[1]) {
    app.setAsDefaultProtocolClient(LINK_SCHEME, process.execPath, [resolve(argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(LINK_SCHEME);
  }
  let receive: ((url: string) => void) | undefined;
  const early: string[] = [];
  const deliver = (url: string | undefined): void => {
    if (url === undefined) return;
    if (receive) receive(url);
    else early.push(url);
  };
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deliver(url);
  });
  deliver(linkInArgs(argv));
  return {
    /** From a second instance's command line. */
    fromArgs: (args: readonly string[]): void => deliver(linkInArgs(args)),
    /** Where links go once the services exist; the ones that came early go first. */
    connect: (to: (url: string) => void): void => {
      receive = to;
      for (const url of early.splice(0)) to(url);
    },
  };
}
