import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

// The packaged binary is not built here, so these inspect the real objects the build uses:
// the fuse table, the configuration handed to flipFuses, and the hook electron-builder runs.
const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

type FuseConfig = Record<string | number, unknown>;
type Flip = (path: string, config: FuseConfig) => Promise<number>;
interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

const { FUSES, fuseConfig } = require('../../build/fuses.cjs') as {
  FUSES: Readonly<Record<string, boolean>>;
  fuseConfig: (platform: string, arch: string) => FuseConfig;
};
const afterPack = require('../../build/after-pack.cjs') as (
  context: PackContext,
  flip: Flip,
) => Promise<void>;

const ARCH = { x64: 1, arm64: 3 } as const;

async function flippedBy(context: PackContext): Promise<{ path: string; config: FuseConfig }> {
  const calls: { path: string; config: FuseConfig }[] = [];
  await afterPack(context, async (path, config) => {
    calls.push({ path, config });
    return 0;
  });
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

describe('Electron fuses of the packaged app', () => {
  const config = fuseConfig('linux', 'x64');

  it('cannot be run as a plain Node.js interpreter (ELECTRON_RUN_AS_NODE)', () => {
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
  });
  it('ignores NODE_OPTIONS', () => {
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
  });
  it('ignores --inspect and the other debugger flags', () => {
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
  });
  it('loads the app only from its asar archive', () => {
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });
  it('validates the asar against the hash embedded at build time', () => {
    expect(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
  });
  it('encrypts cookies at rest', () => {
    expect(config[FuseV1Options.EnableCookieEncryption]).toBe(true);
  });
  it('gives file:// pages no extra privileges (the app loads from its own scheme)', () => {
    expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });
  it('sets exactly the fuses in the table, for fuse wire version 1', () => {
    expect(config.version).toBe(FuseVersion.V1);
    const numbered = Object.keys(config).filter((k) => k !== 'version' && k !== 'resetAdHocDarwinSignature');
    expect(numbered.map(Number).sort()).toEqual(
      Object.keys(FUSES)
        .map((name) => FuseV1Options[name as keyof typeof FuseV1Options])
        .sort(),
    );
  });
});

describe('the afterPack hook', () => {
  const packager = { appInfo: { productFilename: 'Crossbucket' } };

  it('flips the fuses of the Linux binary named by executableName', async () => {
    const { path, config } = await flippedBy({
      appOutDir: '/out/linux-unpacked',
      electronPlatformName: 'linux',
      arch: ARCH.x64,
      packager: { ...packager, executableName: 'crossbucket' },
    });
    expect(path).toBe(join('/out/linux-unpacked', 'crossbucket'));
    expect(config).toEqual(fuseConfig('linux', 'x64'));
  });

  it('flips the Windows .exe', async () => {
    const { path } = await flippedBy({
      appOutDir: 'C:/out/win-unpacked',
      electronPlatformName: 'win32',
      arch: ARCH.x64,
      packager,
    });
    expect(path).toBe(join('C:/out/win-unpacked', 'Crossbucket.exe'));
  });

  it('flips the macOS .app and resets the ad-hoc signature Apple Silicon needs to launch', async () => {
    const arm = await flippedBy({
      appOutDir: '/out/mac-arm64',
      electronPlatformName: 'darwin',
      arch: ARCH.arm64,
      packager,
    });
    expect(arm.path).toBe(join('/out/mac-arm64', 'Crossbucket.app'));
    expect(arm.config.resetAdHocDarwinSignature).toBe(true);
    expect(arm.config[FuseV1Options.RunAsNode]).toBe(false);
  });

  it('is the hook electron-builder.yml names, with asar packaging on', () => {
    const yml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^afterPack: build\/after-pack\.cjs$/m);
    expect(yml).toMatch(/^asar: true$/m);
    expect(yml).toMatch(/^appId: dev\.crossbucket\.app$/m);
  });
});
