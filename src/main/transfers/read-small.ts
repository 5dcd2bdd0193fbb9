import { open } from 'node:fs/promises';

export interface FileNow {
  /** The file's size as it is now. */
  readonly size: number;
  /** Its bytes, when it is no larger than asked. */
  readonly bytes?: Buffer;
}

/**
 * A file's current size, and its bytes when it is small: one open, fstat, read and close,
 * where a `stat` by path and then `readFile` were six calls through libuv's thread pool per
 * file. The size is the open file's, so a file replaced in between cannot mix the two up.
 */
export async function readIfSmall(path: string, max: number): Promise<FileNow> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > max) return { size };
    const bytes = await handle.readFile();
    return { size: bytes.length, bytes };
  } finally {
    await handle.close();
  }
}
