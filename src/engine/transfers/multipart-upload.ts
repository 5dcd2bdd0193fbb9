import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { MultipartState } from '../../shared/engine/records';
import { toAppError } from '../../shared/errors/to-app-error';
import type { Clock } from '../../shared/transfers/clock';
import { type RetryLog, withRetry } from '../../shared/transfers/retry';
import { adoptableParts, md5sOfParts } from './adopt-parts';
import { type ByteRange, forEachRange, rangesOfLengths, splitRanges } from './byte-ranges';
import { factsOf, IntegrityError, multipartEtag, storedAsSent } from './integrity';
import { md5OfRanges } from './md5-worker';
import { PartProgress } from './part-progress';
import { sendStreamed } from './request-body';
import { type ServerPart, serverParts } from './server-parts';
import { abortStrayUploads } from './stray-uploads';
import type { WriteHeaders } from './write-headers';

export interface MultipartTarget {
  readonly client: S3Client;
  readonly bucket: string;
  readonly key: string;
  /** What CreateMultipartUpload sets besides the bucket and key (content type, a copy's care). */
  readonly headers?: WriteHeaders;
  /**
   * Checks the ETag the sent bytes make (MD5 of the parts' MD5s, `-N`) before completing: a copy
   * whose parts mirror its source's compares it with the source's ETag. On false every part is
   * sent again (an IntegrityError for the caller to retry).
   */
  readonly verify?: (sentEtag: string) => boolean;
}

export interface MultipartTuning {
  readonly partSize: number;
  readonly concurrency: number;
  /** Parts to use instead of `partSize` ones (a copy mirrors its source's), fixed at creation. */
  readonly layout?: readonly ByteRange[];
}

/**
 * Opens the bytes of one part; called again for every retry, so each attempt reads afresh.
 * `file`: the local file the parts come from, so their MD5s (checked against the ETags S3 answers)
 * are computed on the hashing thread (md5-worker.ts) instead of the event loop; a stream of another
 * origin (a copy's GET) is hashed as it passes.
 */
export type PartSource = ((range: ByteRange, signal: AbortSignal) => Promise<Readable>) & {
  readonly file?: string;
};

