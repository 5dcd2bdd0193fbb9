import { createHash, randomInt, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppFailure } from '../../shared/errors/app-error';

/**
 * The authorization code flow's two local pieces, as the AWS CLI v2 does them: a PKCE pair,
 * and a one-shot HTTP server on 127.0.0.1 that the browser is redirected to with the code.
 */

/** The path the CLI registers (`http://127.0.0.1/oauth/callback`, any port, RFC 8252). */
export const CALLBACK_PATH = '/oauth/callback';
/** What a registration names as its redirect URI: the loopback address without a port. */
export const REGISTERED_REDIRECT_URI = `http://127.0.0.1${CALLBACK_PATH}`;

const VERIFIER_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

export interface Pkce {
  readonly verifier: string;
  /** base64url(SHA-256(verifier)) without padding, for `code_challenge_method=S256`. */
  readonly challenge: string;
}

/** 64 characters from RFC 7636's unreserved set, as the CLI picks them. */
export function createPkce(): Pkce {
  const verifier = Array.from(
    { length: 64 },
    () => VERIFIER_ALPHABET[randomInt(VERIFIER_ALPHABET.length)],
  ).join('');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>/oauth/callback`, for the authorize URL and CreateToken. */
  readonly redirectUri: string;
  /** The state the callback must carry back; a request with any other state is ignored. */
  readonly state: string;
  /** Resolves with the authorization code; rejects when the user denies, on abort, or on timeout. */
  readonly code: Promise<string>;
  close(): void;
}

const page = (title: string, text: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>`;

/**
 * Listens on 127.0.0.1 (never on other interfaces) for the one redirect that carries `state`.
 * Requests with another state are answered and ignored, so a stray or hostile request
 * cannot end the sign-in the user is doing.
 */
export async function startLoopbackRedirect(
  signal: AbortSignal,
  timeoutMs: number,
): Promise<LoopbackRedirect> {
  const state = randomUUID();
  let settle: { resolve: (code: string) => void; reject: (err: Error) => void } | undefined;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Handled by whoever awaits it; this keeps an early rejection from being reported as unhandled.
  code.catch(() => undefined);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, title: string, text: string): void => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page(title, text));
    };
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH || url.searchParams.get('state') !== state) {
      send(404, 'Not found', 'This address only completes a Crossbucket sign-in.');
      return;
    }
    const error = url.searchParams.get('error');
    const received = url.searchParams.get('code');
    if (error || !received) {
      send(200, 'Sign-in not completed', 'Crossbucket was not signed in. You can close this tab.');
      settle?.reject(
        new AppFailure('sso-sign-in-failed', 'The sign-in was not approved in the browser.', {
          details: error ? { error: error.slice(0, 100) } : {},
          hints: ['Start the sign-in again and choose Allow on the page that opens.'],
        }),
      );
      return;
    }
    send(200, 'Signed in', 'Crossbucket is signed in. You can close this tab and return to the app.');
    settle?.resolve(received);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  const close = (): void => {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    server.closeAllConnections();
    server.close();
  };
  const onAbort = (): void => {
    settle?.reject(new AppFailure('cancelled', 'The sign-in was cancelled.'));
    close();
  };
  const timer = setTimeout(() => {
    settle?.reject(
      new AppFailure('sso-sign-in-failed', 'The sign-in page was not completed in time.', {
        hints: ['Start the sign-in again; the page is valid for ten minutes.'],
      }),
    );
    close();
  }, timeoutMs);
  timer.unref();
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  void code.then(close, close);

  return { redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, state, code, close };
}
