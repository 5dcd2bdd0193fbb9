import { lstat, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DownloadRecord } from '../../shared/engine/records';
import { AppFailure } from '../../shared/errors/app-error';
import type { Verification } from '../../shared/models/transfer';
import { firstFreeName } from '../../shared/transfers/free-name';
import { RetryLog, withRetry } from '../../shared/transfers/retry';
import { log } from '../log';
import { type ByteRange, rangesOfLengths } from './byte-ranges';
import { fetchRanges, planOf, planRanges, type RangePlan } from './download-fetch-ranges';
import { checkSize, type FetchIo, fetchWhole } from './download-fetch-whole';
import { endpointOf, judgePass, MAX_PASSES, verifiedAs } from './download-verdict';
import { etagCheck, factsOf, type ObjectIdentity, type Verdict, verdictOfFile } from './integrity';
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

const lengths = (ranges: readonly ByteRange[]): number[] => ranges.map((r) => r.length);

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
 * One object to one file. Bytes go to a hidden temporary file next to the target and are renamed
 * into place only once complete and judged (download-verdict.ts): verified against what the server
 * said, or kept as "saved, not verified" with the reason, so a half-written or corrupted file never
 * looks finished. Large objects come as parallel ranged GETs written at their offsets
 * (download-fetch-ranges.ts); ranges already written survive a pause or an expired session.
 */
