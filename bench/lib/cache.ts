import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './exec';

/** Built binaries live here (gitignored), so only the first bench on a machine pays for building. */
export const CACHE_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'bin');

/**
 * Builds a Go main package from a pinned module version. `go install pkg@version` would be
 * simpler, but it also asks the module proxy for the module's version list (to check for
 * deprecation), which the registry mirror here refuses for some modules; downloading the
 * one version and building it from the module cache needs only that version.
 */
export async function goBuild(
  module: string,
  version: string,
  pkg: string,
  binary: string,
  ldflags = '',
): Promise<string> {
  const out = join(CACHE_BIN, binary);
  if (existsSync(out)) return out;
  await mkdir(CACHE_BIN, { recursive: true });
  const info = JSON.parse(
    await run({ cmd: 'go', args: ['mod', 'download', '-json', `${module}@${version}`] }),
  ) as { Dir?: string };
  if (!info.Dir) throw new Error(`go mod download ${module}@${version} gave no directory`);
  // -mod=mod: some modules ship a vendor directory that is incomplete for `go build` outside their repo.
  await run({
    cmd: 'go',
    args: ['build', '-mod=mod', '-trimpath', '-ldflags', ldflags, '-o', out, `./${pkg}`],
    cwd: info.Dir,
    env: { GOFLAGS: '-buildvcs=false' },
  });
  return out;
}
