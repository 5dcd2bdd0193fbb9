import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * MD5 (hex) of a local file, for comparing it with a single-part ETag. Read as a stream, so the
 * event loop gets a turn between chunks; the transfer engine hashes what it moves in its own
 * process (src/engine), which main does not import.
 */
export async function md5OfFile(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}
