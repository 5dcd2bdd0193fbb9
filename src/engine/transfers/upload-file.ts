import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  PutObjectCommand,
  type PutObjectCommandInput,
  type PutObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import mime from 'mime-types';
import type { UploadRecord, WriteCare } from '../../shared/engine/records';
import type { Clock } from '../../shared/transfers/clock';
import { firstFreeName } from '../../shared/transfers/free-name';
import { RetryLog, type RetryOptions, withRetry } from '../../shared/transfers/retry';
import type { ByteRange } from './byte-ranges';
import { factsOf, IntegrityError, storedAsSent } from './integrity';
import { ResumableMultipartUpload } from './multipart-upload';
import { readIfSmall } from './read-small';
import { sendStreamed } from './request-body';
import { headIfExists } from './s3-exists';
import { storedAlready } from './stored-already';
import {
  type ExistingTarget,
  MiB,
  type S3Clients,
  TargetAppeared,
  type TransferTask,
  type TransferTuning,
} from './task';
import { type WriteHeaders, writeHeaders } from './write-headers';

export interface UploadSpec {
  readonly sessionId: string;
  readonly bucket: string;
  readonly key: string;
  readonly localPath: string;
  /** Folders become zero-byte `name/` objects so empty folders survive the trip. */
  readonly kind: 'file' | 'folder';
  readonly size: number;
  /** The account the bucket must belong to (the engine's clients send it on every call). */
  readonly owner?: string;
  /** The target's ACL, KMS key and storage class (see records.ts); absent: the bucket's defaults. */
  readonly care?: WriteCare;
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
  /** Resolves once the journal holds what every task did so far (see multipart-upload.ts). */
  readonly checkpoint?: () => Promise<void>;
}

type FileStamp = NonNullable<UploadRecord['stamp']>;

const sameFile = (a: FileStamp, b: FileStamp): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs;

