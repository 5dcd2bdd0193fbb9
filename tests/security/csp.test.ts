import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBridge } from '../../src/main/bridge/bridge-server';
import { EventHub } from '../../src/main/events/event-sink';
import { createDispatcher, type Handlers } from '../../src/main/ipc/dispatcher';
import {
  CONTENT_SECURITY_POLICY,
  DESKTOP_CONTENT_SECURITY_POLICY,
  HEADER_ONLY_DIRECTIVES,
} from '../../src/main/security/content-security-policy';

const ROOT = resolve(import.meta.dirname, '../..');

/** Directive name → its value, as a browser splits a policy. */
function directives(policy: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values.join(' '));
  }
  return map;
}

function metaPolicy(): string {
  const html = readFileSync(join(ROOT, 'src/renderer/index.html'), 'utf8');
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  if (!match?.[1]) throw new Error('index.html has no CSP meta tag');
  return match[1];
}

describe('Content-Security-Policy', () => {
  const header = directives(CONTENT_SECURITY_POLICY);
  const meta = directives(metaPolicy());

  it('the header and the meta tag of index.html agree on every directive a meta tag can carry', () => {
    const headerForMeta = new Map([...header].filter(([name]) => !HEADER_ONLY_DIRECTIVES.includes(name)));
    expect(Object.fromEntries(meta)).toEqual(Object.fromEntries(headerForMeta));
  });

  it("the desktop app's header is the same policy, framing forbidden, without the sandbox", () => {
    const desktop = directives(DESKTOP_CONTENT_SECURITY_POLICY);
    const desktopForMeta = new Map([...desktop].filter(([name]) => !HEADER_ONLY_DIRECTIVES.includes(name)));
    expect(Object.fromEntries(desktopForMeta)).toEqual(Object.fromEntries(meta));
    expect(desktop.get('frame-ancestors')).toBe("'none'");
    // Main refuses every new window in the desktop app (guards.ts); the sandbox is the browser shell's stand-in.
    expect(desktop.has('sandbox')).toBe(false);
  });

  it('the meta tag holds no directive a browser would ignore there', () => {
    for (const name of HEADER_ONLY_DIRECTIVES) expect(meta.has(name)).toBe(false);
  });

  it('the header sandboxes the page without popups and forbids framing', () => {
    expect(header.get('sandbox')?.split(' ').sort()).toEqual(
      ['allow-downloads', 'allow-forms', 'allow-modals', 'allow-same-origin', 'allow-scripts'].sort(),
    );
    expect(header.get('frame-ancestors')).toBe("'none'");
  });

  it('allows no inline or evaluated script and no connection but to its own origin', () => {
    expect(header.get('default-src')).toBe("'none'");
    expect(header.get('script-src')).toBe("'self'");
    expect(header.get('connect-src')).toBe("'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('allows blob: URLs for images only (the preview), and nowhere that could run or frame them', () => {
    expect(header.get('img-src')?.split(' ')).toContain('blob:');
    for (const [name, value] of header) {
      if (name !== 'img-src') expect(value.split(' '), name).not.toContain('blob:');
    }
    // default-src 'none' is what keeps blob: out of frames, objects and media.
    expect(header.get('default-src')).toBe("'none'");
    for (const name of ['frame-src', 'child-src', 'object-src', 'worker-src', 'media-src']) {
      expect(header.has(name), name).toBe(false);
    }
  });

  it('is the header the bridge sends with the page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossbucket-csp-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    writeFileSync(join(dir, 'client.js'), '');
    const bridge = await startBridge({
      dispatch: createDispatcher({} as Handlers),
      hub: new EventHub(),
      rendererDir: dir,
      clientScript: join(dir, 'client.js'),
      drop: async () => ({ ok: true, value: [] }),
    });
    try {
      const res = await fetch(`${bridge.origin}/`);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    } finally {
      await bridge.close();
    }
  });
});
