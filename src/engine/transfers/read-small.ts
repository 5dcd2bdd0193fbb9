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
    // Read by the size just taken, not readFile (which would fstat again). A file that shrank
    // meanwhile gives what it still holds; one that grew, the size it had when it was opened.
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { size: filled, bytes: filled === size ? bytes : bytes.subarray(0, filled) };
  } finally {
    await handle.close();
  }
}
