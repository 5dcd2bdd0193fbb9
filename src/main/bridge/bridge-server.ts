import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import type { EventName } from '../../shared/ipc/channels';
import type { EventPayloads } from '../../shared/ipc/contract';
import type { EventHub, EventSink } from '../events/event-sink';
import type { Dispatch, DropDispatch } from '../ipc/dispatcher';
import { CONTENT_SECURITY_POLICY } from '../security/content-security-policy';
import { isLoopbackAddress } from '../security/loopback';
import { CONTENT_TYPES } from '../security/renderer-protocol';

/**
 * The loopback bridge: serves the renderer to an ordinary browser and carries the same IPC
 * contract over HTTP, so the real main-process services can be driven from Chromium where
 * the Electron binary is missing, and so `npm run demo` works in a browser.
 *
 * Who may call it: only this machine (bound to 127.0.0.1, remote address checked), only a
 * page of its own origin (Origin and Host checked, which also defeats DNS rebinding), and
 * only with the per-run token that is handed to the page in the URL fragment.
 */
export interface BridgeOptions {
  readonly dispatch: Dispatch;
  readonly hub: EventHub;
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /** The built bridge client script that stands in for the preload. */
  readonly clientScript: string;
  /**
   * The drop-only route: the names of a drop's files, which the shell resolves inside the
   * folder that stands for the desktop and grants for upload.
   */
  readonly drop: DropDispatch;
  readonly port?: number;
  /**
   * When `port` is taken: try the next few, then any free one (the user's browser shell, whose
   * page keeps its layout per origin), instead of failing (tests that asked for that port).
   */
  readonly movePortIfTaken?: boolean;
  readonly token?: string;
}

export interface BridgeServer {
  readonly origin: string;
  readonly port: number;
  /** Open this in a browser: the token travels in the fragment, which is never sent to a server. */
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-crossbucket-token';
export const BRIDGE_PREFIX = '/__crossbucket/';
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const KEEPALIVE_MS = 15_000;

const securityHeaders = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-resource-policy': 'same-origin',
};

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { ...securityHeaders, 'content-type': type });
  res.end(body);
}

const sameToken = (given: string | undefined, token: string): boolean => {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** How many ports after a taken one are tried before the OS picks any free one. */
const NEXT_PORTS = 9;

const listenOnce = (server: Server, port: number): Promise<void> =>
  new Promise<void>((done, failed) => {
    const fail = (err: Error): void => failed(err);
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });

async function listenOnLoopback(server: Server, port: number, moveIfTaken: boolean): Promise<void> {
  const candidates =
    port === 0 || !moveIfTaken
      ? [port]
      : [...Array.from({ length: NEXT_PORTS + 1 }, (_, i) => port + i).filter((p) => p <= 65535), 0];
  for (const [i, candidate] of candidates.entries()) {
    try {
      return await listenOnce(server, candidate);
    } catch (err) {
      const taken = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!taken || i === candidates.length - 1) throw err;
    }
  }
}

export async function startBridge(options: BridgeOptions): Promise<BridgeServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const rendererDir = resolve(options.rendererDir);
  const indexHtml = (await readFile(resolve(rendererDir, 'index.html'), 'utf8')).replace(
    '<head>',
    `<head><script src="${BRIDGE_PREFIX}bridge-client.js"></script>`,
  );
  let origin = '';

  /** Rejects anything not from this machine's own page; returns the reason, or undefined. */
  const refuse = (req: IncomingMessage, needsToken: boolean): string | undefined => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) return 'not loopback';
    if (req.headers.host !== new URL(origin).host) return 'wrong host';
    const from = req.headers.origin;
    if (from !== undefined && from !== origin) return 'foreign origin';
    if (needsToken && !sameToken(req.headers[TOKEN_HEADER] as string | undefined, token)) return 'bad token';
    return undefined;
  };

  const serveStatic = async (res: ServerResponse, pathname: string): Promise<void> => {
    if (pathname === '/' || pathname === '/index.html')
      return send(res, 200, indexHtml, CONTENT_TYPES['.html']);
    if (pathname === `${BRIDGE_PREFIX}bridge-client.js`) {
      return send(res, 200, await readFile(options.clientScript, 'utf8'), CONTENT_TYPES['.js']);
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, 'bad request: malformed percent-encoding', 'text/plain');
    }
    const file = resolve(rendererDir, `.${decoded}`);
    if (!file.startsWith(rendererDir + sep)) return send(res, 404, 'not found', 'text/plain');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return send(res, 404, 'not found', 'text/plain');
    res.writeHead(200, {
      ...securityHeaders,
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    });
    createReadStream(file).pipe(res);
  };

  const streamEvents = (req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { ...securityHeaders, 'content-type': 'application/x-ndjson' });
    res.write('\n');
    const sink: EventSink = {
      emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
        res.write(`${JSON.stringify({ event, payload })}\n`);
      },
    };
    const remove = options.hub.add(sink);
    const keepalive = setInterval(() => res.write('\n'), KEEPALIVE_MS);
    req.on('close', () => {
      clearInterval(keepalive);
      remove();
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://bridge.invalid');
    const isApi = url.pathname.startsWith(`${BRIDGE_PREFIX}api/`);
    const reason = refuse(req, isApi);
    if (reason) return send(res, 403, JSON.stringify({ error: `Forbidden: ${reason}` }));

    if (!isApi) {
      if (req.method !== 'GET') return send(res, 405, 'method not allowed', 'text/plain');
      return serveStatic(res, url.pathname);
    }
    const route = url.pathname.slice(`${BRIDGE_PREFIX}api/`.length);
    if (route === 'events' && req.method === 'GET') return streamEvents(req, res);
    if ((route === 'drop' || route.startsWith('request/')) && req.method === 'POST') {
      const body = await readBody(req);
      if (body === undefined) return send(res, 413, JSON.stringify({ error: 'Request too large' }));
      let input: unknown;
      try {
        input = body === '' ? {} : JSON.parse(body);
      } catch {
        return send(
          res,
          200,
          JSON.stringify({
            ok: false,
            error: { code: 'validation', message: 'The request body is not JSON.' },
          }),
        );
      }
      const result =
        route === 'drop'
          ? await options.drop(input)
          : await options.dispatch(route.slice('request/'.length), input);
      return send(res, 200, JSON.stringify(result));
    }
    return send(res, 404, JSON.stringify({ error: 'Not found' }));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'Bridge failure' }));
      else res.destroy();
    });
  });
  await listenOnLoopback(server, options.port ?? 0, options.movePortIfTaken === true);
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    url: `${origin}/#token=${token}`,
    token,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
