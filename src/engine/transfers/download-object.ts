import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { type FileHandle, lstat, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DownloadRecord } from '../../shared/engine/records';
import { AppFailure } from '../../shared/errors/app-error';
import { firstFreeName } from '../../shared/transfers/free-name';
import { RetryLog, withRetry } from '../../shared/transfers/retry';
import { log } from '../log';
import { BatchedWriter } from './batched-writer';
import { type ByteRange, countingStream, forEachRange, rangesOfLengths } from './byte-ranges';
import {
  alignedRanges,
  type EtagCheck,
  etagCheck,
  etagParts,
  factsOf,
  IntegrityError,
  md5OfFile,
  type ObjectFacts,
  PartDigests,
  type Verdict,
} from './integrity';
import { PartProgress } from './part-progress';
import { placeWithoutReplacing } from './place-file';
import { ensureDirInside, resolveInside } from './safe-path';
import { type ExistingTarget, MiB, TargetAppeared, type TaskDeps, type TransferTask } from './task';

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

interface ObjectIdentity extends ObjectFacts {
  readonly size: number;
}

/** How a ranged download splits the object, fixed for the object's life (settings may change in between). */
interface RangePlan {
  readonly ranges: readonly ByteRange[];
  /** The object's parts, as its ETag was computed over them; undefined when unknown. */
  readonly parts?: readonly ByteRange[];
  /** Undefined when the ETag cannot be checked (see integrity.ts). */
  readonly digests?: PartDigests;
}

const planOf = (
  object: ObjectIdentity,
  ranges: readonly ByteRange[],
  parts?: readonly ByteRange[],
): RangePlan => {
  const check = etagCheck(object);
  if (check.kind === 'none' || !parts) return { ranges };
  return { ranges, parts, digests: new PartDigests(check, parts) };
};

const lengths = (ranges: readonly ByteRange[]): number[] => ranges.map((r) => r.length);

/** Whole downloads of one object before its ETag mismatch counts as a failure. */
const MAX_PASSES = 3;
/** Bodies up to this size are gathered in memory and written with one call. */
const WRITTEN_AT_ONCE_MAX = MiB;

/**
 * The hidden file a download writes before it is verified and renamed into place. Named after the
 * key's file and the item's id, not the target: "keep both" renames the target, not the work done.
 */
export const downloadTempPath = (target: string, relative: string, id: string): string =>
  join(dirname(target), `.${basename(relative)}.crossbucket-part-${id}`);

// lstat: a dangling symbolic link is still something a new file must not silently replace.
const exists = async (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    () => false,
  );

/**
 * One object to one file. Bytes go to a hidden temporary file next to the target and are
 * renamed into place only once complete and verified against the ETag (integrity.ts), so a
 * half-written or corrupted file never looks finished. Large objects come as parallel ranged
 * GETs written at their offsets; ranges already written survive a pause or an expired session.
 */
export class DownloadObjectTask implements TransferTask {
  readonly source: string;
  readonly retries = new RetryLog();
  #relative: string;
  #target: { readonly relative: string; readonly path: string } | undefined;
  #object: ObjectIdentity | undefined;
  #plan: RangePlan | undefined;
  /**
   * What the last mismatching download hashed to. The same bytes twice mean the server holds them
   * so (its ETag is not their MD5, as on some S3-compatible servers): kept, with a warning in the log.
   */
  #mismatch: string | undefined;
  #tempPath: string | undefined;
  /** The temporary file holds the whole verified object; only placing it is left. */
  #complete = false;
  readonly #ranges = new Set<number>();
  readonly #progress = new PartProgress();
  /**
   * Taken up from the journal: the app may have stopped after the file was placed but before the
   * journal said so, so a target that holds exactly the object counts as this download, done.
   */
  #resumed = false;
  #placedBefore = false;
  #restarted: string | undefined;

  /** `resumed`: what the journal kept of this download before the app stopped. */
  constructor(
    private readonly spec: DownloadSpec,
    private readonly deps: TaskDeps,
    resumed?: DownloadRecord,
  ) {
    this.source = `s3://${spec.bucket}/${spec.key}`;
    this.#relative = spec.relative;
    if (resumed) this.#restore(resumed);
  }

