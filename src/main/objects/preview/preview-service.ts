import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { AppFailure } from '../../../shared/errors/app-error';
import { formatBytes } from '../../../shared/format-bytes';
import { PREVIEW_LIMITS, type PreviewChunk, type PreviewMode } from '../../../shared/models/objects';
import { objectArn } from '../../s3/arns';
import type { S3ClientPool } from '../../s3/client-pool';
import { objectFailure } from '../object-errors';
import { type BodyStream, gunzipSlice, readCapped } from './read-capped';
import { innerKey, sniff, textFormat, wholeUtf8Length } from './sniff';

export interface PreviewRequest {
  /** Chosen by the renderer, so it can cancel a preview whose answer it no longer wants. */
  readonly requestId: string;
  readonly sessionId: string;
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly offset: number;
  readonly mode: PreviewMode;
  /** Continue a gzip object's decompressed content (what the first chunk reported). */
  readonly gunzip: boolean;
}

interface Fetched {
  readonly bytes: Buffer;
  /** More bytes follow what was read. */
  readonly more: boolean;
  readonly objectBytes: number;
  readonly contentType?: string;
}

/** `bytes 0-1048575/5242880` → 5242880. */
const totalFromRange = (range: string | undefined): number | undefined => {
  const match = /\/(\d+)\s*$/.exec(range ?? '');
  return match?.[1] ? Number(match[1]) : undefined;
};

