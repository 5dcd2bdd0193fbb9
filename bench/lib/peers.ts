import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_BIN, goBuild } from './cache';
import { run } from './exec';

export type PeerName = 'aws' | 's5cmd' | 'rclone';

export type Peer =
  | { readonly name: PeerName; readonly binary: string; readonly version: string }
  | { readonly name: PeerName; readonly missing: string };

const S5CMD = { module: 'github.com/peak/s5cmd/v2', version: 'v2.3.0' };

const which = async (name: string): Promise<string | undefined> =>
  run({ cmd: 'sh', args: ['-c', `command -v ${name}`] }, { quiet: true }).then(
    (out) => out.trim() || undefined,
    () => undefined,
  );

const firstLine = (text: string): string => text.trim().split('\n')[0] ?? '';

/** The machine's `aws`, else awscli from PyPI in a venv under bench/.cache. */
async function awsCli(): Promise<string> {
  const found = await which('aws');
  if (found) return found;
  const venv = join(CACHE_BIN, '..', 'venv');
  const binary = join(venv, 'bin', 'aws');
  if (!existsSync(binary)) {
    await run({ cmd: 'python3', args: ['-m', 'venv', venv] });
    await run({ cmd: join(venv, 'bin', 'pip'), args: ['install', '--quiet', 'awscli'] });
  }
  return binary;
}

async function rclone(): Promise<string> {
  const found = await which('rclone');
  if (found) return found;
  if (process.getuid?.() !== 0)
    throw new Error('rclone is not installed and apt needs root: apt-get install rclone');
  await run({
    cmd: 'apt-get',
    args: ['install', '-y', '-q', 'rclone'],
    env: { DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = await which('rclone');
  if (!installed) throw new Error('apt-get install rclone left no rclone on PATH');
  return installed;
}

const s5cmd = async (): Promise<string> =>
  (await which('s5cmd')) ??
  goBuild(S5CMD.module, S5CMD.version, '', 's5cmd', `-X ${S5CMD.module}/version.Version=${S5CMD.version}`);

const locators: Record<PeerName, { find: () => Promise<string>; version: (bin: string) => Promise<string> }> =
  {
    aws: { find: awsCli, version: async (bin) => firstLine(await run({ cmd: bin, args: ['--version'] })) },
    s5cmd: {
      find: s5cmd,
      version: async (bin) => `s5cmd ${firstLine(await run({ cmd: bin, args: ['version'] }))}`,
    },
    rclone: { find: rclone, version: async (bin) => firstLine(await run({ cmd: bin, args: ['version'] })) },
  };

/** Finds or installs every peer; one that cannot be had is returned as missing, with why. */
export async function locatePeers(log: (line: string) => void): Promise<Peer[]> {
  const peers: Peer[] = [];
  for (const name of Object.keys(locators) as PeerName[]) {
    try {
      const binary = await locators[name].find();
      const version = await locators[name].version(binary);
      peers.push({ name, binary, version });
      log(`peer: ${version} (${binary})`);
    } catch (err) {
      const missing = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      peers.push({ name, missing });
      log(`peer: ${name} MISSING — ${missing}`);
    }
  }
  return peers;
}