const unquoted = (etag: string): string => etag.replace(/"/g, '');

/** Where an upload restored from the journal lives, for aborting it before it ran again. */
export type UploadPlace = () => Promise<{ client: S3Client; bucket: string; key: string }>;

/**
 * Makes the journal hold what the upload did so far: awaited before CreateMultipartUpload is sent
 * and once it answered (so no upload can exist that the journal does not know of), not awaited
 * after each part (a part the journal missed is sent again).
 */
export type Checkpoint = () => Promise<void>;

/**
 * A multipart upload that survives interruption: the upload id and the ETags of finished
 * parts are kept, so a later `run` sends only the parts still missing. lib-storage's Upload
 * cannot resume, which is why this exists.
 */
export class ResumableMultipartUpload {
  #uploadId: string | undefined;
  #ranges: readonly ByteRange[] | undefined;
  #where: { client: S3Client; bucket: string; key: string } | undefined;
  readonly #etags = new Map<number, string>();
  /** MD5 (hex) of what each finished part sent, whatever the target's ETags are. */
  readonly #sent = new Map<number, string>();
  /** When CreateMultipartUpload was first sent for the upload under way (see MultipartState). */
  #since: Date | undefined;
  /** Restored from the journal: what S3 holds is checked (ListParts) before anything is sent. */
  #unverified = false;
  /** A Create a crash may have cut off: uploads of the key begun since then are strays of ours. */
  #straysSince: Date | undefined;
  /** Why the parts sent before were given up, for the transfer row. */
  restarted: string | undefined;
  readonly progress = new PartProgress();

  constructor(
    private readonly clock: Clock,
    private readonly log?: RetryLog,
    private readonly checkpoint?: Checkpoint,
  ) {}

  /** An upload id exists: parts may be waiting in S3. */
  get active(): boolean {
    return this.#uploadId !== undefined || this.#since !== undefined;
  }

  /** What the journal keeps of the upload under way; undefined when none is. */
  state(): MultipartState | undefined {
    if (this.#since === undefined) return this.#straysSince && { since: this.#straysSince.toISOString() };
    const uploadId = this.#uploadId;
    const ranges = this.#ranges;
    return {
      since: this.#since.toISOString(),
      ...(uploadId !== undefined &&
        ranges && {
          upload: {
            uploadId,
            parts: ranges.map((r) => r.length),
            done: [...this.#etags].flatMap(([n, etag]) => {
              const md5 = this.#sent.get(n);
              return md5 ? [{ n, etag, md5 }] : [];
            }),
          },
        }),
    };
  }

  /** Takes up an upload a previous run of the app left, as its journal recorded it. */
  restore(state: MultipartState): void {
    this.#since = new Date(state.since);
    const upload = state.upload;
    if (!upload) {
      // Create was sent but its answer never recorded: an upload may exist that nobody knows.
      this.#straysSince = this.#since;
      this.#since = undefined;
      return;
    }
    this.#uploadId = upload.uploadId;
    this.#ranges = rangesOfLengths(upload.parts);
    this.#unverified = true;
    for (const part of upload.done) {
      const range = this.#ranges[part.n - 1];
      if (!range) continue;
      this.#etags.set(part.n, part.etag);
      this.#sent.set(part.n, part.md5);
      this.progress.commit(part.n, range.length);
    }
  }

  async run(
    target: MultipartTarget,
    size: number,
    tuning: MultipartTuning,
    source: PartSource,
    signal: AbortSignal,
  ): Promise<void> {
    const { client, bucket, key } = target;
    this.progress.dropAll();
    if (this.#uploadId !== undefined && this.#unverified) {
      if (await this.#resumeFromServer(target, size, source, signal)) return;
    }
    if (this.#uploadId === undefined) {
      const since = new Date();
      this.#since = since;
      await this.checkpoint?.();
      let sends = 0;
      const created = await withRetry(
        () => {
          sends++;
          return client.send(
            new CreateMultipartUploadCommand({ ...target.headers, Bucket: bucket, Key: key }),
            { abortSignal: signal },
          );
        },
        { clock: this.clock, signal, log: this.log },
      );
      if (!created.UploadId) throw new Error('CreateMultipartUpload returned no upload id');
      const straysSince =
        this.#straysSince ?? (sends > 1 || (created.$metadata.attempts ?? 1) > 1 ? since : undefined);
      if (straysSince) await abortStrayUploads(client, target, created.UploadId, straysSince);
      this.#straysSince = undefined;
      this.#uploadId = created.UploadId;
      // The parts are fixed for the life of the upload, even if settings change in between.
      this.#ranges = tuning.layout ?? splitRanges(size, tuning.partSize);
      this.#etags.clear();
      this.#sent.clear();
      this.progress.reset();
      await this.checkpoint?.();
    }
    this.#where = { client, bucket, key };
    const uploadId = this.#uploadId;
    const ranges = this.#ranges ?? splitRanges(size, tuning.partSize);
    const missing = ranges.filter((r) => !this.#etags.has(r.number));

    await forEachRange(missing, tuning.concurrency, signal, async (range, partSignal) => {
      const sent = await withRetry(
        async () => {
          this.progress.drop(range.number);
          const md5 = source.file === undefined ? createHash('md5') : undefined;
          const hashed = source.file === undefined ? undefined : md5OfRanges(source.file, [range]);
          // Awaited below once the part is sent; a send that fails first must not leave it unhandled.
          hashed?.catch(() => undefined);
          try {
            const answer = await sendStreamed(
              await source(range, partSignal),
              (chunk) => {
                md5?.update(chunk);
                this.progress.add(range.number, chunk.length);
              },
              partSignal,
              (body, requestSignal) =>
                client.send(
                  new UploadPartCommand({
                    Bucket: bucket,
                    Key: key,
                    UploadId: uploadId,
                    PartNumber: range.number,
                    Body: body,
                    ContentLength: range.length,
                  }),
                  { abortSignal: requestSignal },
                ),
            );
            const sentMd5 = md5 ? md5.digest('hex') : (await hashed)![0]!.toString('hex');
            // Sent again under the same number, the part replaces the altered one.
            if (!storedAsSent(sentMd5, factsOf(answer)))
              throw new IntegrityError(`Part ${range.number} of ${key} arrived altered.`);
            this.#sent.set(range.number, sentMd5);
            return answer;
          } catch (err) {
            this.progress.drop(range.number);
            throw err;
          }
        },
        { clock: this.clock, signal: partSignal, log: this.log },
      );
      if (!sent.ETag) throw new Error(`UploadPart ${range.number} returned no ETag`);
      this.#etags.set(range.number, sent.ETag);
      this.progress.commit(range.number, range.length);
      void this.checkpoint?.();
    });

    if (target.verify && !target.verify(multipartEtag(ranges.map((r) => this.#sent.get(r.number) ?? '')))) {
      this.#etags.clear();
      this.#sent.clear();
      this.progress.reset();
      throw new IntegrityError(`The parts sent for ${key} do not make its source's ETag.`);
    }
    try {
      await withRetry(
        () =>
          client.send(
            new CompleteMultipartUploadCommand({
              Bucket: bucket,
              Key: key,
              UploadId: uploadId,
              MultipartUpload: {
                Parts: ranges.map((r) => ({ PartNumber: r.number, ETag: this.#etags.get(r.number) })),
              },
            }),
            { abortSignal: signal },
          ),
        { clock: this.clock, signal, log: this.log },
      );
    } catch (err) {
      // A pause or an expiry can cut the answer to a Complete that S3 already applied; the
      // upload id is then gone, and the object is the proof that it worked.
      if ((err as { name?: string }).name !== 'NoSuchUpload') throw err;
      if (!(await this.#completedEarlier(client, bucket, key, size, ranges.length, signal))) throw err;
    }
    this.#finished();
  }

  #finished(): void {
    this.#uploadId = undefined;
    this.#where = undefined;
    this.#since = undefined;
  }

  /**
   * Checks a restored upload against S3 before sending more. A part S3 lists stays when it is the
   * journal's (same ETag), or, sent in the moments before a crash that the journal never recorded,
   * when its ETag is the MD5 of the same bytes of the local file; every other part is sent again.
   * True when the upload turns out to be complete already (S3 holds the object its parts make); an
   * upload S3 no longer knows starts over.
   */
  async #resumeFromServer(
    target: MultipartTarget,
    size: number,
    source: PartSource,
    signal: AbortSignal,
  ): Promise<boolean> {
    const { client, bucket, key } = target;
    const uploadId = this.#uploadId as string;
    const retry = { clock: this.clock, signal, log: this.log };
    const held = await serverParts(client, { bucket, key, uploadId }, retry);
    this.#unverified = false;
    const ranges = this.#ranges ?? [];
    if (held === 'gone') {
      if (await this.#completedWithTheseParts(target, size, ranges, source, signal)) {
        this.#finished();
        return true;
      }
      this.#uploadId = undefined;
      this.#since = undefined;
      this.#etags.clear();
      this.#sent.clear();
      this.progress.reset();
      this.restarted = 'its multipart upload was no longer in S3, so it started over';
      return false;
    }
    for (const [n, etag] of [...this.#etags]) {
      const there = held.get(n);
      if (there && unquoted(there.etag) === unquoted(etag) && there.size === ranges[n - 1]?.length) continue;
      this.#etags.delete(n);
      this.#sent.delete(n);
    }
    if (source.file !== undefined) await this.#adoptUnrecorded(source.file, held, ranges);
    this.progress.reset();
    for (const n of this.#etags.keys()) this.progress.commit(n, ranges[n - 1]?.length ?? 0);
    return false;
  }

  /**
   * Parts S3 holds that the journal never recorded (sent in the moments before a crash) are kept
   * when they hold the same bytes as the local file (see adoptableParts).
   */
  async #adoptUnrecorded(
    file: string,
    held: ReadonlyMap<number, ServerPart>,
    ranges: readonly ByteRange[],
  ): Promise<void> {
    const unrecorded = ranges.filter((r) => !this.#etags.has(r.number));
    for (const [n, part] of await adoptableParts(file, held, unrecorded)) {
      this.#etags.set(n, part.etag);
      this.#sent.set(n, part.md5);
    }
  }

  /**
   * An upload S3 no longer knows was completed with these parts after the journal's last write:
   * the key holds the object they make. Parts the journal did not record are hashed from the local
   * file, but only once S3 shows an object of the right size and part count.
   */
  async #completedWithTheseParts(
    target: MultipartTarget,
    size: number,
    ranges: readonly ByteRange[],
    source: PartSource,
    signal: AbortSignal,
  ): Promise<boolean> {
    const { client, bucket, key } = target;
    const unknown = ranges.filter((r) => !this.#sent.has(r.number));
    if (unknown.length > 0) {
      if (source.file === undefined) return false;
      if (!(await this.#completedEarlier(client, bucket, key, size, ranges.length, signal))) return false;
      for (const [n, md5] of await md5sOfParts(source.file, unknown)) this.#sent.set(n, md5);
    }
    const md5s = ranges.map((r) => this.#sent.get(r.number) ?? '');
    if (md5s.some((m) => m === '')) return false;
    return this.#completedEarlier(client, bucket, key, size, ranges.length, signal, multipartEtag(md5s));
  }

  /**
   * The key holds an object of this size made of this many parts (when its ETag says how many),
   * and, given `etag`, with that ETag.
   */
  async #completedEarlier(
    client: S3Client,
    bucket: string,
    key: string,
    size: number,
    parts: number,
    signal: AbortSignal,
    etag?: string,
  ): Promise<boolean> {
    const head = await withRetry(
      () => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal }),
      { clock: this.clock, signal, log: this.log },
    ).catch((err: unknown) => {
      if (toAppError(err).code === 'no-such-key') return undefined;
      throw err;
    });
    if (head?.ContentLength !== size) return false;
    if (etag !== undefined) return unquoted(head.ETag ?? '') === etag;
    const partCount = /-(\d+)"?$/.exec(head.ETag ?? '')?.[1];
    return partCount === undefined || Number(partCount) === parts;
  }

  /**
   * Aborts the unfinished upload so S3 keeps (and bills) no orphaned parts. `place` says where an
   * upload restored from the journal lives, since no run has told it yet.
   */
  async abort(place?: UploadPlace): Promise<void> {
    const uploadId = this.#uploadId;
    const known = this.#where;
    this.#finished();
    this.#unverified = false;
    this.#etags.clear();
    this.#sent.clear();
    this.progress.reset();
    const straysSince = this.#straysSince;
    this.#straysSince = undefined;
    if (uploadId === undefined && straysSince === undefined) return;
    const where = known ?? (await place?.());
    if (where === undefined) return;
    if (straysSince) await abortStrayUploads(where.client, where, '', straysSince);
    if (uploadId === undefined) return;
    await where.client
      .send(new AbortMultipartUploadCommand({ Bucket: where.bucket, Key: where.key, UploadId: uploadId }))
      .catch((err: unknown) => {
        // Already gone (completed, or aborted by another tool or a lifecycle rule): nothing is left.
        if ((err as { name?: string }).name !== 'NoSuchUpload') throw err;
      });
  }
}
