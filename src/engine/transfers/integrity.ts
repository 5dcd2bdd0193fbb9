import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { UnverifiedReason } from '../../shared/models/transfer';
import { type RetryOptions, withRetry } from '../../shared/transfers/retry';
import { type ByteRange, splitRanges } from './byte-ranges';
import { md5OfRanges } from './md5-worker';

/**
 * What a download's bytes are checked against. S3's ETag is the one fingerprint every S3 server
 * returns for every object, whatever tool uploaded it:
 * - single-part, not encrypted with KMS or a customer key: the MD5 of the bytes;
 * - multipart: the MD5 of the parts' MD5s (concatenated, binary), then `-<part count>`; the part
 *   boundaries come from HEAD `?partNumber=` (AWS, MinIO and moto all answer it).
 * Flexible checksums (x-amz-checksum-*) are not used here: the SDK checks them itself on whole GETs,
 * but S3 sends none for a ranged GET, and moto returns wrong full-object values for CRC64NVME.
 */
export type EtagCheck =
  | { readonly kind: 'md5'; readonly hex: string }
  | { readonly kind: 'multipart'; readonly hex: string; readonly parts: number }
  | { readonly kind: 'none'; readonly reason: UnverifiedReason };

/** The bytes of a download do not hash to what the server said: fetched again (a transient error). */
export class IntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntegrityError';
  }
}

export interface ObjectFacts {
  readonly etag?: string;
  /** `aws:kms`, `aws:kms:dsse`: the ETag is then not an MD5. */
  readonly serverSideEncryption?: string;
  /** SSE-C: the ETag is then not an MD5. */
  readonly sseCustomerAlgorithm?: string;
}

/** An object as a HEAD or GET described it. */
export interface ObjectIdentity extends ObjectFacts {
  readonly size: number;
}

/** The facts of an S3 answer (HeadObject, GetObject, PutObject, UploadPart) that say what its ETag is. */
export const factsOf = (answer: {
  readonly ETag?: string;
  readonly ServerSideEncryption?: string;
  readonly SSECustomerAlgorithm?: string;
}): ObjectFacts => ({
  etag: answer.ETag,
  serverSideEncryption: answer.ServerSideEncryption,
  sseCustomerAlgorithm: answer.SSECustomerAlgorithm,
});

export function etagCheck(facts: ObjectFacts): EtagCheck {
  if (facts.serverSideEncryption?.startsWith('aws:kms')) return { kind: 'none', reason: 'kms' };
  if (facts.sseCustomerAlgorithm) return { kind: 'none', reason: 'sse-c' };
  if (!facts.etag) return { kind: 'none', reason: 'no-etag' };
  const single = /^"?([0-9a-f]{32})"?$/i.exec(facts.etag ?? '');
  if (single) return { kind: 'md5', hex: single[1]!.toLowerCase() };
  const multi = /^"?([0-9a-f]{32})-(\d+)"?$/i.exec(facts.etag ?? '');
  if (multi) return { kind: 'multipart', hex: multi[1]!.toLowerCase(), parts: Number(multi[2]) };
  return { kind: 'none', reason: 'etag-not-md5' };
}

/** Size of part `n` of the object and how many parts it has, from HEAD `?partNumber=n`. */
export type HeadPart = (n: number) => Promise<{ readonly size?: number; readonly parts?: number }>;

/** Parts with their own size each are looked up one by one up to this many; beyond, not checked. */
const MAX_PART_LOOKUPS = 32;

/**
 * The byte ranges of the object's parts, as the multipart ETag was computed over them; undefined
 * when the server does not say. Tools upload equal parts but the last, which two HEADs confirm;
 * otherwise each part is looked up (for up to MAX_PART_LOOKUPS parts).
 */
export async function partLayout(
  size: number,
  count: number,
  headPart: HeadPart,
): Promise<readonly ByteRange[] | undefined> {
  const first = await headPart(1);
  if (first.parts !== count || !first.size) return undefined;
  const uniform = first.size;
  const lastSize = size - (count - 1) * uniform;
  if (lastSize > 0 && lastSize <= uniform) {
    const last = count === 1 ? first : await headPart(count);
    if (last.size === lastSize) return splitRanges(size, uniform).map((r) => ({ ...r }));
  }
  if (count > MAX_PART_LOOKUPS) return undefined;
  const parts: ByteRange[] = [];
  let start = 0;
  for (let n = 1; n <= count; n++) {
    const length = n === 1 ? uniform : (await headPart(n)).size;
    if (!length) return undefined;
    parts.push({ number: n, start, end: start + length - 1, length });
    start += length;
  }
  return start === size ? parts : undefined;
}

/**
 * The byte ranges the object's ETag was computed over: the whole object for a single-part ETag,
 * its parts (from HEAD `?partNumber=`) for a multipart one, undefined when it cannot be checked.
 */
export async function etagParts(
  client: S3Client,
  object: {
    readonly bucket: string;
    readonly key: string;
    readonly versionId?: string;
    readonly size: number;
  },
  check: EtagCheck,
  retry: RetryOptions,
): Promise<readonly ByteRange[] | undefined> {
  if (check.kind === 'md5') return [{ number: 1, start: 0, end: object.size - 1, length: object.size }];
  if (check.kind !== 'multipart') return undefined;
  const { bucket, key, versionId } = object;
  return partLayout(object.size, check.parts, async (PartNumber) => {
    const part = await withRetry(
      () =>
        client.send(
          // No IfMatch: moto answers a part's HEAD with the part's ETag and refuses it. A layout read
          // from a replaced object fails the ETag check, and the ranged GETs' IfMatch tells.
          new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId, PartNumber }),
          { abortSignal: retry.signal },
        ),
      retry,
    );
    return { size: part.ContentLength, parts: part.PartsCount };
  });
}