export class DownloadObjectTask implements TransferTask {
  readonly source: string;
  readonly retries = new RetryLog();
  #relative: string;
  #target: { readonly relative: string; readonly path: string; readonly unsafe?: unknown } | undefined;
  #object: ObjectIdentity | undefined;
  #plan: RangePlan | undefined;
  /**
   * What the last download that disagreed with the ETag hashed to: the same wrong bytes twice are
   * judged by download-verdict.ts (a failure on AWS, "saved, not verified" behind a custom endpoint).
   */
  #mismatch: string | undefined;
  /** What the bytes in the temporary file (then the placed file) were found to be. */
  #verification: Verification | undefined;
  #tempPath: string | undefined;
  /** The temporary file holds the whole judged object; only placing it is left. */
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
          ...(this.#mismatch !== undefined && { mismatch: this.#mismatch }),
        }),
    };
  }

  restartReason(): string | undefined {
    return this.#restarted;
  }

  /** Set once the download is done (undefined for folders): verified, or saved but not verified and why. */
  verification(): Verification | undefined {
    return this.#verification;
  }

  #restore(record: DownloadRecord): void {
    this.#resumed = true;
    this.#relative = record.current;
    // Whatever a run of this item left beside the target is this item's to finish or remove.
    this.target();
    if (this.#target?.unsafe === undefined) this.#tempPath = this.#tempFor(this.target());
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
    // A wrong pass before the restart still counts: the same wrong bytes after it are the second.
    this.#mismatch = record.mismatch;
  }

  #tempFor(path: string): string {
    return downloadTempPath(path, this.spec.relative, this.spec.id);
  }

  target(): string {
    // Asked for every item of every progress snapshot; resolved again only after "keep both".
    // A key that would lead out of the folder is refused when the item runs (#writePath): here it
    // only names the item, and throwing from a snapshot would stop every other item with it.
    if (this.#target?.relative !== this.#relative) {
      const relative = this.#relative;
      try {
        this.#target = { relative, path: resolveInside(this.spec.targetDir, relative) };
      } catch (err) {
        this.#target = { relative, path: `${resolve(this.spec.targetDir)}${sep}${relative}`, unsafe: err };
      }
    }
    return this.#target.path;
  }

  /** Where this item may write: never outside the folder (the refusal fails this item alone). */
  #writePath(): string {
    const path = this.target();
    if (this.#target?.unsafe !== undefined) throw this.#target.unsafe;
    return path;
  }

  bytesTotal(): number {
    return this.#object?.size ?? this.spec.size ?? 0;
  }

  bytesDone(): number {
    return this.#progress.done();
  }

  async findExisting(signal: AbortSignal): Promise<ExistingTarget | undefined> {
    if (this.spec.isFolder) return undefined;
    const path = this.#writePath();
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
    const client = await this.deps.clients.forBucket(this.spec.sessionId, this.spec.bucket);
    const object = await this.#head(client, signal);
    if (object.size !== found.size) return false;
    const verdict = await verdictOfFile(client, { ...this.spec, ...object }, path, this.#io(signal).retry);
    const check = etagCheck(object);
    if (!verdict?.ok || check.kind === 'none') return false;
    this.#verification = verifiedAs(check);
    this.#placedBefore = true;
    return true;
  }

  async keepBoth(): Promise<void> {
    this.#relative = await firstFreeName(this.#relative, (candidate) =>
      exists(resolveInside(this.spec.targetDir, candidate)),
    );
  }

  async run(signal: AbortSignal, mayReplace: boolean): Promise<void> {
    const path = this.#writePath();
    if (this.spec.isFolder) {
      await ensureDirInside(this.spec.targetDir, path);
      return;
    }
    if (this.#placedBefore || (await this.#holdsObjectAlready(path, signal))) {
      const verification = this.#verification;
      await this.discard();
      this.#verification = verification;
      return;
    }
    const client = await this.deps.clients.forBucket(this.spec.sessionId, this.spec.bucket);
    const temp = this.#tempFor(path);
    await ensureDirInside(this.spec.targetDir, dirname(path));
    const partSize = this.deps.tuning().partSizeMiB * MiB;
    if (this.spec.size !== undefined && this.spec.size <= partSize) {
      // Small as listed: one GET says the size and ETag itself, so a HEAD first would only double
      // the requests. Nothing of a single GET is worth keeping, so every run fetches afresh.
      await this.discard();
      this.#tempPath = temp;
      await this.#fetchWholeJudged(client, temp, signal);
    } else await this.#fetchRanged(client, temp, partSize, signal);
    if (mayReplace) await rename(temp, path);
    else if (!(await placeWithoutReplacing(temp, path))) throw new TargetAppeared(path);
    this.#tempPath = undefined;
    this.#complete = false;
    this.#ranges.clear();
  }

  #io(signal: AbortSignal): FetchIo {
    return { progress: this.#progress, retry: { clock: this.deps.clock, signal, log: this.retries } };
  }

  #head(client: S3Client, signal: AbortSignal): Promise<ObjectIdentity> {
    const { bucket, key, versionId } = this.spec;
    return withRetry(
      () =>
        client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }), {
          abortSignal: signal,
        }),
      this.#io(signal).retry,
    ).then((head) => ({ size: head.ContentLength ?? 0, ...factsOf(head) }));
  }

  /** Fetches `temp` by HEAD then ranged GETs, keeping the ranges an earlier run of this object wrote. */
  async #fetchRanged(client: S3Client, temp: string, partSize: number, signal: AbortSignal): Promise<void> {
    const object = await this.#head(client, signal);
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
    if (object.size <= partSize) await this.#fetchWholeJudged(client, temp, signal, object.etag);
    else await this.#fetchRangesJudged(client, object, temp, partSize, signal);
    this.#complete = true;
  }

  async #tempHolds(temp: string, size: number): Promise<boolean> {
    const found = await stat(temp).catch(() => undefined);
    return found?.isFile() === true && found.size <= size;
  }

  /** All ranges, then the file against the ETag; a mismatch fetches every range again (see `#judge`). */
  async #fetchRangesJudged(
    client: S3Client,
    object: ObjectIdentity,
    temp: string,
    partSize: number,
    signal: AbortSignal,
  ): Promise<void> {
    this.#plan ??= await planRanges(client, { ...this.spec, ...object }, partSize, this.#io(signal).retry);
    const plan = this.#plan;
    const followed = this.retries.follow();
    const fetch = {
      ...this.#io(signal),
      done: this.#ranges,
      concurrency: this.deps.tuning().partConcurrency,
      // On the worker thread while the other ranges keep streaming; a failure leaves the parts to
      // be hashed (and reported) by the check of the whole file.
      hash: (range: ByteRange) =>
        plan.digests?.hashRange(temp, range).catch(() => undefined) ?? Promise.resolve(),
      checkpoint: () => void this.deps.checkpoint?.(),
    };
    try {
      for (let pass = 1; ; pass++) {
        await fetchRanges(client, this.spec, object, temp, plan.ranges, fetch);
        checkSize(this.spec.key, (await stat(temp)).size, object.size);
        const verdict = await plan.digests?.verifyFile(temp);
        if (this.#judge(client, object, verdict, pass)) return;
        // One object-wide digest cannot tell which range went wrong: every range comes again.
        followed.note({ attempt: pass + 1, of: MAX_PASSES, reason: 'checksum mismatch' });
        this.#ranges.clear();
        plan.digests?.forget();
      }
    } finally {
      followed.end();
    }
  }

  /**
   * Whole GETs of the object into `temp` until one is kept (see `#judge`); the SDK also checks
   * the CRC a server sends with a whole GET. `ifMatch`: the ETag a HEAD just saw.
   */
  async #fetchWholeJudged(
    client: S3Client,
    temp: string,
    signal: AbortSignal,
    ifMatch?: string,
  ): Promise<void> {
    const followed = this.retries.follow();
    try {
      for (let pass = 1; ; pass++) {
        const { object, md5 } = await fetchWhole(client, this.spec, temp, this.#io(signal), ifMatch);
        this.#object = object;
        const ref = { ...this.spec, ...object };
        const verdict = await verdictOfFile(client, ref, temp, this.#io(signal).retry, md5);
        if (this.#judge(client, object, verdict, pass)) return;
        followed.note({ attempt: pass + 1, of: MAX_PASSES, reason: 'checksum mismatch' });
        this.#progress.reset();
      }
    } finally {
      followed.end();
    }
  }

  /**
   * True when the pass's bytes are kept (with their verification), false to fetch them again;
   * throws when they must not be kept (download-verdict.ts says which).
   */
  #judge(client: S3Client, object: ObjectIdentity, verdict: Verdict | undefined, pass: number): boolean {
    const check = etagCheck(object);
    const outcome = judgePass({
      check,
      verdict,
      previous: this.#mismatch,
      pass,
      endpoint: endpointOf(client),
    });
    if (outcome.kind === 'keep') {
      this.#verification = outcome.verification;
      if (outcome.verification.state === 'not-verified')
        log.warn(`${this.source}: saved, not verified (${outcome.verification.reason}).`);
      return true;
    }
    if (verdict) this.#mismatch = verdict.found;
    if (outcome.kind === 'again') return false;
    throw new AppFailure(
      'internal',
      `The download of ${this.spec.key} failed: the bytes that arrived do not match the object (${outcome.why}; its ETag is ${object.etag}). Nothing was saved.`,
    );
  }

  async discard(): Promise<void> {
    const temp = this.#tempPath;
    this.#tempPath = undefined;
    this.#resumed = false;
    this.#placedBefore = false;
    this.#object = undefined;
    this.#plan = undefined;
    this.#mismatch = undefined;
    this.#verification = undefined;
    this.#complete = false;
    this.#ranges.clear();
    this.#progress.reset();
    if (temp) await rm(temp, { force: true });
  }
}
