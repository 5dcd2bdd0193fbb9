/**
 * Stands in for the preload when the renderer runs in an ordinary browser against the
 * loopback bridge (tests, `npm run demo`). It builds the very same API from the contract;
 * only the transport differs.
 */
import { buildApi } from '../shared/ipc/build-api';
import type { EventName } from '../shared/ipc/channels';
import type { Result } from '../shared/models/errors';

const PREFIX = '/__crossbucket/api/';
const TOKEN_HEADER = 'x-crossbucket-token';
const STORAGE_KEY = 'crossbucket.bridgeToken';
const RECONNECT_MS = 1000;

function takeToken(): string {
  const match = /(?:^#|&)token=([0-9a-f]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(STORAGE_KEY, match[1]);
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(STORAGE_KEY) ?? '';
}

const token = takeToken();
const headers = { [TOKEN_HEADER]: token, 'content-type': 'application/json' };
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

async function pumpEvents(): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(`${PREFIX}events`, { headers });
      if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line) {
            const { event, payload } = JSON.parse(line) as { event: EventName; payload: unknown };
            for (const listener of listeners.get(event) ?? []) listener(payload);
          }
          newline = buffer.indexOf('\n');
        }
      }
    } catch {
      // The harness may restart; keep trying quietly.
    }
    await new Promise((r) => setTimeout(r, RECONNECT_MS));
  }
}

void pumpEvents();

async function post<T>(route: string, input: unknown): Promise<Result<T>> {
  try {
    const res = await fetch(`${PREFIX}${route}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(input),
    });
    if (!res.ok) {
      return {
        ok: false,
        error: { code: 'unauthorized', message: `The bridge refused the request (HTTP ${res.status}).` },
      };
    }
    return (await res.json()) as Result<T>;
  } catch {
    return { ok: false, error: { code: 'network', message: 'The Crossbucket bridge is not reachable.' } };
  }
}

const api = buildApi({
  invoke: (name, input) => post(`request/${name}`, input),
  subscribe: (event, listener) => {
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  },
  // A browser page cannot learn where a dropped file lives on disk. The shell may have a folder
  // that stands for the desktop: main looks the dropped names up inside it and grants what it finds.
  grantDroppedFiles: async (files) => {
    const names = files.map((file) => file.webkitRelativePath || file.name).filter((name) => name !== '');
    if (names.length === 0) return { ok: true, value: { paths: [], withoutPath: files.length } };
    const granted = await post<readonly string[]>('drop', { paths: names });
    return granted.ok
      ? { ok: true, value: { paths: granted.value, withoutPath: files.length - granted.value.length } }
      : granted;
  },
});

Object.defineProperty(window, 'crossbucket', { value: api, writable: false, configurable: false });
