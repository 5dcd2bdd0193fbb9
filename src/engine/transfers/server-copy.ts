import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  type CopyObjectCommandInput,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import type { CopyCare, PartCopyRecord, ServerCopyRecord } from '../../shared/engine/records';
import { toAppError } from '../../shared/errors/to-app-error';
import { copySource } from '../../shared/s3/copy-source';
import { firstFreeName } from '../../shared/transfers/free-name';
import { RetryLog, type RetryOptions, withRetry } from '../../shared/transfers/retry';
import { type ByteRange, forEachRange, rangesOfLengths, splitRanges } from './byte-ranges';
import { copyDirectives } from './copy-directives';
import { copyEnds } from './copy-ends';
import { etagCheck, factsOf, IntegrityError } from './integrity';
import { sourceTags } from './read-tags';
import { headIfExists } from './s3-exists';
import { serverParts } from './server-parts';
import { type ExistingTarget, MiB, type TaskDeps, type TransferTask } from './task';
import { writeHeaders } from './write-headers';

/** CopyObject copies up to 5 GiB; above that (or the queue's threshold) S3 copies part by part. */
const COPY_OBJECT_LIMIT_MIB = 5 * 1024;
/** Parts S3 copies of a big object: few requests, and a resume loses at most one part's work. */
const MAX_COPY_PART = 512 * MiB;

export interface ServerCopySpec {
  /** The target's session: it reads the source and writes the target. */
  readonly sessionId: string;
  readonly from: {
    readonly bucket: string;
    readonly key: string;
    readonly size?: number;
    readonly owner?: string;
  };
  readonly to: { readonly bucket: string; readonly key: string; readonly owner?: string };
  readonly care?: CopyCare;
}

