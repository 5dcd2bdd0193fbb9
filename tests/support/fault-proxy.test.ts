// The fault proxy itself, against a tiny upstream: each fault does what the scenarios rely on.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, type FaultRule, startFaultProxy } from './fault-proxy';

const BODY = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7) & 0xff));

let upstream: http.Server;
let upstreamUrl: string;
/** SHA-256 of each request body the upstream received in full. */
const received: string[] = [];

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'PUT') {
        received.push(createHash('sha256').update(Buffer.concat(chunks)).digest('hex'));
        res.writeHead(200, { etag: '"x"', 'content-length': 0 }).end();
      } else {
        // A short object, as many of a folder's small files are.
        const body = req.url?.endsWith('/short') ? BODY.subarray(0, 10) : BODY;
        res.writeHead(200, { 'content-length': body.length }).end(body);
      }
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

interface Outcome {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body: Buffer;
  error?: string;
}

/** One request on a fresh connection; never throws, so each test can look at what went wrong. */
function call(
  endpoint: string,
  method = 'GET',
  body?: Buffer,
  idleMs = 10_000,
  key = 'key',
): Promise<Outcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const outcome: Outcome = { body: Buffer.alloc(0) };
    const finish = (error?: string): void => {
      outcome.body = Buffer.concat(chunks);
      if (error) outcome.error = error;
      resolve(outcome);
    };
    const req = http.request(`${endpoint}/bucket/${key}`, { method, agent: false }, (res) => {
      outcome.status = res.statusCode;
      outcome.headers = res.headers;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => finish());
      res.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    });
    req.setTimeout(idleMs, () => req.destroy(Object.assign(new Error('idle'), { code: 'IDLE' })));
    req.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    req.end(body);
  });
}

async function withProxy(rules: readonly FaultRule[], run: (proxy: FaultProxy) => Promise<void>, seed = 7) {
  const proxy = await startFaultProxy({ upstream: upstreamUrl, seed });
  proxy.script(rules);
  try {
    await run(proxy);
  } finally {
    await proxy.close();
  }
}

const all = () => true;