  checkpoint(): DownloadRecord {
    const { id, bucket, key, versionId, size, targetDir, relative, isFolder } = this.spec;
    const object = this.#object;
    const plan = this.#plan;
    return {
      kind: 'download',
      id,
      bucket,
      key,
      ...(versionId !== undefined && { versionId }),
      ...(size !== undefined && { size }),
      targetDir,
      relative,
      current: this.#relative,
      folder: isFolder,
      // Only a ranged download keeps anything worth resuming; a single GET starts afresh.
      ...(object &&
        plan && {
          object: {
            size: object.size,
            ...(object.etag !== undefined && { etag: object.etag }),
            ...(object.serverSideEncryption !== undefined && {
              serverSideEncryption: object.serverSideEncryption,
            }),
            ...(object.sseCustomerAlgorithm !== undefined && {
              sseCustomerAlgorithm: object.sseCustomerAlgorithm,
            }),
          },
          ranges: lengths(plan.ranges),
          ...(plan.parts && { parts: lengths(plan.parts) }),
          done: [...this.#ranges].sort((a, b) => a - b),
        }),
    };
  }

  restartReason(): string | undefined {
    return this.#restarted;
  }

  #restore(record: DownloadRecord): void {
    this.#resumed = true;
    this.#relative = record.current;
    // Whatever a run of this item left beside the target is this item's to finish or remove.
    this.#tempPath = this.#tempFor(this.target());
    if (!record.object || !record.ranges) return;
    this.#object = record.object;
    const ranges = rangesOfLengths(record.ranges);
    this.#plan = planOf(record.object, ranges, record.parts && rangesOfLengths(record.parts));
    for (const n of record.done ?? []) {
      const range = ranges[n - 1];
      if (!range) continue;
      this.#ranges.add(n);
      this.#progress.commit(n, range.length);
    }
  }

  #tempFor(path: string): string {
    return downloadTempPath(path, this.spec.relative, this.spec.id);
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