const unquoted = (etag: string | undefined): string => (etag ?? '').replace(/"/g, '');

/** An UploadPartCopy upload under way: its id, its parts (fixed for its life) and their ETags. */
interface PartCopy {
  readonly uploadId: string;
  readonly ranges: readonly ByteRange[];
  readonly done: Map<number, string>;
}

/**
 * One object copied by S3 itself, within one session that reads the source and writes the target:
 * CopyObject, or UploadPartCopy for a big object, whose finished parts are journaled so a resumed
 * copy has S3 copy only the parts still missing. Both buckets' owners go on every call: the
 * engine's clients add the target's (x-amz-expected-bucket-owner), each copy request the source's.
 */
export class ServerCopyTask implements TransferTask {
  readonly source: string;
  readonly retries = new RetryLog();
  #key: string;
  #size: number | undefined;
  #etag: string | undefined;
  #since: string | undefined;
  #upload: PartCopy | undefined;
  /** Restored from the journal: the parts S3 holds are checked before more are copied. */
  #unverified = false;
  /** Taken up from the journal: the target may be this copy's, finished before the journal said so. */
  #resumed = false;
  /** Found finished by an earlier run of the app: nothing is copied again. */
  #copied = false;
  #singleDone = 0;
  #restarted: string | undefined;

  constructor(
    private readonly spec: ServerCopySpec,
    private readonly deps: TaskDeps,
    resumed?: ServerCopyRecord,
  ) {
    this.source = `s3://${spec.from.bucket}/${spec.from.key}`;
    this.#key = spec.to.key;
    this.#size = spec.from.size;
    if (resumed) {
      this.#resumed = true;
      this.#key = resumed.to.key;
      this.#etag = resumed.etag;
      this.#since = resumed.since;
      if (resumed.upload) this.#restore(resumed.upload);
    }
  }

  #retry(signal: AbortSignal): RetryOptions {
    return { clock: this.deps.clock, signal, log: this.retries };
  }

  #client(bucket: string): Promise<S3Client> {
    return this.deps.clients.forBucket(this.spec.sessionId, bucket);
  }

  #restore(upload: PartCopyRecord): void {
    const ranges = rangesOfLengths(upload.parts);
    this.#upload = {
      uploadId: upload.uploadId,
      ranges,
      done: new Map(upload.done.filter((p) => ranges[p.n - 1]).map((p) => [p.n, p.etag])),
    };
    this.#unverified = true;
  }

  checkpoint(): ServerCopyRecord {
    const { from, to, care } = this.spec;
    const upload = this.#upload;
    return {
      kind: 'server-copy',
      ...copyEnds(from, to, this.#size, this.#key),
      ...(care && { care }),
      ...(this.#etag !== undefined && { etag: this.#etag }),
      ...(this.#since !== undefined && { since: this.#since }),
      ...(upload && {
        upload: {
          uploadId: upload.uploadId,
          parts: upload.ranges.map((r) => r.length),
          done: [...upload.done].map(([n, etag]) => ({ n, etag })),
        },
      }),
    };
  }

  restartReason(): string | undefined {
    return this.#restarted;
  }

  target(): string {
    return `s3://${this.spec.to.bucket}/${this.#key}`;
  }

  bytesTotal(): number {
    return this.#size ?? 0;
  }

  bytesDone(): number {
    const upload = this.#upload;
    if (!upload) return this.#singleDone;
    let done = 0;
    for (const n of upload.done.keys()) done += upload.ranges[n - 1]?.length ?? 0;
    return done;
  }

  async findExisting(signal: AbortSignal): Promise<ExistingTarget | undefined> {
    const client = await this.#client(this.spec.to.bucket);
    const existing = await headIfExists(client, this.spec.to.bucket, this.#key, this.#retry(signal));
    if (existing && this.#resumed && (await this.#copiedBefore(signal))) {
      this.#markCopied();
      return undefined;
    }
    return existing;
  }

  #markCopied(): void {
    this.#copied = true;
    this.#upload = undefined;
    this.#singleDone = this.#size ?? 0;
  }

  /**
   * The target is this copy's, made before the app stopped: it holds the source's ETag (when S3
   * copies it over: no KMS, one part), or else the source's size, written since the copy began.
   */
  async #copiedBefore(signal: AbortSignal): Promise<boolean> {
    this.#resumed = false;
    const [source, target] = await Promise.all([
      this.#head(this.spec.from.bucket, this.spec.from.key, signal),
      this.#head(this.spec.to.bucket, this.#key, signal),
    ]);
    if (source.ContentLength !== target.ContentLength) return false;
    this.#size = source.ContentLength ?? 0;
    const check = etagCheck(factsOf(source));
    if (check.kind === 'md5' && etagCheck(factsOf(target)).kind !== 'none')
      return unquoted(source.ETag) === unquoted(target.ETag);
    return this.#writtenSince(target);
  }

  /** Written since the copy began (S3 dates objects to the second). */
  #writtenSince(target: HeadObjectCommandOutput): boolean {
    if (this.#since === undefined || !target.LastModified) return false;
    return target.LastModified.getTime() >= Math.floor(Date.parse(this.#since) / 1000) * 1000;
  }

  #head(bucket: string, key: string, signal: AbortSignal): Promise<HeadObjectCommandOutput> {
    return this.#client(bucket).then((client) =>
      withRetry(
        () => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal }),
        this.#retry(signal),
      ),
    );
  }

  async keepBoth(signal: AbortSignal): Promise<void> {
    const client = await this.#client(this.spec.to.bucket);
    this.#key = await firstFreeName(
      this.#key,
      async (key) =>
        (await headIfExists(client, this.spec.to.bucket, key, this.#retry(signal))) !== undefined,
    );
  }

  async run(signal: AbortSignal): Promise<void> {
    // Resumed after its target was cleared (no findExisting): the copy may have finished unheard.
    if (this.#resumed && !this.#upload) {
      const client = await this.#client(this.spec.to.bucket);
      const there = await headIfExists(client, this.spec.to.bucket, this.#key, this.#retry(signal));
      if (there && (await this.#copiedBefore(signal))) this.#markCopied();
    }
    this.#resumed = false;
    if (this.#copied) return;
    const { from } = this.spec;
    const head = await this.#head(from.bucket, from.key, signal);
    // Parts copied before belong to the object as it was; a replaced source starts over.
    if (this.#etag !== undefined && this.#etag !== head.ETag) {
      if (this.#upload)
        this.#restarted = 'the source object changed since the copy began, so it started over';
      await this.discard();
    }
    this.#etag = head.ETag;
    this.#size = head.ContentLength ?? 0;
    const threshold = (this.deps.tuning().copyPartMiB ?? COPY_OBJECT_LIMIT_MIB) * MiB;
    if (this.#size <= threshold) await this.#copyObject(head, signal);
    else await this.#copyParts(head, Math.min(threshold, MAX_COPY_PART), signal);
    await this.#verify(head, signal);
  }

  /** What every copy request carries for the source: where it is, its owner, the version read. */
  #copyFrom(): Pick<
    CopyObjectCommandInput,
    'CopySource' | 'CopySourceIfMatch' | 'ExpectedSourceBucketOwner'
  > {
    const { from } = this.spec;
    return {
      CopySource: copySource(from.bucket, from.key),
      // Guards against the source being replaced halfway through the copy.
      ...(this.#etag !== undefined && { CopySourceIfMatch: this.#etag }),
      ...(from.owner !== undefined && { ExpectedSourceBucketOwner: from.owner }),
    };
  }

  async #began(): Promise<void> {
    this.#since = new Date().toISOString();
    await this.deps.checkpoint?.();
  }

  async #copyObject(head: HeadObjectCommandOutput, signal: AbortSignal): Promise<void> {
    const { to, care } = this.spec;
    const client = await this.#client(to.bucket);
    await this.#began();
    await withRetry(
      () =>
        client.send(
          new CopyObjectCommand({
            Bucket: to.bucket,
            Key: this.#key,
            ...this.#copyFrom(),
            ...copyDirectives(care ? writeHeaders(head, care) : undefined, care),
          }),
          { abortSignal: signal },
        ),
      this.#retry(signal),
    );
    this.#singleDone = this.#size ?? 0;
  }

  async #copyParts(head: HeadObjectCommandOutput, partSize: number, signal: AbortSignal): Promise<void> {
    const { from, to, care } = this.spec;
    const client = await this.#client(to.bucket);
    const retry = this.#retry(signal);
    const size = this.#size ?? 0;
    if (this.#upload && this.#unverified) await this.#checkParts(client, retry);
    if (!this.#upload) {
      // A multipart upload starts blank: the tags are read and set again like the headers.
      const source = await this.#client(from.bucket);
      const tags = care?.tags === 'keep' ? await sourceTags(source, from, retry) : [];
      await this.#began();
      const created = await withRetry(
        () =>
          client.send(
            new CreateMultipartUploadCommand({
              ...writeHeaders(head, care, tags),
              Bucket: to.bucket,
              Key: this.#key,
            }),
            { abortSignal: signal },
          ),
        retry,
      );
      if (!created.UploadId) throw new Error('CreateMultipartUpload returned no upload id');
      this.#upload = { uploadId: created.UploadId, ranges: splitRanges(size, partSize), done: new Map() };
      await this.deps.checkpoint?.();
    }
    const upload = this.#upload;
    const missing = upload.ranges.filter((r) => !upload.done.has(r.number));
    await forEachRange(missing, this.deps.tuning().partConcurrency, signal, async (range, partSignal) => {
      const out = await withRetry(
        () =>
          client.send(
            new UploadPartCopyCommand({
              Bucket: to.bucket,
              Key: this.#key,
              UploadId: upload.uploadId,
              PartNumber: range.number,
              CopySourceRange: `bytes=${range.start}-${range.end}`,
              ...this.#copyFrom(),
            }),
            { abortSignal: partSignal },
          ),
        { ...retry, signal: partSignal },
      );
      const etag = out.CopyPartResult?.ETag;
      if (!etag) throw new Error(`UploadPartCopy ${range.number} returned no ETag`);
      upload.done.set(range.number, etag);
      void this.deps.checkpoint?.();
    });
    try {
      await withRetry(
        () =>
          client.send(
            new CompleteMultipartUploadCommand({
              Bucket: to.bucket,
              Key: this.#key,
              UploadId: upload.uploadId,
              MultipartUpload: {
                Parts: upload.ranges.map((r) => ({ PartNumber: r.number, ETag: upload.done.get(r.number) })),
              },
            }),
            { abortSignal: signal },
          ),
        retry,
      );
    } catch (err) {
      // An answer cut off after S3 applied the Complete: the upload is gone, the object is the proof.
      if ((err as { name?: string }).name !== 'NoSuchUpload') throw err;
      const target = await this.#head(to.bucket, this.#key, signal).catch(() => undefined);
      if (!target || target.ContentLength !== size || !this.#writtenSince(target)) throw err;
    }
    this.#upload = undefined;
  }

  /** Keeps the journaled parts S3 still holds with the same ETag; a vanished upload starts over. */
  async #checkParts(client: S3Client, retry: RetryOptions): Promise<void> {
    const upload = this.#upload as PartCopy;
    this.#unverified = false;
    const held = await serverParts(
      client,
      { bucket: this.spec.to.bucket, key: this.#key, uploadId: upload.uploadId },
      retry,
    );
    if (held === 'gone') {
      this.#upload = undefined;
      this.#restarted = 'its multipart upload was no longer in S3, so it started over';
      return;
    }
    for (const [n, etag] of [...upload.done]) {
      const there = held.get(n);
      if (!there || unquoted(there.etag) !== unquoted(etag) || there.size !== upload.ranges[n - 1]?.length)
        upload.done.delete(n);
    }
  }

  /** The target holds the source's size, and its ETag where S3 carries it over (one part, no KMS). */
  async #verify(source: HeadObjectCommandOutput, signal: AbortSignal): Promise<void> {
    const target = await this.#head(this.spec.to.bucket, this.#key, signal);
    const sameSize = target.ContentLength === source.ContentLength;
    // A multipart source, a multipart copy or a KMS key gives the target an ETag of its own.
    const comparable = etagCheck(factsOf(source)).kind === 'md5' && etagCheck(factsOf(target)).kind === 'md5';
    if (!sameSize || (comparable && unquoted(source.ETag) !== unquoted(target.ETag)))
      throw new IntegrityError(`The copy of ${this.spec.from.key} does not match its source.`);
  }

  async discard(): Promise<void> {
    this.#singleDone = 0;
    const upload = this.#upload;
    this.#upload = undefined;
    this.#unverified = false;
    if (!upload) return;
    const { to } = this.spec;
    const client = await this.#client(to.bucket);
    await client
      .send(new AbortMultipartUploadCommand({ Bucket: to.bucket, Key: this.#key, UploadId: upload.uploadId }))
      .catch((err: unknown) => {
        if (toAppError(err).code !== 'not-found' && (err as { name?: string }).name !== 'NoSuchUpload')
          throw err;
      });
  }
}