const isInvalidRange = (err: unknown): boolean =>
  (err as { name?: string })?.name === 'InvalidRange' ||
  (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 416;

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Fetches what the preview shows with ranged GETs: one page of text (1 MiB) or hex (64 KiB)
 * at a time, a whole image up to 10 MiB, gzip content decompressed here with a cap on what
 * it inflates to. Each request can be cancelled by its id, which aborts the GET.
 * Nothing here interprets the content beyond sniffing what kind it is.
 */
export class PreviewService {
  readonly #pool: S3ClientPool;
  readonly #active = new Map<string, AbortController>();

  constructor(pool: S3ClientPool) {
    this.#pool = pool;
  }

  async preview(request: PreviewRequest): Promise<PreviewChunk> {
    const { requestId, sessionId, bucket, key, versionId } = request;
    this.#active.get(requestId)?.abort();
    const controller = new AbortController();
    this.#active.set(requestId, controller);
    const action = versionId ? 's3:GetObjectVersion' : 's3:GetObject';
    try {
      return await this.#pool.withBucket(sessionId, bucket, (client) =>
        new PreviewRun(client, request, controller.signal).run(),
      );
    } catch (err) {
      if (controller.signal.aborted) throw new AppFailure('cancelled', 'The preview was cancelled.');
      if (err instanceof AppFailure) throw err;
      throw objectFailure(err, { action, resource: objectArn(bucket, key) });
    } finally {
      if (this.#active.get(requestId) === controller) this.#active.delete(requestId);
    }
  }

  /** Aborts the preview's GET if it is still running; unknown ids are ignored. */
  cancel(requestId: string): void {
    this.#active.get(requestId)?.abort();
    this.#active.delete(requestId);
  }

  /** How many previews are fetching now (for tests and diagnostics). */
  get running(): number {
    return this.#active.size;
  }
}

/** One preview request against one client. */
class PreviewRun {
  readonly #client: S3Client;
  readonly #request: PreviewRequest;
  readonly #signal: AbortSignal;

  constructor(client: S3Client, request: PreviewRequest, signal: AbortSignal) {
    this.#client = client;
    this.#request = request;
    this.#signal = signal;
  }

  async run(): Promise<PreviewChunk> {
    const { mode, offset, gunzip } = this.#request;
    if (gunzip) return this.#decompressed(mode === 'hex' ? 'hex' : 'text', offset);
    if (mode === 'hex') return this.#hex(offset);
    if (mode === 'text') return this.#text(offset);
    return this.#sniffed();
  }

  /** The first look: fetch one text page's worth and decide what it is. */
  async #sniffed(): Promise<PreviewChunk> {
    const first = await this.#range(0, PREVIEW_LIMITS.textPage);
    if (!first) return this.#empty(0);
    const { key } = this.#request;
    const found = sniff(first.bytes, key, first.contentType);
    if (found.kind === 'gzip') return this.#decompressed('auto', 0);
    if (found.kind === 'binary') return this.#hexChunk(first, 0, PREVIEW_LIMITS.hexPage);
    if (found.kind === 'image') return this.#image(first, found.imageType);
    if (found.format === 'svg' && first.objectBytes <= PREVIEW_LIMITS.maxImage)
      return this.#image(first, 'image/svg+xml');
    return this.#textChunk(first, 0, found.format);
  }

  async #text(offset: number): Promise<PreviewChunk> {
    this.#refuseBeyond(offset, PREVIEW_LIMITS.maxText);
    const fetched = await this.#range(offset, PREVIEW_LIMITS.textPage);
    if (!fetched) return this.#empty(offset);
    const format = textFormat(fetched.bytes.subarray(0, 4096).toString('utf8'), this.#request.key);
    return this.#textChunk(fetched, offset, format);
  }

  async #hex(offset: number): Promise<PreviewChunk> {
    this.#refuseBeyond(offset, PREVIEW_LIMITS.maxHex);
    const fetched = await this.#range(offset, PREVIEW_LIMITS.hexPage);
    if (!fetched) return this.#empty(offset);
    return this.#hexChunk(fetched, offset, PREVIEW_LIMITS.hexPage);
  }

  /** A gzip object: its decompressed bytes from `offset`, never more than the cap. */
  async #decompressed(mode: PreviewMode, offset: number): Promise<PreviewChunk> {
    const page = mode === 'hex' ? PREVIEW_LIMITS.hexPage : PREVIEW_LIMITS.textPage;
    const cap = mode === 'hex' ? PREVIEW_LIMITS.maxHex : PREVIEW_LIMITS.maxText;
    this.#refuseBeyond(offset, cap);
    const out = await this.#get();
    const objectBytes = out.ContentLength ?? 0;
    const { bytes, more } = await gunzipSlice(out.Body as BodyStream, offset, page);
    const fetched: Fetched = {
      bytes,
      more,
      objectBytes,
      ...(out.ContentType ? { contentType: out.ContentType } : {}),
    };
    const inner = innerKey(this.#request.key);
    const found = mode === 'auto' ? sniff(bytes, inner, undefined) : undefined;
    const chunk =
      mode === 'hex' || found?.kind === 'binary' || found?.kind === 'image' || found?.kind === 'gzip'
        ? this.#hexChunk(fetched, offset, PREVIEW_LIMITS.hexPage)
        : this.#textChunk(
            fetched,
            offset,
            found?.kind === 'text'
              ? found.format
              : textFormat(bytes.subarray(0, 4096).toString('utf8'), inner),
          );
    return { ...chunk, gunzipped: true };
  }

  async #image(first: Fetched, imageType: NonNullable<PreviewChunk['imageType']>): Promise<PreviewChunk> {
    const { objectBytes } = first;
    if (objectBytes > PREVIEW_LIMITS.maxImage) {
      return {
        ...this.#hexChunk(first, 0, PREVIEW_LIMITS.hexPage),
        note: `This image is ${formatBytes(objectBytes)}, more than the ${formatBytes(PREVIEW_LIMITS.maxImage)} the preview draws: its first bytes are shown. Download it to view it.`,
      };
    }
    let bytes = first.bytes;
    if (first.more) {
      const rest = await this.#range(bytes.length, objectBytes - bytes.length - 1);
      if (rest) bytes = Buffer.concat([bytes, rest.bytes]);
    }
    return {
      kind: 'image',
      imageType,
      ...(imageType === 'image/svg+xml' ? { format: 'svg' as const } : {}),
      base64: bytes.subarray(0, PREVIEW_LIMITS.maxImage).toString('base64'),
      offset: 0,
      objectBytes,
      ...(first.contentType ? { contentType: first.contentType } : {}),
    };
  }

  #textChunk(fetched: Fetched, offset: number, format: NonNullable<PreviewChunk['format']>): PreviewChunk {
    let bytes = fetched.bytes;
    let skipped = 0;
    if (offset === 0 && bytes.subarray(0, 3).equals(UTF8_BOM)) {
      bytes = bytes.subarray(3);
      skipped = 3;
    }
    // A page cut mid-character leaves the partial character to the next page.
    const whole = fetched.more ? wholeUtf8Length(bytes) : bytes.length;
    const next = offset + skipped + whole;
    return this.#paged(fetched, offset, next, PREVIEW_LIMITS.maxText, {
      kind: 'text',
      format,
      text: lenientUtf8.decode(bytes.subarray(0, whole)),
    });
  }

  #hexChunk(fetched: Fetched, offset: number, page: number): PreviewChunk {
    const bytes = fetched.bytes.subarray(0, page);
    const more = fetched.more || fetched.bytes.length > page;
    return this.#paged({ ...fetched, more }, offset, offset + bytes.length, PREVIEW_LIMITS.maxHex, {
      kind: 'hex',
      base64: bytes.toString('base64'),
    });
  }

  #paged(
    fetched: Fetched,
    offset: number,
    next: number,
    cap: number,
    body: Pick<PreviewChunk, 'kind' | 'format' | 'text' | 'base64'>,
  ): PreviewChunk {
    const capped = fetched.more && next >= cap;
    return {
      ...body,
      offset,
      ...(fetched.more && !capped ? { nextOffset: next } : {}),
      objectBytes: fetched.objectBytes,
      ...(capped
        ? {
            capped: true,
            note: `The preview stops after ${formatBytes(cap)}; download the object to see the rest.`,
          }
        : {}),
      ...(fetched.contentType ? { contentType: fetched.contentType } : {}),
    };
  }

  #empty(offset: number): PreviewChunk {
    return { kind: offset === 0 ? 'empty' : 'text', text: '', offset, objectBytes: offset };
  }

  #refuseBeyond(offset: number, cap: number): void {
    if (offset >= cap) {
      throw new AppFailure(
        'validation',
        `The preview shows at most ${formatBytes(cap)}; download the object.`,
      );
    }
  }

  /**
   * `length` bytes from `offset`, plus one to learn whether more follow. Undefined when the
   * range starts at or past the end (S3 answers 416 for it, and for any range of an empty object).
   */
  async #range(offset: number, length: number): Promise<Fetched | undefined> {
    let out: GetObjectCommandOutput;
    try {
      out = await this.#get(`bytes=${offset}-${offset + length}`);
    } catch (err) {
      if (isInvalidRange(err)) return undefined;
      throw err;
    }
    const bytes = await readCapped(out.Body as BodyStream, length + 1);
    const objectBytes = totalFromRange(out.ContentRange) ?? offset + (out.ContentLength ?? bytes.length);
    return {
      bytes: bytes.subarray(0, length),
      more: bytes.length > length || offset + Math.min(bytes.length, length) < objectBytes,
      objectBytes,
      ...(out.ContentType ? { contentType: out.ContentType } : {}),
    };
  }

  #get(range?: string): Promise<GetObjectCommandOutput> {
    const { bucket, key, versionId } = this.#request;
    return this.#client.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(versionId ? { VersionId: versionId } : {}),
        ...(range ? { Range: range } : {}),
      }),
      { abortSignal: this.#signal },
    );
  }
}
