import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import mime from 'mime-types';
import { observed } from './byte-ranges';
import type { Clock } from './clock';
import { firstFreeName } from './free-name';
import { ResumableMultipartUpload } from './multipart-upload';
import { RetryLog, withRetry } from './retry';
import { headIfExists } from './s3-exists';
import {
  type ExistingTarget,
  MiB,
  type S3Clients,
  TargetAppeared,
  type TransferTask,
  type TransferTuning,
} from './transfer-task';

export interface UploadSpec {
  readonly sessionId: string;
  readonly bucket: string;
  readonly key: string;
  readonly localPath: string;
  /** Folders become zero-byte `name/` objects so empty folders survive the trip. */
  readonly kind: 'file' | 'folder';
  readonly size: number;
}

/** Files up to this size are read whole and sent from memory: fewer streams and events per file. */
const BUFFERED_MAX = MiB;

/** S3 refused a conditional PUT because the key exists (412 Precondition Failed). */
const isPreconditionFailed = (err: unknown): boolean =>
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412;

export interface TaskDeps {
  readonly clients: S3Clients;
  readonly clock: Clock;
  readonly tuning: () => TransferTuning;
}

/** One local file (or empty folder) to one key: PutObject up to a part size, resumable multipart above. */
export class UploadFileTask implements TransferTask {
  readonly source: string;
  readonly retries = new RetryLog();
  #key: string;
  #size: number;
  #singleDone = 0;
  /**
   * The conflict check was left to the PUT itself (`If-None-Match: *`), saving a HEAD per
   * file. Once that PUT is refused, or the file outgrew one PUT, the next check must HEAD.
   */
  #checkedByPut = false;
  #mustLook = false;
  readonly #multipart: ResumableMultipartUpload;

  constructor(
    private readonly spec: UploadSpec,
    private readonly deps: TaskDeps,
  ) {
    this.source = spec.localPath;
    this.#key = spec.key;
    this.#size = spec.size;
    this.#multipart = new ResumableMultipartUpload(deps.clock, this.retries);
  }

  target(): string {
    return `s3://${this.spec.bucket}/${this.#key}`;
  }

  bytesTotal(): number {
    return this.#size;
  }

  bytesDone(): number {
    return this.#singleDone + this.#multipart.progress.done();
  }

  async findExisting(signal: AbortSignal): Promise<ExistingTarget | undefined> {
    // Re-creating a folder marker changes nothing, so it never needs asking.
    if (this.spec.kind === 'folder') return undefined;
    this.#checkedByPut = !this.#mustLook && this.#size <= this.deps.tuning().partSizeMiB * MiB;
    if (this.#checkedByPut) return undefined;
    const client = await this.deps.clients.forBucket(this.spec.sessionId, this.spec.bucket);
    return headIfExists(client, this.spec.bucket, this.#key, signal);
  }

  async keepBoth(signal: AbortSignal): Promise<void> {
    const client = await this.deps.clients.forBucket(this.spec.sessionId, this.spec.bucket);
    this.#key = await firstFreeName(
      this.#key,
      async (key) => (await headIfExists(client, this.spec.bucket, key, signal)) !== undefined,
    );
  }

  async run(signal: AbortSignal, mayReplace: boolean): Promise<void> {
    const { bucket, localPath } = this.spec;
    const client = await this.deps.clients.forBucket(this.spec.sessionId, bucket);
    const key = this.#key;
    if (this.spec.kind === 'folder') {
      await withRetry(
        () =>
          client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '' }), { abortSignal: signal }),
        { clock: this.deps.clock, signal, log: this.retries },
      );
      return;
    }
    // The file may have changed since it was picked; send what is there now, not a torn copy.
    this.#size = (await stat(localPath)).size;
    const tuning = this.deps.tuning();
    const partSize = tuning.partSizeMiB * MiB;
    const contentType = mime.lookup(localPath) || 'application/octet-stream';
    // Unless the user chose to overwrite, the PUT may only create: an object that appeared
    // since the check (or was never HEADed, see #checkedByPut) is asked about, not replaced.
    const IfNoneMatch = mayReplace ? undefined : '*';
    if (this.#size <= partSize) {
      try {
        await withRetry(
          async () => {
            this.#singleDone = 0;
            const put = (Body: PutObjectCommandInput['Body'], ContentLength: number) =>
              client.send(
                new PutObjectCommand({
                  Bucket: bucket,
                  Key: key,
                  Body,
                  ContentLength,
                  ContentType: contentType,
                  IfNoneMatch,
                }),
                { abortSignal: signal },
              );
            if (this.#size <= BUFFERED_MAX) {
              const bytes = await readFile(localPath);
              this.#size = bytes.length;
              await put(bytes, bytes.length);
              this.#singleDone = bytes.length;
              return;
            }
            const body = observed(createReadStream(localPath), (chunk) => (this.#singleDone += chunk.length));
            try {
              await put(body, this.#size);
            } catch (err) {
              this.#singleDone = 0;
              body.destroy();
              throw err;
            }
          },
          { clock: this.deps.clock, signal, log: this.retries },
        );
      } catch (err) {
        if (!isPreconditionFailed(err)) throw err;
        this.#mustLook = true;
        throw new TargetAppeared(this.target());
      }
      return;
    }
    if (this.#checkedByPut && !mayReplace) {
      // It grew past one PUT since it was picked, and a multipart upload cannot be made conditional
      // on every server: look first, like any large file.
      this.#mustLook = true;
      throw new TargetAppeared(this.target());
    }
    await this.#multipart.run(
      { client, bucket, key, contentType },
      this.#size,
      { partSize, concurrency: tuning.partConcurrency },
      async (range) => createReadStream(localPath, { start: range.start, end: range.end }),
      signal,
    );
  }

  async discard(): Promise<void> {
    this.#singleDone = 0;
    await this.#multipart.abort();
  }
}
