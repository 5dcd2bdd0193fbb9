import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  PutObjectCommand,
  type PutObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { CopyCare, CopyRecord } from '../../shared/engine/records';
import { firstFreeName } from '../../shared/transfers/free-name';
import { RetryLog, type RetryOptions, withRetry } from '../../shared/transfers/retry';
import { copyEnds } from './copy-ends';
import { type EtagCheck, etagCheck, etagParts, factsOf, IntegrityError, storedAsSent } from './integrity';
import { ResumableMultipartUpload } from './multipart-upload';
import { sourceTags } from './read-tags';
import { sendStreamed } from './request-body';
import { headIfExists } from './s3-exists';
import { type ExistingTarget, MiB, type TaskDeps, type TransferTask } from './task';
import { type WriteHeaders, writeHeaders } from './write-headers';

/** Whole copies of one object before its ETag mismatch counts as a failure. */
const MAX_PASSES = 3;

export interface CopySpec {
  readonly from: {
    readonly sessionId: string;
    readonly bucket: string;
    readonly key: string;
    readonly size?: number;
    /** The account the bucket must belong to (the engine's clients send it on every call). */
    readonly owner?: string;
  };
  readonly to: {
    readonly sessionId: string;
    readonly bucket: string;
    readonly key: string;
    readonly owner?: string;
  };
  /** What the copy writes besides the bytes (see records.ts); absent: only the content type. */
  readonly care?: CopyCare;
}

/**
 * One object from one session's bucket to another session's bucket. CopyObject cannot do
 * this (no single principal can read one and write the other), so bytes stream from a GET
 * into a PUT, or part by part from ranged GETs into UploadPart: never to disk, never whole in memory.
 */
