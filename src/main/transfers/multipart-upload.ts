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
import { toAppError } from '../errors/to-app-error';
import { type ByteRange, forEachRange, splitRanges } from './byte-ranges';
import type { Clock } from './clock';
import { factsOf, IntegrityError, multipartEtag, storedAsSent } from './integrity';
import { PartProgress } from './part-progress';
import { sendStreamed } from './request-body';
import { type RetryLog, withRetry } from './retry';
import { abortStrayUploads } from './stray-uploads';

export interface MultipartTarget {
  readonly client: S3Client;
  readonly bucket: string;
  readonly key: string;
  readonly contentType?: string;
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

/** Opens the bytes of one part; called again for every retry, so each attempt reads afresh. */
export type PartSource = (range: ByteRange, signal: AbortSignal) => Promise<Readable>;

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
  readonly progress = new PartProgress();

  constructor(
    private readonly clock: Clock,
    private readonly log?: RetryLog,
  ) {}

  async run(
    target: MultipartTarget,
    size: number,
    tuning: MultipartTuning,
    source: PartSource,
    signal: AbortSignal,
  ): Promise<void> {
    const { client, bucket, key } = target;
    this.progress.dropAll();
    if (this.#uploadId === undefined) {
      const since = new Date();
      let sends = 0;
      const created = await withRetry(
        () => {
          sends++;
          return client.send(
            new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: target.contentType }),
            { abortSignal: signal },
          );
        },
        { clock: this.clock, signal, log: this.log },
      );
      if (!created.UploadId) throw new Error('CreateMultipartUpload returned no upload id');
      if (sends > 1 || (created.$metadata.attempts ?? 1) > 1)
        await abortStrayUploads(client, target, created.UploadId, since);
      this.#uploadId = created.UploadId;
      // The parts are fixed for the life of the upload, even if settings change in between.
      this.#ranges = tuning.layout ?? splitRanges(size, tuning.partSize);
      this.#etags.clear();
      this.#sent.clear();
      this.progress.reset();
    }
    this.#where = { client, bucket, key };
    const uploadId = this.#uploadId;
    const ranges = this.#ranges ?? splitRanges(size, tuning.partSize);
    const missing = ranges.filter((r) => !this.#etags.has(r.number));

    await forEachRange(missing, tuning.concurrency, signal, async (range, partSignal) => {
      const sent = await withRetry(
        async () => {
          this.progress.drop(range.number);
          const md5 = createHash('md5');
          try {
            const answer = await sendStreamed(
              await source(range, partSignal),
              (chunk) => {
                md5.update(chunk);
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
            const sentMd5 = md5.digest('hex');
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
    this.#uploadId = undefined;
    this.#where = undefined;
  }

  /** The key holds an object of this size made of this many parts (when its ETag says how many). */
  async #completedEarlier(
    client: S3Client,
    bucket: string,
    key: string,
    size: number,
    parts: number,
    signal: AbortSignal,
  ): Promise<boolean> {
    const head = await withRetry(
      () => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal }),
      { clock: this.clock, signal, log: this.log },
    ).catch((err: unknown) => {
      if (toAppError(err).code === 'no-such-key') return undefined;
      throw err;
    });
    if (head?.ContentLength !== size) return false;
    const partCount = /-(\d+)"?$/.exec(head.ETag ?? '')?.[1];
    return partCount === undefined || Number(partCount) === parts;
  }

  /** Aborts the unfinished upload so S3 keeps (and bills) no orphaned parts. */
  async abort(): Promise<void> {
    const uploadId = this.#uploadId;
    const where = this.#where;
    this.#uploadId = undefined;
    this.#where = undefined;
    this.#etags.clear();
    this.#sent.clear();
    this.progress.reset();
    if (uploadId === undefined || where === undefined) return;
    await where.client.send(
      new AbortMultipartUploadCommand({ Bucket: where.bucket, Key: where.key, UploadId: uploadId }),
    );
  }
}