/**
 * Download ranges that start and end on part boundaries, so each part is hashed as soon as its
 * range is on disk: small parts are grouped up to `partSize`, a part much larger than `partSize`
 * is split (and hashed once all its ranges are on disk).
 */
export function alignedRanges(size: number, partSize: number, parts?: readonly ByteRange[]): ByteRange[] {
  if (!parts) return [...splitRanges(size, partSize)];
  const ranges: ByteRange[] = [];
  const push = (start: number, end: number): void => {
    ranges.push({ number: ranges.length + 1, start, end, length: end - start + 1 });
  };
  for (let i = 0; i < parts.length; ) {
    const part = parts[i]!;
    if (part.length > partSize * 1.5) {
      for (const sub of splitRanges(part.length, partSize))
        push(part.start + sub.start, part.start + sub.end);
      i++;
      continue;
    }
    let end = part.end;
    for (i++; i < parts.length && parts[i]!.end - part.start + 1 <= partSize; i++) end = parts[i]!.end;
    push(part.start, end);
  }
  return ranges;
}

/** The ETag S3 gives an object made of parts with these MD5s (hex): MD5 of the binary MD5s, `-N`. */
export const multipartEtag = (partMd5s: readonly string[]): string =>
  `${createHash('md5')
    .update(Buffer.concat(partMd5s.map((hex) => Buffer.from(hex, 'hex'))))
    .digest('hex')}-${partMd5s.length}`;

export interface Verdict {
  readonly ok: boolean;
  /** What the bytes hash to, in the ETag's form: tells a repeatable mismatch from a passing one. */
  readonly found: string;
}

/**
 * The MD5 of every part of a download, hashed from the file on a worker thread (md5-worker.ts) as
 * each range lands, the parts split across ranges at the end, then compared with the ETag.
 */
export class PartDigests {
  readonly #digests: (Buffer | undefined)[];
  /** Bumped by `forget`: a hash that was under way when the bytes were dropped does not count. */
  #generation = 0;

  constructor(
    private readonly check: Extract<EtagCheck, { kind: 'md5' | 'multipart' }>,
    private readonly parts: readonly ByteRange[],
  ) {
    this.#digests = parts.map(() => undefined);
  }

  /** Hashes the parts lying wholly inside `range`, which has just been written to `path` in full. */
  async hashRange(path: string, range: ByteRange): Promise<void> {
    const inside = [...this.parts.keys()].filter(
      (i) => this.parts[i]!.start >= range.start && this.parts[i]!.end <= range.end,
    );
    await this.#hash(path, inside);
  }

  /** Forgets every digest: the bytes are being fetched again. */
  forget(): void {
    this.#generation++;
    this.#digests.fill(undefined);
  }

  /** Hashes the parts no range could (split ones, ranges of an earlier run), then compares with the ETag. */
  async verifyFile(path: string): Promise<Verdict> {
    await this.#hash(
      path,
      [...this.parts.keys()].filter((i) => !this.#digests[i]),
    );
    const digests = this.#digests as Buffer[];
    const found =
      this.check.kind === 'md5'
        ? digests[0]!.toString('hex')
        : multipartEtag(digests.map((d) => d.toString('hex')));
    const expected = this.check.kind === 'md5' ? this.check.hex : `${this.check.hex}-${this.check.parts}`;
    return { ok: found === expected, found };
  }

  async #hash(path: string, indexes: readonly number[]): Promise<void> {
    const generation = this.#generation;
    const digests = await md5OfRanges(
      path,
      indexes.map((i) => this.parts[i]!),
    );
    if (generation !== this.#generation) return;
    for (const [n, i] of indexes.entries()) this.#digests[i] = digests[n];
  }
}

/**
 * Whether the server stored the bytes that were sent: a single-part ETag (PutObject, UploadPart)
 * is their MD5 unless KMS or a customer key encrypted them. Servers that check the SDK's CRC
 * (AWS) refuse corrupted bytes themselves; this also catches it on those that do not (moto).
 */
export function storedAsSent(md5Hex: string, answer: ObjectFacts): boolean {
  const check = etagCheck(answer);
  return check.kind !== 'md5' || check.hex === md5Hex;
}

/** Whether the ETag proves the object holds exactly these bytes (false when it cannot tell). */
export function holdsExactly(md5Hex: string, facts: ObjectFacts): boolean {
  const check = etagCheck(facts);
  return check.kind === 'md5' && check.hex === md5Hex;
}

/** The MD5 (hex) of a whole file, on the hashing thread like every other check of a file's bytes. */
export async function md5OfFile(path: string): Promise<string> {
  const { size } = await stat(path);
  const [digest] = await md5OfRanges(path, [{ start: 0, end: size - 1 }]);
  return digest!.toString('hex');
}

/**
 * What the bytes of the file at `path` are against the object's ETag; undefined when they cannot
 * be checked (see etagCheck, etagParts). `md5`: the file's MD5 (hex), when hashed while written.
 */
export async function verdictOfFile(
  client: S3Client,
  object: ObjectIdentity & { readonly bucket: string; readonly key: string; readonly versionId?: string },
  path: string,
  retry: RetryOptions,
  md5?: string,
): Promise<Verdict | undefined> {
  const check = etagCheck(object);
  if (check.kind === 'md5') {
    const found = md5 ?? (await md5OfFile(path));
    return { ok: found === check.hex, found };
  }
  if (check.kind !== 'multipart') return undefined;
  const parts = await etagParts(client, object, check, retry);
  return parts && new PartDigests(check, parts).verifyFile(path);
}