/** One local file (or empty folder) to one key: PutObject up to a part size, resumable multipart above. */
export class UploadFileTask implements TransferTask {
  readonly source: string;
  readonly retries = new RetryLog();
  /** How this task's requests are retried, with the retries shown on its row. */
  #retry(signal: AbortSignal): RetryOptions {
    return { clock: this.deps.clock, signal, log: this.retries };
  }
  #key: string;
  #size: number;
  #singleDone = 0;
  /**
   * The conflict check was left to the PUT itself (`If-None-Match: *`), saving a HEAD per
   * file. Once that PUT is refused, or the file outgrew one PUT, the next check must HEAD.
   */
  #checkedByPut = false;
  #mustLook = false;
  /** The file as it was when its multipart upload began; parts of another file must not mix in. */
  #stamp: FileStamp | undefined;
  #restarted: string | undefined;
  /**
   * Restored from the journal with no multipart upload recorded: the file may have reached S3
   * after the journal's last write, so the server is asked before anything is sent.
   */
  #outcomeUnknown = false;
  readonly #multipart: ResumableMultipartUpload;

  /** `resumed`: what the journal kept of this upload before the app stopped. */
  constructor(
    private readonly spec: UploadSpec,
    private readonly deps: TaskDeps,
    resumed?: UploadRecord,
  ) {
    this.source = spec.localPath;
    this.#key = spec.key;
    this.#size = spec.size;
    this.#multipart = new ResumableMultipartUpload(deps.clock, this.retries, deps.checkpoint);
    if (resumed) {
      this.#key = resumed.key;
      this.#stamp = resumed.stamp;
      if (resumed.multipart) this.#multipart.restore(resumed.multipart);
      this.#outcomeUnknown = resumed.multipart?.upload === undefined;
    }
  }

  checkpoint(): UploadRecord {
    const { bucket, localPath, kind, owner, care } = this.spec;
    const multipart = this.#multipart.state();
    return {
      kind: 'upload',
      bucket,
      ...(owner !== undefined && { owner }),
      ...(care && { care }),
      key: this.#key,
      localPath,
      entry: kind,
      size: this.#size,
      ...(multipart && { multipart, ...(this.#stamp && { stamp: this.#stamp }) }),
    };
  }

  /** The content type of the file's name, and the target's ACL, KMS key and storage class. */
  #headers(contentType?: string): WriteHeaders {
    return writeHeaders(contentType ? { ContentType: contentType } : {}, this.spec.care);
  }

  restartReason(): string | undefined {
    return this.#restarted ?? this.#multipart.restarted;
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
    return headIfExists(client, this.spec.bucket, this.#key, this.#retry(signal));
  }

  async keepBoth(signal: AbortSignal): Promise<void> {
    const client = await this.deps.clients.forBucket(this.spec.sessionId, this.spec.bucket);
    this.#key = await firstFreeName(
      this.#key,
      async (key) => (await headIfExists(client, this.spec.bucket, key, this.#retry(signal))) !== undefined,
    );
  }

  async run(signal: AbortSignal, mayReplace: boolean): Promise<void> {
    const { bucket, localPath } = this.spec;
    const client = await this.deps.clients.forBucket(this.spec.sessionId, bucket);
    const key = this.#key;
    if (this.spec.kind === 'folder') {
      await withRetry(
        () =>
          client.send(new PutObjectCommand({ ...this.#headers(), Bucket: bucket, Key: key, Body: '' }), {
            abortSignal: signal,
          }),
        { clock: this.deps.clock, signal, log: this.retries },
      );
      return;
    }
    // The file may have changed since it was picked; send what is there now, not a torn copy.
    const now = await readIfSmall(localPath, BUFFERED_MAX);
    this.#size = now.size;
    const tuning = this.deps.tuning();
    const partSize = tuning.partSizeMiB * MiB;
    const contentType = mime.lookup(localPath) || 'application/octet-stream';
    const place = async () => ({ client, bucket, key });
    if (this.#size <= partSize) {
      if (this.#outcomeUnknown) {
        const stored = await storedAlready(
          client,
          { bucket, key, localPath, size: this.#size, bytes: now.bytes },
          this.#retry(signal),
        );
        // Asked once: from here on this run's own PUT decides (and a failed HEAD is asked again).
        this.#outcomeUnknown = false;
        if (stored === 'this-file') {
          this.#singleDone = this.#size;
          return;
        }
        if (stored === 'another' && !mayReplace) {
          // Not ours and not to be replaced unasked: the queue asks, and no body was sent for nothing.
          this.#mustLook = true;
          throw new TargetAppeared(this.target());
        }
      }
      if (this.#multipart.active) {
        await this.#multipart.abort(place);
        this.#restarted = 'the file changed since its upload began, so it started over';
      }
      await this.#putSingle(client, key, contentType, mayReplace, signal, now.bytes);
      return;
    }
    if (this.#checkedByPut && !mayReplace) {
      // It grew past one PUT since it was picked, and a multipart upload cannot be made conditional
      // on every server: look first, like any large file.
      this.#mustLook = true;
      throw new TargetAppeared(this.target());
    }
    const stamped = await stat(localPath);
    const stamp = { size: stamped.size, mtimeMs: stamped.mtimeMs };
    if (this.#multipart.active && this.#stamp && !sameFile(stamp, this.#stamp)) {
      await this.#multipart.abort(place);
      this.#restarted = 'the file changed since its upload began, so it started over';
    }
    if (!this.#multipart.active) this.#stamp = stamp;
    this.#size = stamp.size;
    await this.#multipart.run(
      { client, bucket, key, headers: this.#headers(contentType) },
      this.#size,
      { partSize, concurrency: tuning.partConcurrency },
      Object.assign(
        async (range: ByteRange) => createReadStream(localPath, { start: range.start, end: range.end }),
        {
          file: localPath,
        },
      ),
      signal,
    );
  }

  /**
   * One PUT, checked against the ETag it answers with. Unless the user chose to overwrite it may
   * only create (`If-None-Match: *`): an object that appeared since the check (or was never HEADed,
   * see #checkedByPut) is asked about, not replaced — unless it holds exactly this file's bytes,
   * which is this very PUT whose answer was lost and that the SDK sent again.
   */
  async #putSingle(
    client: S3Client,
    key: string,
    contentType: string,
    mayReplace: boolean,
    signal: AbortSignal,
    /** The whole file, when it is small enough to be sent from memory (read once, by its open handle). */
    bytes: Buffer | undefined,
  ): Promise<void> {
    const { bucket, localPath } = this.spec;
    // Once a PUT of ours created the key (with altered bytes), replacing it is ours to do.
    let conditional = !mayReplace;
    const put = (Body: PutObjectCommandInput['Body'], ContentLength: number, abortSignal: AbortSignal) =>
      client.send(
        new PutObjectCommand({
          ...this.#headers(contentType),
          Bucket: bucket,
          Key: key,
          Body,
          ContentLength,
          IfNoneMatch: conditional ? '*' : undefined,
        }),
        { abortSignal },
      );
    try {
      await withRetry(
        async () => {
          this.#singleDone = 0;
          const md5 = createHash('md5');
          let answer: PutObjectCommandOutput;
          if (bytes) {
            md5.update(bytes);
            answer = await put(bytes, bytes.length, signal);
          } else {
            answer = await sendStreamed(
              createReadStream(localPath),
              (chunk) => {
                md5.update(chunk);
                this.#singleDone += chunk.length;
              },
              signal,
              (body, requestSignal) => put(body, this.#size, requestSignal),
            );
          }
          if (!storedAsSent(md5.digest('hex'), factsOf(answer))) {
            conditional = false;
            throw new IntegrityError(`${key} arrived altered.`);
          }
          this.#singleDone = this.#size;
        },
        { clock: this.deps.clock, signal, log: this.retries },
      );
    } catch (err) {
      this.#singleDone = 0;
      if (!isPreconditionFailed(err)) throw err;
      if (await this.#holdsThisFile(client, key, signal)) {
        this.#singleDone = this.#size;
        return;
      }
      this.#mustLook = true;
      throw new TargetAppeared(this.target());
    }
  }

  async #holdsThisFile(client: S3Client, key: string, signal: AbortSignal): Promise<boolean> {
    const { bucket, localPath } = this.spec;
    const file = { bucket, key, localPath, size: this.#size };
    return (await storedAlready(client, file, this.#retry(signal)).catch(() => 'none')) === 'this-file';
  }

  async discard(): Promise<void> {
    this.#singleDone = 0;
    this.#stamp = undefined;
    await this.#multipart.abort(async () => ({
      client: await this.deps.clients.forBucket(this.spec.sessionId, this.spec.bucket),
      bucket: this.spec.bucket,
      key: this.#key,
    }));
  }
}
