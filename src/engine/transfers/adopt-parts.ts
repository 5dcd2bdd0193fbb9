import type { ByteRange } from './byte-ranges';
import { md5OfRanges } from './md5-worker';
import type { ServerPart } from './server-parts';

const unquoted = (etag: string): string => etag.replace(/"/g, '').toLowerCase();

/** The MD5 (hex) of each part of the local file, by part number, hashed on the worker thread. */
export async function md5sOfParts(file: string, parts: readonly ByteRange[]): Promise<Map<number, string>> {
  const digests = await md5OfRanges(file, parts);
  return new Map(parts.map((part, i) => [part.number, digests[i]!.toString('hex')]));
}

/**
 * Which of `parts` S3 already holds with exactly the bytes the local file has there: a part of the
 * same size whose ETag is the MD5 of the same byte range. A single part's ETag is its MD5 unless KMS
 * or a customer key encrypted it; such a part (or one of another size) does not match and is sent
 * again. Reading a part back costs far less than sending it, so every candidate is hashed.
 */
export async function adoptableParts(
  file: string,
  held: ReadonlyMap<number, ServerPart>,
  parts: readonly ByteRange[],
): Promise<Map<number, { readonly etag: string; readonly md5: string }>> {
  const candidates = parts.filter((p) => held.get(p.number)?.size === p.length);
  const adopted = new Map<number, { readonly etag: string; readonly md5: string }>();
  if (candidates.length === 0) return adopted;
  for (const [n, md5] of await md5sOfParts(file, candidates)) {
    const etag = held.get(n)!.etag;
    if (unquoted(etag) === md5) adopted.set(n, { etag, md5 });
  }
  return adopted;
}