describe('fault proxy', () => {
  it('passes requests through untouched when no rule matches', async () => {
    await withProxy([{ match: (r) => r.method === 'DELETE', fault: { kind: 'truncate' } }], async (proxy) => {
      const got = await call(proxy.endpoint);
      expect(got.status).toBe(200);
      expect(got.body.equals(BODY)).toBe(true);
      const put = await call(proxy.endpoint, 'PUT', BODY);
      expect(put.status).toBe(200);
      expect(received.at(-1)).toBe(createHash('sha256').update(BODY).digest('hex'));
      expect(proxy.stats()).toMatchObject({ requests: 2, injected: [] });
    });
  });

  it('flips exactly one bit of a response body, at a byte the seed chooses the same way every run', async () => {
    const flippedAt = async (seed: number): Promise<number> => {
      let at = -1;
      await withProxy(
        [{ match: all, fault: { kind: 'flip', side: 'response' } }],
        async (proxy) => {
          const got = await call(proxy.endpoint);
          const diffs = [...got.body.keys()].filter((i) => got.body[i] !== BODY[i]);
          expect(diffs).toHaveLength(1);
          at = diffs[0]!;
          expect(got.body[at]! ^ BODY[at]!).toBe(1);
          expect((await call(proxy.endpoint)).body.equals(BODY)).toBe(true);
        },
        seed,
      );
      return at;
    };
    expect(await flippedAt(11)).toBe(await flippedAt(11));
  });

  it('XORs the middle byte of every body with the mask, the same way every time', async () => {
    await withProxy(
      [{ match: all, fault: { kind: 'flip', side: 'response', atByte: 'middle', mask: 0x5a }, times: 10 }],
      async (proxy) => {
        const first = await call(proxy.endpoint);
        const second = await call(proxy.endpoint);
        const middle = BODY.length / 2;
        expect([...first.body.keys()].filter((i) => first.body[i] !== BODY[i])).toEqual([middle]);
        expect(first.body[middle]! ^ BODY[middle]!).toBe(0x5a);
        expect(second.body.equals(first.body)).toBe(true);
      },
    );
  });

  it('answers with another ETag, as a server whose ETags are not MD5s would', async () => {
    await withProxy([{ match: all, fault: { kind: 'etag', value: '"not-an-md5"' } }], async (proxy) => {
      expect((await call(proxy.endpoint, 'PUT', BODY)).headers?.etag).toBe('"not-an-md5"');
      expect((await call(proxy.endpoint, 'PUT', BODY)).headers?.etag).toBe('"x"');
      expect(proxy.stats().byLabel).toEqual({ etag: 1 });
    });
  });

  it('resets a response after N bytes, and cuts one short under its Content-Length', async () => {
    await withProxy(
      [{ match: all, fault: { kind: 'reset', side: 'response', afterBytes: 1000 } }],
      async (proxy) => {
        const reset = await call(proxy.endpoint);
        expect(reset.error).toBe('ECONNRESET');
        expect(reset.body.length).toBeLessThanOrEqual(1000);
        expect((await call(proxy.endpoint)).body.equals(BODY)).toBe(true);
      },
    );
    await withProxy([{ match: all, fault: { kind: 'truncate' }, within: 3, times: 2 }], async (proxy) => {
      const outcomes = [await call(proxy.endpoint), await call(proxy.endpoint), await call(proxy.endpoint)];
      const cut = outcomes.filter((o) => o.error !== undefined);
      expect(cut).toHaveLength(2);
      for (const o of cut) {
        expect(o.headers?.['content-length']).toBe(String(BODY.length));
        expect(o.body.length).toBeLessThan(BODY.length);
      }
      expect(proxy.stats().byLabel).toEqual({ truncate: 2 });
    });
  });

  it('answers a burst of 503 SlowDown with Retry-After, then lets requests through', async () => {
    await withProxy(
      [
        {
          match: all,
          fault: { kind: 'status', status: 503, code: 'SlowDown', retryAfterSeconds: 2 },
          times: 2,
        },
      ],
      async (proxy) => {
        for (let i = 0; i < 2; i++) {
          const got = await call(proxy.endpoint, 'PUT', BODY);
          expect(got.status).toBe(503);
          expect(got.headers?.['retry-after']).toBe('2');
          expect(got.body.toString()).toContain('<Code>SlowDown</Code>');
        }
        const before = received.length;
        expect((await call(proxy.endpoint, 'PUT', BODY)).status).toBe(200);
        // The refused PUTs never reached the server.
        expect(received.length).toBe(before + 1);
      },
    );
  });

  it('resets a request mid-body so the server never receives it whole', async () => {
    await withProxy(
      [{ match: (r) => r.method === 'PUT', fault: { kind: 'reset', side: 'request', afterBytes: 10_000 } }],
      async (proxy) => {
        const before = received.length;
        const got = await call(proxy.endpoint, 'PUT', BODY);
        expect(got.error).toMatch(/ECONNRESET|EPIPE/);
        expect(received.length).toBe(before);
      },
    );
  });

  it('stalls a response until the client gives up, and never past its own close', async () => {
    await withProxy(
      [{ match: all, fault: { kind: 'stall', seconds: 600, afterBytes: 100 } }],
      async (proxy) => {
        const got = await call(proxy.endpoint, 'GET', undefined, 300);
        expect(got.error).toBe('IDLE');
        expect(got.body.length).toBe(100);
        expect(proxy.stats().injected[0]?.detail).toMatch(/600 s after 100/);
      },
    );
    // The close above did not wait ten minutes: the test's own timeout would have failed it.
  });

  it('moves a fault that a body is too short to hold on to the next matching request', async () => {
    await withProxy(
      [{ match: all, fault: { kind: 'stall', seconds: 600, afterBytes: 100 }, times: 1 }],
      async (proxy) => {
        const short = await call(proxy.endpoint, 'GET', undefined, 10_000, 'short');
        expect(short.body.length).toBe(10);
        expect(proxy.stats().injected).toEqual([]);
        const next = await call(proxy.endpoint, 'GET', undefined, 300);
        expect(next.error).toBe('IDLE');
        expect(proxy.stats().injected).toHaveLength(1);
      },
    );
  });

  it('refuses connections for a while, and restarts by dropping every open connection', async () => {
    await withProxy(
      [
        { match: (r) => r.method === 'GET', fault: { kind: 'refuse', forMs: 300 } },
        { match: (r) => r.method === 'PUT', fault: { kind: 'restart', downMs: 300 } },
      ],
      async (proxy) => {
        const first = await call(proxy.endpoint);
        expect(first.error).toBe('ECONNRESET');
        const during = await call(proxy.endpoint);
        // Either still down (refused) or already back (served whole): never anything in between.
        expect(during.error === 'ECONNREFUSED' || during.body.equals(BODY)).toBe(true);
        let after = await call(proxy.endpoint);
        for (let i = 0; after.error === 'ECONNREFUSED' && i < 50; i++) {
          await new Promise((r) => setTimeout(r, 100));
          after = await call(proxy.endpoint);
        }
        expect(after.body.equals(BODY)).toBe(true);
        expect((await call(proxy.endpoint, 'PUT', BODY)).error).toBe('ECONNRESET');
        expect(proxy.stats().byLabel).toEqual({ refuse: 1, restart: 1 });
      },
    );
  });

  it('counts the body bytes each way, the requests in flight, and releases a stall on demand', async () => {
    await withProxy(
      [{ match: (r) => r.method === 'PUT', fault: { kind: 'stall', seconds: 600 } }],
      async (proxy) => {
        const put = call(proxy.endpoint, 'PUT', BODY);
        const isPut = (r: { method: string }) => r.method === 'PUT';
        await new Promise<void>((resolve) => {
          const poll = (): void => void (proxy.count(isPut) > 0 ? resolve() : setTimeout(poll, 5));
          poll();
        });
        expect(proxy.inFlight(isPut)).toBe(1);
        proxy.release();
        expect((await put).status).toBe(200);
        expect(received.at(-1)).toBe(createHash('sha256').update(BODY).digest('hex'));
        expect((await call(proxy.endpoint)).body.length).toBe(BODY.length);
        expect(proxy.inFlight(all)).toBe(0);
        expect(proxy.bytes(isPut)).toEqual({ sent: BODY.length, received: 0 });
        expect(proxy.bytes((r) => r.method === 'GET')).toEqual({ sent: 0, received: BODY.length });
      },
    );
  });
});
