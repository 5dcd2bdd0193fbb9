import { lstat, opendir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SideFacts } from '../../shared/models/compare';
import { keyPart } from '../transfers/key-part';
import { compareKeys } from './key-order';
import type { Listed } from './merge';

/**
 * Every file under a folder as S3 keys relative to it ('/'-separated), in S3's key order, so it
 * merges with a listing. A folder's entries are sorted with a '/' after each subfolder's name:
 * every key inside `a/` starts with `a/`, so it sorts there as a block, and the walk yields
 * the folder's keys in one pass holding one directory's names per level. Symbolic links are
 * not followed (a link could lead outside the folder the user picked); empty folders have no key.
 */
export async function* walkLocal(root: string, signal: AbortSignal): AsyncGenerator<Listed<SideFacts>> {
  yield* walkDir(root, '', signal);
}

async function* walkDir(
  dir: string,
  keyPrefix: string,
  signal: AbortSignal,
): AsyncGenerator<Listed<SideFacts>> {
  const names: { readonly sortKey: string; readonly name: string; readonly folder: boolean }[] = [];
  for await (const entry of await opendir(dir)) {
    const part = await keyPart(dir, entry.name);
    if (entry.isDirectory()) names.push({ sortKey: `${part}/`, name: entry.name, folder: true });
    else if (entry.isFile()) names.push({ sortKey: part, name: entry.name, folder: false });
  }
  names.sort((a, b) => compareKeys(a.sortKey, b.sortKey));
  for (const { sortKey, name, folder } of names) {
    if (signal.aborted) return;
    const path = join(dir, name);
    if (folder) {
      yield* walkDir(path, keyPrefix + sortKey, signal);
      continue;
    }
    // Gone since the folder was read: not there, rather than a failed compare.
    const stat = await lstat(path).catch(() => undefined);
    if (!stat?.isFile()) continue;
    yield { key: keyPrefix + sortKey, facts: { size: stat.size, lastModified: stat.mtime.toISOString() } };
  }
}
