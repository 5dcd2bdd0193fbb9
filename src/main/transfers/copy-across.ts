import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { observed } from './byte-ranges';
import { firstFreeName } from './free-name';
import { ResumableMultipartUpload } from './multipart-upload';
import { RetryLog, withRetry } from './retry';
import { headIfExists } from './s3-exists';
import { type ExistingTarget, MiB, type TransferTask } from './transfer-task';
import type { TaskDeps } from './upload-file';

export interface CopySpec {
  readonly from: {
    readonly sessionId: string;
    readonly bucket: string;
    readonly key: string;
    readonly size?: number;
  };
  readonly to: { readonly sessionId: string; readonly bucket: string; readonly key: string };
}

/**
 * One object from one session's bucket to another session's bucket. CopyObject cannot do
 * this (no single principal can read one and write the other), so bytes stream from a GET
 * into a PUT, or part by part from ranged GETs into UploadPart: never to disk, never whole in memory.
 */
export class CopyAcrossTask implements TransferTask {
  readonly source: string;
  readonly retries = new RetryLog();
  #key: string;
  #size: number | undefined;
  #etag: string | undefined;
  #singleDone = 0;
  readonly #multipart: ResumableMultipartUpload;

  constructor(
    private readonly spec: CopySpec,
    private readonly deps: TaskDeps,
  ) {
    this.source = `s3://${spec.from.bucket}/${spec.from.key}`;
    this.#key = spec.to.key;
    this.#size = spec.from.size;
    this.#multipart = new ResumableMultipartUpload(deps.clock, this.retries);
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
    return headIfExists(client, this.spec.to.bucket, this.#key, signal);
  }

  async keepBoth(signal: AbortSignal): Promise<void> {
    const client = await this.deps.clients.forBucket(this.spec.to.sessionId, this.spec.to.bucket);
    this.#key = await firstFreeName(
      this.#key,
      async (key) => (await headIfExists(client, this.spec.to.bucket, key, signal)) !== undefined,
    );
  }

  async run(signal: AbortSignal): Promise<void> {
    const { from, to } = this.spec;
    const source = await this.deps.clients.forBucket(from.sessionId, from.bucket);
    const target = await this.deps.clients.forBucket(to.sessionId, to.bucket);
    const retry = { clock: this.deps.clock, signal, log: this.retries };
    const head = await withRetry(
      () =>
        source.send(new HeadObjectCommand({ Bucket: from.bucket, Key: from.key }), { abortSignal: signal }),
      retry,
    );
    // Parts already sent belong to the object as it was; a replaced source starts over.
    if (this.#etag !== undefined && this.#etag !== head.ETag) await this.#multipart.abort();
    this.#etag = head.ETag;
    this.#size = head.ContentLength ?? 0;
    const size = this.#size;
    const key = this.#key;
    const tuning = this.deps.tuning();
    const partSize = tuning.partSizeMiB * MiB;
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
        const body = observed(await open(undefined, signal), (chunk) => (this.#singleDone += chunk.length));
        try {
          await target.send(
            new PutObjectCommand({
              Bucket: to.bucket,
              Key: key,
              Body: body,
              ContentLength: size,
              ContentType: head.ContentType,
            }),
            { abortSignal: signal },
          );
        } catch (err) {
          this.#singleDone = 0;
          body.destroy();
          throw err;
        }
      }, retry);
      return;
    }
    await this.#multipart.run(
      { client: target, bucket: to.bucket, key, contentType: head.ContentType },
      size,
      { partSize, concurrency: tuning.partConcurrency },
      (range, partSignal) => open(`bytes=${range.start}-${range.end}`, partSignal),
      signal,
    );
  }

  async discard(): Promise<void> {
    this.#singleDone = 0;
    await this.#multipart.abort();
  }
}