export class CopyAcrossTask implements TransferTask {
  readonly source: string;
  readonly retries = new RetryLog();
  /** How this task's requests are retried, with the retries shown on its row. */
  #retry(signal: AbortSignal): RetryOptions {
    return { clock: this.deps.clock, signal, log: this.retries };
  }
  #key: string;
  #size: number | undefined;
  #etag: string | undefined;
  #singleDone = 0;
  /** What the last copy that did not match its source's ETag hashed to. */
  #mismatch: string | undefined;
  /**
   * Taken up from the journal: a copy the app finished before the journal said so is recognised
   * by the target holding the source's ETag and size, rather than asked about as someone else's.
   */
  #resumed = false;
  #restarted: string | undefined;
  readonly #multipart: ResumableMultipartUpload;

  /** `resumed`: what the journal kept of this copy before the app stopped. */
  constructor(
    private readonly spec: CopySpec,
    private readonly deps: TaskDeps,
    resumed?: CopyRecord,
  ) {
    this.source = `s3://${spec.from.bucket}/${spec.from.key}`;
    this.#key = spec.to.key;
    this.#size = spec.from.size;
    this.#multipart = new ResumableMultipartUpload(deps.clock, this.retries, deps.checkpoint);
    if (resumed) {
      this.#resumed = true;
      this.#key = resumed.to.key;
      this.#etag = resumed.etag;
      if (resumed.multipart) this.#multipart.restore(resumed.multipart);
    }
  }

  checkpoint(): CopyRecord {
    const { from, to, care } = this.spec;
    const multipart = this.#multipart.state();
    return {
      kind: 'copy',
      ...copyEnds(from, to, this.#size, this.#key),
      ...(care && { care }),
      ...(multipart && { multipart, ...(this.#etag !== undefined && { etag: this.#etag }) }),
    };
  }

  restartReason(): string | undefined {
    return this.#restarted ?? this.#multipart.restarted;
  }

  target(): string {
    return `s3://${this.spec.to.bucket}/${this.#key}`;
  }

  bytesTotal(): number {
    return this.#size ?? 0;
  }

  bytesDone(): number {
    return this.#singleDone + this.#multipart.progress.done();
  }

  async findExisting(signal: AbortSignal): Promise<ExistingTarget | undefined> {
    const client = await this.deps.clients.forBucket(this.spec.to.sessionId, this.spec.to.bucket);
    const existing = await headIfExists(client, this.spec.to.bucket, this.#key, this.#retry(signal));
    if (existing && this.#resumed && (await this.#copiedBefore(signal))) return undefined;
    return existing;
  }

  /** The target holds the source's bytes (same size and ETag): this copy finished before the app stopped. */
  async #copiedBefore(signal: AbortSignal): Promise<boolean> {
    this.#resumed = false;
    const { from, to } = this.spec;
    const head = (sessionId: string, bucket: string, key: string) =>
      this.deps.clients
        .forBucket(sessionId, bucket)
        .then((client) =>
          withRetry(
            () => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal }),
            this.#retry(signal),
          ),
        );
    const [source, target] = await Promise.all([
      head(from.sessionId, from.bucket, from.key),
      head(to.sessionId, to.bucket, this.#key),
    ]);
    const check = etagCheck(factsOf(source));
    return (
      check.kind !== 'none' && source.ETag === target.ETag && source.ContentLength === target.ContentLength
    );
  }

  async keepBoth(signal: AbortSignal): Promise<void> {
    const client = await this.deps.clients.forBucket(this.spec.to.sessionId, this.spec.to.bucket);
    this.#key = await firstFreeName(
      this.#key,
      async (key) =>
        (await headIfExists(client, this.spec.to.bucket, key, this.#retry(signal))) !== undefined,
    );
  }

  async run(signal: AbortSignal): Promise<void> {
    const { from, to } = this.spec;
    const source = await this.deps.clients.forBucket(from.sessionId, from.bucket);
    const target = await this.deps.clients.forBucket(to.sessionId, to.bucket);
    const retry = this.#retry(signal);
    const head = await withRetry(
      () =>
        source.send(new HeadObjectCommand({ Bucket: from.bucket, Key: from.key }), { abortSignal: signal }),
      retry,
    );
    // Parts already sent belong to the object as it was; a replaced source starts over.
    if (this.#etag !== undefined && this.#etag !== head.ETag) {
      if (this.#multipart.active)
        this.#restarted = 'the source object changed since the copy began, so it started over';
      await this.discard();
    }
    this.#etag = head.ETag;
    this.#size = head.ContentLength ?? 0;
    const size = this.#size;
    const key = this.#key;
    const tuning = this.deps.tuning();
    const partSize = tuning.partSizeMiB * MiB;
    const check = etagCheck(factsOf(head));
    const headers = await this.#headers(source, head, retry);
    const open = async (range: string | undefined, partSignal: AbortSignal): Promise<Readable> => {
      const got = await source.send(
        new GetObjectCommand({ Bucket: from.bucket, Key: from.key, Range: range, IfMatch: this.#etag }),
        { abortSignal: partSignal },
      );
      if (!got.Body) throw new Error('GetObject returned no body');
      return got.Body as Readable;
    };

    if (size <= partSize) {
      await withRetry(async () => {
        this.#singleDone = 0;
        const md5 = createHash('md5');
        let answer: PutObjectCommandOutput;
        try {
          answer = await sendStreamed(
            await open(undefined, signal),
            (chunk) => {
              md5.update(chunk);
              this.#singleDone += chunk.length;
            },
            signal,
            (body, requestSignal) =>
              target.send(
                new PutObjectCommand({
                  ...headers,
                  Bucket: to.bucket,
                  Key: key,
                  Body: body,
                  ContentLength: size,
                }),
                { abortSignal: requestSignal },
              ),
          );
        } catch (err) {
          this.#singleDone = 0;
          throw err;
        }
        // What came from the source is checked against its ETag, what reached the target against
        // the target's; the PUT is sent again (replacing the altered object) on either mismatch.
        const sent = md5.digest('hex');
        if (!storedAsSent(sent, factsOf(answer)) || !this.#matchesSource(check, sent)) {
          this.#singleDone = 0;
          throw new IntegrityError(`The copy of ${from.key} arrived altered.`);
        }
      }, retry);
      return;
    }
    // Parts that mirror the source's make the same ETag when the bytes are the same: checked
    // before completing. (A single-part source larger than a part has no such check.)
    const layout =
      check.kind === 'multipart' ? await etagParts(source, { ...from, size }, check, retry) : undefined;
    const followed = this.retries.follow();
    try {
      for (let pass = 1; ; pass++) {
        try {
          await this.#multipart.run(
            {
              client: target,
              bucket: to.bucket,
              key,
              headers,
              ...(layout && { verify: (sentEtag: string) => this.#matchesSource(check, sentEtag) }),
            },
            size,
            { partSize, concurrency: tuning.partConcurrency, layout },
            (range, partSignal) => open(`bytes=${range.start}-${range.end}`, partSignal),
            signal,
          );
          return;
        } catch (err) {
          if (!(err instanceof IntegrityError) || pass >= MAX_PASSES) throw err;
          followed.note({ attempt: pass + 1, of: MAX_PASSES, reason: 'checksum mismatch' });
        }
      }
    } finally {
      followed.end();
    }
  }

  /**
   * What the target object gets besides the bytes, from the source's HEAD, its tags (read with
   * the source's session, only when the care keeps them) and the care main decided.
   */
  async #headers(
    source: S3Client,
    head: HeadObjectCommandOutput,
    retry: RetryOptions,
  ): Promise<WriteHeaders> {
    const { from, care } = this.spec;
    const tags = care?.tags === 'keep' ? await sourceTags(source, from, retry) : [];
    return writeHeaders(head, care, tags);
  }

  /** The bytes read hash to the source's ETag, or it cannot say, or they hashed so last time too. */
  #matchesSource(check: EtagCheck, found: string): boolean {
    if (check.kind === 'none') return true;
    const expected = check.kind === 'md5' ? check.hex : `${check.hex}-${check.parts}`;
    if (found === expected) return true;
    // Twice the same bytes: the source holds them so (its ETag is not their MD5).
    const repeated = this.#mismatch === found;
    this.#mismatch = found;
    return repeated;
  }

  async discard(): Promise<void> {
    this.#singleDone = 0;
    this.#mismatch = undefined;
    const { to } = this.spec;
    await this.#multipart.abort(async () => ({
      client: await this.deps.clients.forBucket(to.sessionId, to.bucket),
      bucket: to.bucket,
      key: this.#key,
    }));
  }
}
