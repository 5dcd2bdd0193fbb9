// A scripted, fault-injecting HTTP proxy between the transfer engine and an S3 server (moto here,
// MinIO in the bench). Each test scripts which requests meet which fault: a connection reset after N
// bytes of a request or response body, a stall, a response cut short under its Content-Length, a
// burst of 500 / 503 SlowDown (with or without Retry-After), a flipped byte, refused connections, a
// server restart. Which of the matching requests are hit, and at which byte, comes from a seed, so a
// failure replays; every delay ends when the proxy closes. It listens on loopback and forwards only to
// loopback. The product talks to it like to any custom endpoint_url: it has no test path.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxyRequest {
  readonly method: string;
  /** Decoded path, e.g. `/bucket/some key`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  /** The server's status, once its answer was passed on to the client (not when a fault replaced it). */
  status?: number;
  /**
   * The client went away before the server's answer reached it (its own timeout or abort, or a
   * fault): the server may still have acted on a request whose whole body it received.
   */
  abandoned?: boolean;
}

export type Fault =
  /** Reset the connection (TCP RST) after `afterBytes` of the request or response body. */
  | { readonly kind: 'reset'; readonly side: 'request' | 'response'; readonly afterBytes?: number }
  /** Send nothing for `seconds`: before the response starts, or after `afterBytes` of its body. */
  | { readonly kind: 'stall'; readonly seconds: number; readonly afterBytes?: number }
  /** End the connection cleanly after `afterBytes` of the body, although Content-Length promised more. */
  | { readonly kind: 'truncate'; readonly afterBytes?: number }
  /** Answer with an S3 error instead of forwarding (404 NoSuchUpload: an upload S3 has forgotten). */
  | {
      readonly kind: 'status';
      readonly status: 404 | 500 | 503;
      readonly code: 'InternalError' | 'SlowDown' | 'ServiceUnavailable' | 'NoSuchUpload';
      readonly retryAfterSeconds?: number;
    }
  /**
   * XOR the byte at `atByte` of the request or response body with `mask` (default 0x01: one bit).
   * `'middle'` strikes the middle byte of each body, so the same fault on the same body corrupts it
   * the same way every time, as a broken middlebox would.
   */
  | {
      readonly kind: 'flip';
      readonly side: 'request' | 'response';
      readonly atByte?: number | 'middle';
      readonly mask?: number;
    }
  /** Answer with this ETag instead of the server's, as S3-compatible servers whose ETag is no MD5 do. */
  | { readonly kind: 'etag'; readonly value: string }
  /** Stop listening for `forMs` (new connections are refused); the hit request's connection is reset. */
  | { readonly kind: 'refuse'; readonly forMs: number }
  /** Reset every open connection and refuse new ones for `downMs`, as a server restarting does. */
  | { readonly kind: 'restart'; readonly downMs: number };

export type FaultKind = Fault['kind'];

export interface FaultRule {
  /** Names the rule in the proxy's figures; defaults to the fault's kind. */
  readonly label?: string;
  readonly match: (req: ProxyRequest) => boolean;
  readonly fault: Fault;
  /** How many matching requests are hit (default 1). */
  readonly times?: number;
  /**
   * Hit `times` requests chosen by the seed among the first `within` matching ones; without it the
   * first `times` matching requests are hit.
   */
  readonly within?: number;
}

export interface InjectedFault {
  readonly label: string;
  readonly kind: FaultKind;
  readonly method: string;
  readonly path: string;
  /** Where in the body it struck, or how long it lasted. */
  readonly detail: string;
}

export interface ProxyStats {
  readonly requests: number;
  readonly injected: readonly InjectedFault[];
  /** Injected faults by rule label. */
  readonly byLabel: Readonly<Record<string, number>>;
}

export interface FaultProxy {
  /** Where the engine sends its requests. */
  readonly endpoint: string;
  /** Replaces the script; match counts start again, figures are kept. */
  script(rules: readonly FaultRule[]): void;
  /** Forgets the figures (requests seen, faults injected). */
  resetStats(): void;
  stats(): ProxyStats;
  /** How many requests since the last resetStats matched `match` (a resumed transfer sends only what is missing). */
  count(match: (req: ProxyRequest) => boolean): number;
  /**
   * Body bytes of the requests since the last resetStats that matched `match`: `sent` went to the
   * server (uploads), `received` came back from it (downloads). What a transfer put on the wire.
   */
  bytes(match: (req: ProxyRequest) => boolean): { readonly sent: number; readonly received: number };
  /** Requests that matched `match` and are not answered in full yet (parts or ranges in flight). */
  inFlight(match: (req: ProxyRequest) => boolean): number;
  /**
   * Ends the stalls under way of the requests that match (all without `match`): they go on as if
   * they had never been held. Stalls that begin later are not affected.
   */
  release(match?: (req: ProxyRequest) => boolean): void;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  /** The S3 server, e.g. moto's `http://127.0.0.1:PORT`. Must be on loopback. */
  readonly upstream: string;
  readonly seed: number;
}

