import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm start` and `npm run dev` as a user runs them, through npm and package.json, with
 * Electron's binary made absent (an empty ELECTRON_OVERRIDE_DIST_PATH: on a machine that has
 * the binary, too) or replaced by a recording stand-in that electron-vite starts instead.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version;

function npm(args: readonly string[], env: Record<string, string>) {
  const { ELECTRON_EXEC_PATH: _named, ELECTRON_OVERRIDE_DIST_PATH: _override, ...inherited } = process.env;
  return spawnSync('npm', ['--silent', ...args], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const emptyDir = (): string => mkdtempSync(join(tmpdir(), 'crossbucket-no-electron-'));

describe.each([
  { args: ['start'], command: 'npm start' },
  { args: ['run', 'dev'], command: 'npm run dev' },
])('$command without Electrons binary', ({ args, command }) => {
  const run = () => npm(args, { ELECTRON_OVERRIDE_DIST_PATH: emptyDir() });

  it('exits 1 with what is missing, why, how to download it and the browser shell, and no stack', () => {
    const { status, stderr, stdout } = run();
    expect(status).toBe(1);
    expect(stderr).toContain("Crossbucket cannot open: Electron's binary is missing.");
    expect(stderr).toContain(`${command} runs Crossbucket in Electron`);
    expect(stderr).toContain('behind a\ncorporate proxy and on an offline or internal npm mirror');
    expect(stderr).toContain(
      `Electron ${ELECTRON_VERSION}: electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`,
    );
    expect(stderr).toContain('\n  node node_modules/electron/install.js\n');
    for (const setting of [
      'ELECTRON_GET_USE_PROXY=1',
      'HTTPS_PROXY',
      'ELECTRON_MIRROR=',
      'ELECTRON_CUSTOM_DIR',
      'ELECTRON_CUSTOM_FILENAME',
      'electron_config_cache=',
      'ELECTRON_SKIP_BINARY_DOWNLOAD must be unset',
    ])
      expect(stderr).toContain(setting);
    expect(stderr).toContain('\n  npm run start:browser\n');
    // No stack trace, and not electron-vite's own failure: it was never started.
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('Electron uninstall');
    expect(stdout).toBe('');
  });

  it('says on its second line why the binary was not found', () => {
    // Without path.txt (never downloaded), or with it: the binary under the empty dist folder.
    expect(run().stderr.split('\n')[1]).toMatch(/^ {2}(its binary was never downloaded|\/.+ does not exist)/);
  });
});

describe('npm start with a binary', () => {
  it('runs electron-vite preview, which starts that binary on the built app, and passes on its exit status', () => {
    if (!existsSync(join(ROOT, 'out/main/index.js')))
      throw new Error('out/main/index.js is missing: run `npm run build` first (npm test does).');
    const dir = emptyDir();
    const record = join(dir, 'electron-args.txt');
    const binary = join(dir, 'electron');
    // A stand-in for Electron that writes down how it was started and exits 3.
    writeFileSync(binary, `#!/bin/sh\nprintf '%s\\n' "$PWD" "$@" > '${record}'\nexit 3\n`);
    chmodSync(binary, 0o755);
    const { status, stderr } = npm(['start', '--', '--skipBuild'], { ELECTRON_EXEC_PATH: binary });
    expect(stderr).not.toContain('cannot open');
    expect(status).toBe(3);
    expect(readFileSync(record, 'utf8').split('\n').slice(0, 2)).toEqual([ROOT, '.']);
  });

  it('says so when ELECTRON_EXEC_PATH names a file that does not exist', () => {
    const missing = join(emptyDir(), 'electron');
    const { status, stderr } = npm(['start'], { ELECTRON_EXEC_PATH: missing });
    expect(status).toBe(1);
    expect(stderr).toContain(`ELECTRON_EXEC_PATH names ${missing}, which does not exist`);
  });
});
