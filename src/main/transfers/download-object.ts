import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { type FileHandle, lstat, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { AppFailure } from '../errors/app-error';
import { BatchedWriter } from './batched-writer';
import { type ByteRange, countingStream, forEachRange, splitRanges } from './byte-ranges';
import { firstFreeName } from './free-name';
import { PartProgress } from './part-progress';
import { placeWithoutReplacing } from './place-file';
import { withRetry } from './retry';
import { ensureDirInside, resolveInside } from './safe-path';
import { type ExistingTarget, MiB, TargetAppeared, type TransferTask } from './transfer-task';
import type { TaskDeps } from './upload-file';

export interface DownloadSpec {
  readonly id: string;
  readonly sessionId: string;
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  /** From the listing, for display before the object is opened. */
  readonly size?: number;
  readonly targetDir: string;
  /** Already mapped by safe-path; folder keys (ending '/') become directories. */
  readonly relative: string;
  readonly isFolder: boolean;
}

interface ObjectIdentity {
  readonly size: number;
  readonly etag?: string;
}

// lstat: a dangling symbolic link is still something a new file must not silently replace.
const exists = async (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    () => false,
  );

// A single-part ETag is the MD5 of the bytes; multipart and SSE-KMS ETags are not, and are not checked.
/** Bodies up to this size are gathered in memory and written with one call. */
const WRITTEN_AT_ONCE_MAX = MiB;

const md5Etag = (etag: string | undefined): string | undefined =>
  /^"?([0-9a-f]{32})"?$/.exec(etag ?? '')?.[1];

/**
 * One object to one file. Bytes go to a hidden temporary file next to the target and are
 * renamed into place only once complete and verified, so a half-written file never looks
 * finished. Large objects come as parallel ranged GETs written at their offsets; ranges
 * already written survive a pause or an expired session.
 */
export class DownloadObjectTask implements TransferTask {
  readonly source: string;
  #relative: string;
  #target: { readonly relative: string; readonly path: string } | undefined;
  #object: ObjectIdentity | undefined;
  #tempPath: string | undefined;
  /** The temporary file holds the whole verified object; only placing it is left. */
  #complete = false;
  readonly #ranges = new Set<number>();
  readonly #progress = new PartProgress();

  constructor(
    private readonly spec: DownloadSpec,
    private readonly deps: TaskDeps,
  ) {
    this.source = `s3://${spec.bucket}/${spec.key}`;
    this.#relative = spec.relative;
  }

  target(): string {
    // Asked for every item of every progress snapshot; resolved again only after "keep both".
    if (this.#target?.relative !== this.#relative)
      this.#target = { relative: this.#relative, path: resolveInside(this.spec.targetDir, this.#relative) };
    return this.#target.path;
  }

  bytesTotal(): number {
    return this.#object?.size ?? this.spec.size ?? 0;
  }

  bytesDone(): number {
    return this.#progress.done();
  }

  async findExisting(): Promise<ExistingTarget | undefined> {
    if (this.spec.isFolder) return undefined;
    const path = this.target();
    const found = await lstat(path).catch(() => undefined);
    return found && { name: path, size: found.size, modified: found.mtime.toISOString() };
  }

  async keepBoth(): Promise<void> {
    this.#relative = await firstFreeName(this.#relative, (candidate) =>
      exists(resolveInside(this.spec.targetDir, candidate)),
    );
  }

  async run(signal: AbortSignal, mayReplace: boolean): Promise<void> {
    const path = this.target();
    if (this.spec.isFolder) {
      await ensureDirInside(this.spec.targetDir, path);
      return;
    }
    const { bucket } = this.spec;
    const client = await this.deps.clients.forBucket(this.spec.sessionId, bucket);
    // Named after the key's file, not the target: "keep both" renames the target, not the work done.
    const temp = join(dirname(path), `.${basename(this.spec.relative)}.crossbucket-part-${this.spec.id}`);
    await ensureDirInside(this.spec.targetDir, dirname(path));
    const partSize = this.deps.tuning().partSizeMiB * MiB;
    if (this.spec.size !== undefined && this.spec.size <= partSize) {
      // Small as listed: one GET says the size and ETag itself, so a HEAD first would only double
      // the requests. Nothing of a single GET is worth keeping, so every run fetches afresh.
      await this.discard();
      this.#tempPath = temp;
      await this.#fetchWhole(client, temp, signal);
    } else await this.#fetchRanged(client, temp, partSize, signal);
    if (mayReplace) await rename(temp, path);
    else if (!(await placeWithoutReplacing(temp, path))) throw new TargetAppeared(path);
    this.#tempPath = undefined;
    this.#complete = false;
    this.#ranges.clear();
  }

  /** Fetches `temp` by HEAD then ranged GETs, keeping the ranges an earlier run of this object wrote. */
  async #fetchRanged(client: S3Client, temp: string, partSize: number, signal: AbortSignal): Promise<void> {
    const { bucket, key, versionId } = this.spec;
    const retry = { clock: this.deps.clock, signal };
    const head = await withRetry(
      () =>
        client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }), {
          abortSignal: signal,
        }),
      retry,
    );
    const object: ObjectIdentity = { size: head.ContentLength ?? 0, etag: head.ETag };
    // Ranges from an earlier run only fit if the object is the same one, written to the same file.
    if (this.#tempPath !== temp || this.#object?.etag !== object.etag) {
      await this.discard();
      this.#tempPath = temp;
    }
    this.#object = object;
    if (!this.#complete) await this.#fetch(client, object, temp, partSize, signal);
  }

  /** One plain GET of the whole object into `temp`, verified by its own size and MD5 ETag. */
  async #fetchWhole(client: S3Client, temp: string, signal: AbortSignal): Promise<void> {
    const { bucket, key, versionId } = this.spec;
    const written = await withRetry(
      async () => {
        this.#progress.reset();
        const got = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
          {
            abortSignal: signal,
          },
        );
        this.#object = { size: got.ContentLength ?? 0, etag: got.ETag };
        return this.#writeBody(got.Body as Readable | undefined, temp, this.#object, signal);
      },
      { clock: this.deps.clock, signal },
    );
    await this.#checkSize(written, this.#object?.size ?? 0);
  }

  /**
   * Writes a whole-object body to `temp`, checking it against the ETag when that is an MD5;
   * returns the bytes written. Small bodies are gathered and written at once: a stream
   * pipeline per 4 KiB file cost more than the file's own request.
   */
  async #writeBody(
    body: Readable | undefined,
    temp: string,
    object: ObjectIdentity,
    signal: AbortSignal,
  ): Promise<number> {
    if (!body) throw new Error('GetObject returned no body');
    const md5 = createHash('md5');
    let written = 0;
    const seen = (chunk: Buffer): void => {
      md5.update(chunk);
      written += chunk.length;
      this.#progress.add(1, chunk.length);
    };
    try {
      if (object.size <= WRITTEN_AT_ONCE_MAX) {
        const chunks: Buffer[] = [];
        for await (const chunk of body as AsyncIterable<Buffer>) {
          seen(chunk);
          // Also bounds the memory held: a body is never gathered past the size S3 announced.
          if (written > object.size) throw new Error('S3 sent more bytes than the object has');
          chunks.push(chunk);
        }
        await writeFile(temp, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), { signal });
      } else await pipeline(body, countingStream(seen), createWriteStream(temp), { signal });
    } catch (err) {
      this.#progress.reset();
      throw err;
    }
    const expected = md5Etag(object.etag);
    if (expected && md5.digest('hex') !== expected) {
      this.#progress.reset();
      throw new AppFailure('internal', `The download of ${this.spec.key} does not match its ETag (MD5).`);
    }
    return written;
  }

  async #checkSize(written: number, size: number): Promise<void> {
    if (written !== size) {
      await this.discard();
      throw new AppFailure(
        'internal',
        `The download of ${this.spec.key} is ${written} bytes; S3 said ${size}.`,
      );
    }
    this.#complete = true;
  }

  /** Writes the whole object to `temp`, verified by size and, where the ETag is an MD5, by content. */
  async #fetch(
    client: S3Client,
    object: ObjectIdentity,
    temp: string,
    partSize: number,
    signal: AbortSignal,
  ): Promise<void> {
    const { bucket, key, versionId } = this.spec;
    const retry = { clock: this.deps.clock, signal };
    this.#progress.dropAll();
    let written: number;
    const get = (range: ByteRange | undefined, rangeSignal: AbortSignal) =>
      client.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          VersionId: versionId,
          // IfMatch: a range from an object replaced mid-download would corrupt the file.
          IfMatch: object.etag,
          Range: range && `bytes=${range.start}-${range.end}`,
        }),
        { abortSignal: rangeSignal },
      );
    if (object.size <= partSize) {
      written = await withRetry(async () => {
        this.#progress.reset();
        return this.#writeBody(
          (await get(undefined, signal)).Body as Readable | undefined,
          temp,
          object,
          signal,
        );
      }, retry);
    } else {
      const ranges = splitRanges(object.size, partSize);
      const handle = await open(temp, this.#ranges.size > 0 ? 'r+' : 'w');
      try {
        await forEachRange(
          ranges.filter((r) => !this.#ranges.has(r.number)),
          this.deps.tuning().partConcurrency,
          signal,
          (range, rangeSignal) =>
            withRetry(() => this.#fetchRange(handle, range, get, rangeSignal), {
              clock: this.deps.clock,
              signal: rangeSignal,
            }),
        );
      } finally {
        await handle.close();
      }
      written = (await stat(temp)).size;
    }

    await this.#checkSize(written, object.size);
  }

  async #fetchRange(
    handle: FileHandle,
    range: ByteRange,
    get: (range: ByteRange, signal: AbortSignal) => Promise<{ Body?: unknown }>,
    signal: AbortSignal,
  ): Promise<void> {
    this.#progress.drop(range.number);
    const body = (await get(range, signal)).Body as Readable | undefined;
    if (!body) throw new Error('GetObject returned no body');
    const writer = new BatchedWriter(handle, range.start);
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        if (writer.position + chunk.length > range.end + 1)
          throw new Error('S3 sent more bytes than the range asked for');
        await writer.push(chunk);
        this.#progress.add(range.number, chunk.length);
      }
      await writer.flush();
    } catch (err) {
      this.#progress.drop(range.number);
      body.destroy();
      throw err;
    }
    if (writer.position !== range.end + 1) {
      this.#progress.drop(range.number);
      throw Object.assign(new Error(`Range ${range.number} ended early`), {
        code: 'ERR_STREAM_PREMATURE_CLOSE',
      });
    }
    this.#ranges.add(range.number);
    this.#progress.commit(range.number, range.length);
  }

  async discard(): Promise<void> {
    const temp = this.#tempPath;
    this.#tempPath = undefined;
    this.#object = undefined;
    this.#complete = false;
    this.#ranges.clear();
    this.#progress.reset();
    if (temp) await rm(temp, { force: true });
  }
}