/** mulberry32: small, fast and good enough to spread faults; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'expect', 'upgrade']);

interface ArmedRule {
  readonly rule: FaultRule;
  readonly label: string;
  /** Which matching requests (0-based, in arrival order) the fault strikes. */
  readonly hits: Set<number>;
  seen: number;
}

/** Until `stream` takes more or closes; its listeners go either way (a 1 GiB body waits thousands of times). */
const drained = (stream: NodeJS.EventEmitter): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });

/** Length of the body a request carries: aws-chunked bodies say their decoded length separately. */
const declaredLength = (headers: http.IncomingHttpHeaders): number =>
  Number(headers['x-amz-decoded-content-length'] ?? headers['content-length'] ?? 0) || 0;

const s3Error = (code: string, status: number): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${
    status === 503
      ? 'Please reduce your request rate.'
      : status === 404
        ? 'The specified upload does not exist.'
        : 'We encountered an internal error. Please try again.'
  }</Message><RequestId>${randomUUID()}</RequestId></Error>`;

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  if (!LOOPBACK.has(upstream.hostname))
    throw new Error(`fault-proxy forwards to loopback only, not ${upstream}`);
  const random = seededRandom(options.seed);
  const agent = new http.Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const lifetime = new AbortController();
  let armed: ArmedRule[] = [];
  let requests = 0;
  let seen: ProxyRequest[] = [];
  /** Body bytes each seen request moved, and whether its answer has been relayed in full. */
  const traffic = new WeakMap<ProxyRequest, { sent: number; received: number; finished: boolean }>();
  /** Stalls under way, by the request they hold: ending one lets its request go on. */
  const stalled = new Map<() => void, ProxyRequest>();
  let injected: InjectedFault[] = [];
  let server: http.Server | undefined;
  let port = 0;
  let closed = false;

  /** Waits `ms`, or less when the proxy closes: every fault is bounded in time. */
  const pause = (ms: number, request?: ProxyRequest): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        lifetime.signal.removeEventListener('abort', done);
        stalled.delete(done);
        resolve();
      }
      lifetime.signal.addEventListener('abort', done, { once: true });
      if (request) stalled.set(done, request);
    });

  const pick = (length: number, given: number | 'middle' | undefined): number =>
    given === 'middle' ? Math.floor(length / 2) : (given ?? (length > 0 ? Math.floor(random() * length) : 0));

  const record = (rule: ArmedRule, req: ProxyRequest, detail: string): void => {
    injected.push({
      label: rule.label,
      kind: rule.rule.fault.kind,
      method: req.method,
      path: req.path,
      detail,
    });
  };

  const decide = (req: ProxyRequest): ArmedRule | undefined => {
    let chosen: ArmedRule | undefined;
    for (const rule of armed) {
      if (!rule.rule.match(req)) continue;
      const index = rule.seen++;
      if (!chosen && rule.hits.has(index)) chosen = rule;
    }
    return chosen;
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const next = http.createServer((req, res) => {
        handle(req, res).catch(() => res.socket?.destroy());
      });
      next.keepAliveTimeout = 30_000;
      next.on('connection', (socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        server = next;
        port = (next.address() as AddressInfo).port;
        resolve();
      });
    });

  /** Refuses connections for `ms`; with `dropAll` every open connection is reset first. */
  const goDown = async (ms: number, dropAll: boolean, except?: Socket): Promise<void> => {
    const current = server;
    server = undefined;
    current?.close();
    if (dropAll) for (const socket of sockets) if (socket !== except) socket.resetAndDestroy();
    await pause(ms);
    if (!closed) await listen();
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    requests++;
    const url = new URL(req.url ?? '/', 'http://proxy');
    // A client that believes it talks to AWS addresses the bucket in the host (virtual-hosted
    // style, `bucket.s3.amazonaws.com`): matched as the path-style `/bucket/key` it stands for.
    const bucketHost = /^([^.]+)\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com(:\d+)?$/.exec(
      req.headers.host ?? '',
    )?.[1];
    const request: ProxyRequest = {
      method: req.method ?? 'GET',
      path: `${bucketHost ? `/${bucketHost}` : ''}${decodeURIComponent(url.pathname)}`,
      query: url.searchParams,
      headers: req.headers,
    };
    seen.push(request);
    const moved = { sent: 0, received: 0, finished: false };
    traffic.set(request, moved);
    res.once('close', () => {
      moved.finished = true;
    });
    const rule = decide(request);
    const fault = rule?.rule.fault;
    const socket = req.socket;

    if (rule && fault?.kind === 'status') {
      req.resume();
      await once(req, 'end').catch(() => undefined);
      record(
        rule,
        request,
        `${fault.status} ${fault.code}${fault.retryAfterSeconds === undefined ? '' : ` Retry-After ${fault.retryAfterSeconds}`}`,
      );
      const body = request.method === 'HEAD' ? '' : s3Error(fault.code, fault.status);
      res.writeHead(fault.status, {
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(body),
        ...(fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) }),
      });
      res.end(body);
      return;
    }
    if (rule && (fault?.kind === 'refuse' || fault?.kind === 'restart')) {
      const ms = fault.kind === 'refuse' ? fault.forMs : fault.downMs;
      record(rule, request, `${fault.kind} for ${ms} ms`);
      socket.resetAndDestroy();
      await goDown(ms, fault.kind === 'restart', socket);
      return;
    }
    if (rule && fault?.kind === 'stall' && fault.afterBytes === undefined) {
      record(rule, request, `${fault.seconds} s before the response`);
      await pause(fault.seconds * 1000, request);
      if (socket.destroyed) return;
    }

    // Request body: forwarded chunk by chunk, so a reset or a flip can strike at a chosen byte.
    const requestLength = declaredLength(req.headers);
    const requestFault = fault?.kind === 'reset' && fault.side === 'request' ? fault : undefined;
    const requestFlip = fault?.kind === 'flip' && fault.side === 'request' ? fault : undefined;
    // A reset of a request never lets it complete upstream: at most all but its last byte goes through.
    const cutRequestAt = requestFault
      ? Math.min(pick(requestLength, requestFault.afterBytes), Math.max(0, requestLength - 1))
      : undefined;
    const flipRequestAt =
      requestFlip && requestLength > 0 ? pick(requestLength, requestFlip.atByte) : undefined;
    if (rule && cutRequestAt === 0) {
      record(rule, request, 'reset before the request body');
      socket.resetAndDestroy();
      return;
    }

    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
    );
    const out = http.request({
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: {
        ...headers,
        ...(req.headers['transfer-encoding'] ? { 'transfer-encoding': 'chunked' } : {}),
      },
      agent,
    });
    const answer = new Promise<http.IncomingMessage>((resolve, reject) => {
      out.once('response', resolve);
      out.once('error', reject);
    });
    // An early return (a reset request) leaves this unawaited; its failure is the point, not news.
    answer.catch(() => undefined);
    // A keep-alive socket carries many requests: each one's listener goes once it is answered.
    const dropUpstream = (): void => {
      if (request.status === undefined) request.abandoned = true;
      out.destroy();
    };
    socket.once('close', dropUpstream);
    res.once('close', () => socket.removeListener('close', dropUpstream));

    let sent = 0;
    for await (const raw of req as AsyncIterable<Buffer>) {
      let chunk = raw;
      if (
        rule &&
        flipRequestAt !== undefined &&
        flipRequestAt >= sent &&
        flipRequestAt < sent + chunk.length
      ) {
        chunk = Buffer.from(chunk);
        chunk[flipRequestAt - sent]! ^= requestFlip?.mask ?? 0x01;
        record(rule, request, `request byte ${flipRequestAt} flipped`);
      }
      if (rule && cutRequestAt !== undefined && sent + chunk.length > cutRequestAt) {
        out.write(chunk.subarray(0, cutRequestAt - sent));
        record(rule, request, `reset after ${cutRequestAt} of ${requestLength} request bytes`);
        socket.resetAndDestroy();
        out.destroy();
        return;
      }
      sent += chunk.length;
      moved.sent += chunk.length;
      if (!out.write(chunk)) await drained(out);
    }
    out.end();

    let upstreamResponse: http.IncomingMessage;
    try {
      upstreamResponse = await answer;
    } catch {
      if (!res.headersSent) res.writeHead(502).end();
      return;
    }
    await relay(rule, request, upstreamResponse, res);
  };

  const relay = async (
    rule: ArmedRule | undefined,
    request: ProxyRequest,
    answer: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> => {
    const fault = rule?.rule.fault;
    const length = Number(answer.headers['content-length'] ?? 0) || 0;
    const responseHeaders = Object.fromEntries(
      Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
    );
    if (rule && fault?.kind === 'etag' && responseHeaders.etag !== undefined) {
      record(rule, request, `ETag ${responseHeaders.etag} answered as ${fault.value}`);
      responseHeaders.etag = fault.value;
    }
    // Each response fault strikes at one byte of the body; a body too short to hold it passes unharmed,
    // except a reset, which then loses the whole answer (the server acted, the client never hears).
    if (rule && fault?.kind === 'reset' && fault.side === 'response' && length === 0) {
      record(rule, request, `reset instead of the ${answer.statusCode} answer`);
      answer.destroy();
      res.socket?.resetAndDestroy();
      return;
    }
    res.writeHead(answer.statusCode ?? 502, responseHeaders);
    request.status = answer.statusCode;
    const at =
      fault?.kind === 'reset' && fault.side === 'response'
        ? pick(length, fault.afterBytes)
        : fault?.kind === 'truncate'
          ? pick(length, fault.afterBytes)
          : fault?.kind === 'flip' && fault.side === 'response'
            ? pick(length, fault.atByte)
            : fault?.kind === 'stall' && fault.afterBytes !== undefined
              ? fault.afterBytes
              : undefined;
    const active = rule && at !== undefined && at < length ? rule : undefined;
    // A body too short to hold the fault (an empty object, a 1 KiB one under a stall after 2 KiB)
    // passes unharmed, and the fault moves on to the next matching request: which request comes
    // first varies with concurrency, and a scenario must inject what it promises.
    if (rule && at !== undefined && !active) rule.hits.add(rule.seen);
    const socket = res.socket;
    let passed = 0;
    for await (const raw of answer as AsyncIterable<Buffer>) {
      let chunk = raw;
      const start = passed;
      passed += chunk.length;
      if (active && at !== undefined && at >= start && at < passed) {
        const offset = at - start;
        if (fault?.kind === 'flip') {
          chunk = Buffer.from(chunk);
          chunk[offset]! ^= fault.mask ?? 0x01;
          record(active, request, `response byte ${at} of ${length} flipped`);
        } else if (fault?.kind === 'stall') {
          res.write(chunk.subarray(0, offset));
          record(active, request, `${fault.seconds} s after ${at} of ${length} response bytes`);
          await pause(fault.seconds * 1000, request);
          if (res.destroyed || !socket || socket.destroyed) {
            answer.destroy();
            return;
          }
          chunk = chunk.subarray(offset);
        } else if (fault?.kind === 'reset' || fault?.kind === 'truncate') {
          const cutHow = fault.kind === 'reset' ? 'reset' : 'cut short';
          record(active, request, `${cutHow} after ${at} of ${length} response bytes`);
          answer.destroy();
          await new Promise<void>((resolve) => res.write(chunk.subarray(0, offset), () => resolve()));
          if (fault.kind === 'reset') socket?.resetAndDestroy();
          else socket?.destroySoon();
          return;
        }
      }
      if (res.destroyed) {
        answer.destroy();
        return;
      }
      const moved = traffic.get(request);
      if (moved) moved.received += chunk.length;
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  };

  await listen();

  return {
    endpoint: `http://127.0.0.1:${port}`,
    script(rules) {
      armed = rules.map((rule) => {
        const times = rule.times ?? 1;
        const hits = new Set<number>();
        if (rule.within === undefined) for (let i = 0; i < times; i++) hits.add(i);
        else {
          if (times > rule.within) throw new Error('fault-proxy: times must not exceed within');
          while (hits.size < times) hits.add(Math.floor(random() * rule.within));
        }
        return { rule, label: rule.label ?? rule.fault.kind, hits, seen: 0 };
      });
    },
    resetStats() {
      requests = 0;
      seen = [];
      injected = [];
    },
    count(match) {
      return seen.filter(match).length;
    },
    bytes(match) {
      let sent = 0;
      let received = 0;
      for (const request of seen.filter(match)) {
        sent += traffic.get(request)?.sent ?? 0;
        received += traffic.get(request)?.received ?? 0;
      }
      return { sent, received };
    },
    inFlight(match) {
      return seen.filter((r) => match(r) && traffic.get(r)?.finished === false).length;
    },
    release(match = () => true) {
      for (const [end, request] of [...stalled]) if (match(request)) end();
    },
    stats() {
      const byLabel: Record<string, number> = {};
      for (const fault of injected) byLabel[fault.label] = (byLabel[fault.label] ?? 0) + 1;
      return { requests, injected: [...injected], byLabel };
    },
    async close() {
      closed = true;
      lifetime.abort();
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      const current = server;
      server = undefined;
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };
}