  async findExisting(signal: AbortSignal): Promise<ExistingTarget | undefined> {
    if (this.spec.isFolder) return undefined;
    const path = this.target();
    const found = await lstat(path).catch(() => undefined);
    if (found && (await this.#holdsObjectAlready(path, signal))) return undefined;
    return found && { name: path, size: found.size, modified: found.mtime.toISOString() };
  }

  /**
   * For a download taken up from the journal: true when `path` is a file holding exactly the
   * object (size, and its bytes against the ETag), which this item placed before the app stopped.
   */
  async #holdsObjectAlready(path: string, signal: AbortSignal): Promise<boolean> {
    if (!this.#resumed) return false;
    this.#resumed = false;
    const found = await lstat(path).catch(() => undefined);
    if (!found?.isFile()) return false;
    const { bucket, key, versionId } = this.spec;
    const client = await this.deps.clients.forBucket(this.spec.sessionId, bucket);
    const retry = { clock: this.deps.clock, signal, log: this.retries };
    const head = await withRetry(
      () =>
        client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }), {
          abortSignal: signal,
        }),
      retry,
    );
    const object: ObjectIdentity = { size: head.ContentLength ?? 0, ...factsOf(head) };
    if (object.size !== found.size) return false;
    const check = etagCheck(object);
    if (check.kind === 'md5') this.#placedBefore = (await md5OfFile(path)) === check.hex;
    else if (check.kind === 'multipart') {
      const parts = await this.#partsOf(client, object, check, signal);
      this.#placedBefore = parts !== undefined && (await new PartDigests(check, parts).verifyFile(path)).ok;
    }
    return this.#placedBefore;
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
    if (this.#placedBefore || (await this.#holdsObjectAlready(path, signal))) {
      await this.discard();
      return;
    }
    const { bucket } = this.spec;
    const client = await this.deps.clients.forBucket(this.spec.sessionId, bucket);
    const temp = this.#tempFor(path);
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
    const retry = { clock: this.deps.clock, signal, log: this.retries };
    const head = await withRetry(
      () =>
        client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }), {
          abortSignal: signal,
        }),
      retry,
    );
    const object: ObjectIdentity = { size: head.ContentLength ?? 0, ...factsOf(head) };
    // Ranges from an earlier run only fit if the object is the same one, written to the same file.
    if (this.#tempPath !== temp || this.#object?.etag !== object.etag) {
      if (this.#ranges.size > 0 && this.#object?.etag !== object.etag)
        this.#restarted = 'the object changed in S3 since its download began, so it started over';
      await this.discard();
      this.#tempPath = temp;
    } else if (this.#ranges.size > 0 && !(await this.#tempHolds(temp, object.size))) {
      // The ranges written before are gone with their file (removed, or the disk was cleaned).
      this.#ranges.clear();
      this.#plan?.digests?.forget();
      this.#progress.reset();
    }
    this.#object = object;
    if (this.#complete) return;
    if (object.size <= partSize) await this.#fetchWhole(client, temp, signal, object.etag);
    else await this.#fetchVerifiedRanges(client, object, temp, partSize, signal);
    this.#complete = true;
  }

  async #tempHolds(temp: string, size: number): Promise<boolean> {
    const found = await stat(temp).catch(() => undefined);
    return found?.isFile() === true && found.size <= size;
  }

  /** All ranges, then the file against the ETag; a mismatch fetches every range again, a bounded number of times. */
  async #fetchVerifiedRanges(
    client: S3Client,
    object: ObjectIdentity,
    temp: string,
    partSize: number,
    signal: AbortSignal,
  ): Promise<void> {
    this.#plan ??= await this.#planRanges(client, object, partSize, signal);
    const plan = this.#plan;
    const followed = this.retries.follow();
    try {
      for (let pass = 1; ; pass++) {
        await this.#fetchRanges(client, object, temp, plan.ranges, signal);
        this.#checkSize((await stat(temp)).size, object.size);
        const verdict = await plan.digests?.verifyFile(temp);
        if (verdict === undefined || verdict.ok || this.#repeats(verdict)) return;
        this.#mismatch = verdict.found;
        if (pass >= MAX_PASSES)
          throw new AppFailure(
            'internal',
            `The download of ${this.spec.key} did not match its ETag in ${pass} tries; nothing was saved.`,
          );
        // One object-wide digest cannot tell which range went wrong: every range comes again.
        followed.note({ attempt: pass + 1, of: MAX_PASSES, reason: 'checksum mismatch' });
        this.#ranges.clear();
        plan.digests?.forget();
      }
    } finally {
      followed.end();
    }
  }

  /** Ranges aligned to the object's parts, and the digests that check them against the ETag. */
  async #planRanges(
    client: S3Client,
    object: ObjectIdentity,
    partSize: number,
    signal: AbortSignal,
  ): Promise<RangePlan> {
    const parts = await this.#partsOf(client, object, etagCheck(object), signal);
    return planOf(object, alignedRanges(object.size, partSize, parts), parts);
  }

  #partsOf(client: S3Client, object: ObjectIdentity, check: EtagCheck, signal: AbortSignal) {
    const { bucket, key, versionId } = this.spec;
    return etagParts(client, { bucket, key, versionId, size: object.size }, check, {
      clock: this.deps.clock,
      signal,
      log: this.retries,
    });
  }

  /** True when the bytes hash as they did last time they mismatched: see `#mismatch`. */
  #repeats(verdict: Verdict): boolean {
    if (this.#mismatch !== verdict.found) return false;
    log.warn(
      `${this.source}: two downloads agree byte for byte but not with the ETag ${this.#object?.etag}; kept as the server holds it.`,
    );
    return true;
  }

  /**
   * One plain GET of the whole object into `temp`, verified by its size and its ETag (the SDK
   * also checks the CRC the server sends with a whole GET). A mismatch is fetched again.
   * `ifMatch`: the ETag a HEAD just saw, so an object replaced in between is not mixed up.
   */
  async #fetchWhole(client: S3Client, temp: string, signal: AbortSignal, ifMatch?: string): Promise<void> {
    const { bucket, key, versionId } = this.spec;
    await withRetry(
      async () => {
        this.#progress.reset();
        const got = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId, IfMatch: ifMatch }),
          { abortSignal: signal },
        );
        const object: ObjectIdentity = { size: got.ContentLength ?? 0, ...factsOf(got) };
        this.#object = object;
        const { md5, written } = await this.#writeBody(
          got.Body as Readable | undefined,
          temp,
          object,
          signal,
        );
        this.#checkSize(written, object.size);
        const check = etagCheck(object);
        const verdict: Verdict | undefined =
          check.kind === 'md5'
            ? { ok: md5 === check.hex, found: md5 }
            : check.kind === 'multipart'
              ? await this.#verifyMultipartFile(client, object, check, temp, signal)
              : undefined;
        if (verdict && !verdict.ok && !this.#repeats(verdict)) {
          this.#mismatch = verdict.found;
          this.#progress.reset();
          throw new IntegrityError(`The download of ${key} does not match its ETag.`);
        }
      },
      { clock: this.deps.clock, signal, log: this.retries },
    );
  }

  /** A small object uploaded in parts: its parts are read back from `temp` and hashed. */
  async #verifyMultipartFile(
    client: S3Client,
    object: ObjectIdentity,
    check: EtagCheck & { kind: 'multipart' },
    temp: string,
    signal: AbortSignal,
  ): Promise<Verdict | undefined> {
    const parts = await this.#partsOf(client, object, check, signal);
    return parts && new PartDigests(check, parts).verifyFile(temp);
  }

  /**
   * Writes a whole-object body to `temp`; resolves to the MD5 (hex) of what was written and its
   * length. Small bodies are gathered and written at once: a stream pipeline per 4 KiB file cost
   * more than the file's own request.
   */
  async #writeBody(
    body: Readable | undefined,
    temp: string,
    object: ObjectIdentity,
    signal: AbortSignal,
  ): Promise<{ readonly md5: string; readonly written: number }> {
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
          if (written > object.size) throw new IntegrityError('S3 sent more bytes than the object has');
          chunks.push(chunk);
        }
        await writeFile(temp, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), { signal });
      } else await pipeline(body, countingStream(seen), createWriteStream(temp), { signal });
    } catch (err) {
      this.#progress.reset();
      throw err;
    }
    return { md5: md5.digest('hex'), written };
  }

  #checkSize(written: number, size: number): void {
    if (written !== size)
      throw new IntegrityError(`The download of ${this.spec.key} is ${written} bytes; S3 said ${size}.`);
  }

  /** Fetches the ranges of `ranges` not yet on disk into `temp`, each at its offset. */
  async #fetchRanges(
    client: S3Client,
    object: ObjectIdentity,
    temp: string,
    ranges: readonly ByteRange[],
    signal: AbortSignal,
  ): Promise<void> {
    const { bucket, key, versionId } = this.spec;
    this.#progress.dropAll();
    const get = (range: ByteRange, rangeSignal: AbortSignal) =>
      client.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          VersionId: versionId,
          // IfMatch: a range from an object replaced mid-download would corrupt the file.
          IfMatch: object.etag,
          Range: `bytes=${range.start}-${range.end}`,
        }),
        { abortSignal: rangeSignal },
      );
    const handle = await open(temp, this.#ranges.size > 0 ? 'r+' : 'w');
    try {
      await forEachRange(
        ranges.filter((r) => !this.#ranges.has(r.number)),
        this.deps.tuning().partConcurrency,
        signal,
        (range, rangeSignal) =>
          withRetry(() => this.#fetchRange(handle, temp, range, get, rangeSignal), {
            clock: this.deps.clock,
            signal: rangeSignal,
            log: this.retries,
          }),
      );
    } finally {
      await handle.close();
    }
  }

  async #fetchRange(
    handle: FileHandle,
    temp: string,
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
      // On the disk before the journal can say so: a power cut must not leave a hole it calls done.
      await handle.datasync();
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
    // On the worker thread while the other ranges keep streaming; a failure leaves the parts to
    // be hashed (and reported) by the check of the whole file.
    await this.#plan?.digests?.hashRange(temp, range).catch(() => undefined);
    this.#ranges.add(range.number);
    this.#progress.commit(range.number, range.length);
    void this.deps.checkpoint?.();
  }

  async discard(): Promise<void> {
    const temp = this.#tempPath;
    this.#tempPath = undefined;
    this.#resumed = false;
    this.#placedBefore = false;
    this.#object = undefined;
    this.#plan = undefined;
    this.#mismatch = undefined;
    this.#complete = false;
    this.#ranges.clear();
    this.#progress.reset();
    if (temp) await rm(temp, { force: true });
  }
}
