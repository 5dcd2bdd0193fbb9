import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BridgeServer, startBridge, TOKEN_HEADER } from '../../../src/main/bridge/bridge-server';
import { EventHub } from '../../../src/main/events/event-sink';
import { createDispatcher, type Handlers } from '../../../src/main/ipc/dispatcher';
import { isLoopbackAddress } from '../../../src/main/security/loopback';
import { requestNames } from '../../../src/shared/ipc/channels';

let bridge: BridgeServer;
let hub: EventHub;
const calls: string[] = [];
const drops: unknown[] = [];

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>',
  );
  writeFileSync(join(dir, 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'client.js'), 'window.crossbucket = {}');
  const handlers = Object.fromEntries(
    requestNames.map((name) => [
      name,
      async () => {
        calls.push(name);
        return [];
      },
    ]),
  ) as unknown as Handlers;
  hub = new EventHub();
  bridge = await startBridge({
    dispatch: createDispatcher(handlers),
    hub,
    rendererDir: dir,
    clientScript: join(dir, 'client.js'),
    drop: async (input) => {
      drops.push(input);
      return { ok: true, value: [] };
    },
  });
  calls.length = 0;
  drops.length = 0;
});

afterEach(() => bridge.close());

/** Raw HTTP, because fetch() will not let a test forge Host or Origin. */
function raw(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  const url = new URL(path, bridge.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: init.method ?? 'GET',
        headers: init.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const api = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(`/__crossbucket/api/request/${name}`, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: bridge.token, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('loopback bridge', () => {
  it('binds to 127.0.0.1 and hands the token to the page only in the URL fragment', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bridge.url).toBe(`${bridge.origin}/#token=${bridge.token}`);
    expect(bridge.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('runs a request that carries the token', async () => {
    const res = await api('listSessions', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: [] });
    expect(calls).toEqual(['listSessions']);
  });

  it('rejects a request without the token, or with a wrong one', async () => {
    const none = await raw('/__crossbucket/api/request/listSessions', { method: 'POST', body: '{}' });
    const wrong = await api('listSessions', {}, { [TOKEN_HEADER]: 'f'.repeat(64) });
    expect(none.status).toBe(403);
    expect(wrong.status).toBe(403);
    expect(calls).toEqual([]);
  });

  it('rejects a request from a page of another origin even with the token', async () => {
    const res = await api('listSessions', {}, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body).toContain('foreign origin');
    expect(calls).toEqual([]);
  });

  it('rejects a request addressed to another host name (DNS rebinding)', async () => {
    const res = await api('listSessions', {}, { host: 'evil.example' });
    expect(res.status).toBe(403);
    expect(calls).toEqual([]);
  });

  it('accepts only loopback peers', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('192.168.1.20')).toBe(false);
    expect(isLoopbackAddress('10.0.0.1')).toBe(false);
    expect(isLoopbackAddress('::ffff:8.8.8.8')).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });

  it('returns typed validation errors for invalid input and for a body that is not JSON', async () => {
    const invalid = JSON.parse((await api('openSession', { profile: 1, extra: true })).body);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'validation' } });
    const notJson = await raw('/__crossbucket/api/request/openSession', {
      method: 'POST',
      headers: { [TOKEN_HEADER]: bridge.token },
      body: '{nope',
    });
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(calls).toEqual([]);
  });

  it('serves the renderer with the bridge client injected and the CSP header, and nothing outside it', async () => {
    const page = await raw('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/__crossbucket/bridge-client.js"></script>');
    expect((await raw('/app.js')).status).toBe(200);
    expect((await raw('/../../../../etc/passwd')).status).toBe(404);
    expect((await raw('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('answers a path with broken percent-encoding with 400, not a failure', async () => {
    for (const path of ['/%', '/%E0%A4%A', '/assets/%zz.js']) {
      const res = await raw(path);
      expect(res.status, path).toBe(400);
      expect(res.body).toMatch(/percent-encoding/);
    }
  });

  it('takes dropped names on the drop route only with the token', async () => {
    const headers = { 'content-type': 'application/json' };
    const body = JSON.stringify({ paths: ['a.txt'] });
    expect((await raw('/__crossbucket/api/drop', { method: 'POST', headers, body })).status).toBe(403);
    expect(drops).toEqual([]);
    const ok = await raw('/__crossbucket/api/drop', {
      method: 'POST',
      headers: { ...headers, [TOKEN_HEADER]: bridge.token },
      body,
    });
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: [] });
    expect(drops).toEqual([{ paths: ['a.txt'] }]);
  });

  it('streams events to a subscriber that carries the token', async () => {
    const res = await fetch(`${bridge.origin}/__crossbucket/api/events`, {
      headers: { [TOKEN_HEADER]: bridge.token },
    });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read(); // the opening newline: the stream is live
    hub.emit('sessionClosed', { sessionId: 's-1' });
    let text = '';
    while (!text.includes('sessionClosed')) text += (await reader.read()).value ?? '';
    expect(JSON.parse(text.trim())).toEqual({ event: 'sessionClosed', payload: { sessionId: 's-1' } });
    await reader.cancel();
  });

  it('does not stream events without the token', async () => {
    const res = await raw('/__crossbucket/api/events');
    expect(res.status).toBe(403);
  });
});
