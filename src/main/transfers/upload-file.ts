import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import mime from 'mime-types';
import { observed } from './byte-ranges';
import type { Clock } from './clock';
import { firstFreeName } from './free-name';
import { ResumableMultipartUpload } from './multipart-upload';
import { withRetry } from './retry';
import { headIfExists } from './s3-exists';
import {
  type ExistingTarget,
  MiB,
  type S3Clients,
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

export interface TaskDeps {
  readonly clients: S3Clients;
  readonly clock: Clock;
  readonly tuning: () => TransferTuning;
}

/** One local file (or empty folder) to one key: PutObject up to a part size, resumable multipart above. */
export class UploadFileTask implements TransferTask {
  readonly source: string;
  #key: string;
  #size: number;
  #singleDone = 0;
  readonly #multipart: ResumableMultipartUpload;

  constructor(
    private readonly spec: UploadSpec,
    private readonly deps: TaskDeps,
  ) {
    this.source = spec.localPath;
    this.#key = spec.key;
    this.#size = spec.size;
    this.#multipart = new ResumableMultipartUpload(deps.clock);
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

  async run(signal: AbortSignal): Promise<void> {
    const { bucket, localPath } = this.spec;
    const client = await this.deps.clients.forBucket(this.spec.sessionId, bucket);
    const key = this.#key;
    if (this.spec.kind === 'folder') {
      await withRetry(
        () =>
          client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '' }), { abortSignal: signal }),
        { clock: this.deps.clock, signal },
      );
      return;
    }
    // The file may have changed since it was picked; send what is there now, not a torn copy.
    this.#size = (await stat(localPath)).size;
    const tuning = this.deps.tuning();
    const partSize = tuning.partSizeMiB * MiB;
    const contentType = mime.lookup(localPath) || 'application/octet-stream';
    if (this.#size <= partSize) {
      await withRetry(
        async () => {
          this.#singleDone = 0;
          const body = observed(createReadStream(localPath), (chunk) => (this.#singleDone += chunk.length));
          try {
            await client.send(
              new PutObjectCommand({
                Bucket: bucket,
                Key: key,
                Body: body,
                ContentLength: this.#size,
                ContentType: contentType,
              }),
              { abortSignal: signal },
            );
          } catch (err) {
            this.#singleDone = 0;
            body.destroy();
            throw err;
          }
        },
        { clock: this.deps.clock, signal },
      );
      return;
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
