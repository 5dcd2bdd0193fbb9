import { lstat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The key a file or folder name in `dir` uploads and compares as. macOS hands out decomposed
 * (NFD) names, and keys are composed so the same name matches on every OS — but only where the
 * composed name opens the same file: a sync finds the file again as the folder plus its key, and
 * on Linux `Cafe\u0301` and `Café` can be two files, which must stay two keys rather than one.
 */
export async function keyPart(dir: string, name: string): Promise<string> {
  const composed = name.normalize('NFC');
  if (composed === name) return name;
  const [asComposed, asNamed] = await Promise.all([
    lstat(join(dir, composed)).catch(() => undefined),
    lstat(join(dir, name)).catch(() => undefined),
  ]);
  const same = asComposed && asNamed && asComposed.ino === asNamed.ino && asComposed.dev === asNamed.dev;
  return same ? composed : name;
}
