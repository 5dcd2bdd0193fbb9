import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fail } from '../../shared/errors/app-error';
import { toAppError } from '../../shared/errors/to-app-error';
import type {
  CompareCounts,
  CompareLocation,
  CompareMode,
  ComparePage,
  CompareRow,
  CompareRowsPage,
  SideFacts,
} from '../../shared/models/compare';
import type { EventSink } from '../events/event-sink';
import { bucketArn } from '../s3/arns';
import type { S3ClientPool } from '../s3/client-pool';
import type { PathGrants } from '../security/path-grants';
import type { SessionAccess } from '../sessions/session-access';
import { sessionBucketOwners } from './bucket-facts';
import { type ChecksumSide, decideByChecksum } from './checksum-step';
import { classify, etagIsMd5, type SideTraits } from './classify';
import { keyWarning, LookAlikes } from './key-warnings';
import { walkLocal } from './local-source';
import { assertComparable, normalised } from './locations';
import { md5OfFile } from './md5-of-file';
import { type Listed, mergeSorted, OutOfOrderError, type Paired } from './merge';
import { clearSpillFolder, type RowQuery, RowSpill } from './row-spill';
import { listS3 } from './s3-source';
import { sideTraits } from './side-traits';

/** Rows are sent in batches this big, or sooner when the listings are slow (FLUSH_MS). */
const BATCH_ROWS = 500;
const FLUSH_MS = 150;

export interface CompareRequest {
  readonly left: CompareLocation;
  readonly right: CompareLocation;
  readonly mode: CompareMode;
}

/** A finished or running compare as main keeps it: its rows on disk, the counts in memory. */
export interface CompareRecord {
  readonly request: CompareRequest;
  readonly controller: AbortController;
  /**
   * Every row, in key order: `rows()` gives what a plan copies, overwrites or deletes (not the
   * `same` ones), `page` the slice the window shows. On disk, so main's memory does not grow
   * with the keys.
   */
  readonly actionable: RowSpill;
  counts: CompareCounts;
  done: boolean;
  failed: boolean;
  /** Bucket → owning account, where a session could tell: sent as x-amz-expected-bucket-owner. */
  readonly owners: ReadonlyMap<string, string>;
}

export interface CompareDeps {
  readonly pool: S3ClientPool;
  readonly sessions: Pick<SessionAccess, 'context' | 'onRenewed'>;
  readonly grants: Pick<PathGrants, 'allows'>;
  readonly sink: EventSink;
  /** The account behind a session, when known: a bucket it lists is that account's. */
  readonly accountOf: (sessionId: string) => string | undefined;
  /** Where running compares keep their rows (`spillFolder(dataDir)`): emptied at start and on dispose. */
  readonly spillFolder: string;
}

/** Writing the rows to disk failed (full, removed): not the listing's fault. */
class SpillError extends Error {
  constructor(
    readonly folder: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'SpillError';
  }
}

/** Unreadable (or named otherwise on disk): left unhashed, and the row says it is undecided. */
const localMd5 = (root: string, key: string): Promise<{ etag?: string }> =>
  md5OfFile(join(root, key)).then(
    (etag) => ({ etag }),
    () => ({}),
  );

const zeroCounts = (): CompareCounts => ({
  'only-left': 0,
  'only-right': 0,
  different: 0,
  same: 0,
  undecided: 0,
});

/**
 * Compares two locations as their listings stream in: both sorted in S3's key order and merged,
 * so a million keys a side pass through holding one page each. Rows go to the window in
 * batches (`comparePage`); main keeps every row, on disk.
 */
export class CompareService {
  readonly #deps: CompareDeps;
  readonly #compares = new Map<string, CompareRecord>();
  /** Rows a previous run left on disk (a crash) are deleted before the first compare writes any. */
  readonly #cleared: Promise<void>;

  constructor(deps: CompareDeps) {
    this.#deps = deps;
    this.#cleared = clearSpillFolder(deps.spillFolder).catch(() => undefined);
  }

  async start(input: CompareRequest): Promise<{ readonly compareId: string }> {
    const request = { ...input, left: normalised(input.left), right: normalised(input.right) };
    assertComparable(request.left, request.right);
    for (const side of [request.left, request.right]) {
      if (side.kind === 's3') this.#deps.sessions.context(side.sessionId);
      // Picked to read (upload) or to write into (download): either way the user chose it in main's dialog.
      else if (
        !(await this.#deps.grants.allows('read', side.path)) &&
        !(await this.#deps.grants.allows('write', side.path))
      )
        fail(
          'unauthorized',
          `Refused to compare ${side.path}: it was not chosen in a dialog or dropped on the window.`,
          {
            details: { path: side.path },
            hints: ['Pick the folder with "Compare a local folder…".'],
          },
        );
    }
    const s3Sides = [request.left, request.right].flatMap((side) => (side.kind === 's3' ? [side] : []));
    const owners = await sessionBucketOwners(
      this.#deps.pool,
      this.#deps.sessions,
      this.#deps.accountOf,
      s3Sides.map((s) => s.sessionId),
      s3Sides.map((s) => s.bucket),
    );
    const compareId = randomUUID();
    await this.#cleared;
    const record: CompareRecord = {
      request,
      owners,
      controller: new AbortController(),
      actionable: await RowSpill.create(this.#deps.spillFolder, compareId).catch((err: unknown) =>
        fail(
          'internal',
          `Could not make a file for the compare's rows in ${this.#deps.spillFolder}: ${err instanceof Error ? err.message : String(err)}`,
          { hints: ["Free some disk space or check that folder's permissions, then compare again."] },
        ),
      ),
      counts: zeroCounts(),
      done: false,
      failed: false,
    };
    this.#compares.set(compareId, record);
    void this.#run(compareId, record);
    return { compareId };
  }

  get(compareId: string): CompareRecord {
    return this.#compares.get(compareId) ?? fail('not-found', 'That compare is gone; run it again.');
  }

  /** Stops the compare and deletes its rows from disk. */
  cancel(compareId: string): Promise<void> {
    const record = this.#compares.get(compareId);
    this.#compares.delete(compareId);
    if (!record) return Promise.resolve();
    record.controller.abort();
    return record.actionable.remove().catch(() => undefined);
  }

  /** Drops every compare and its rows on disk (the app quits). */
  async dispose(): Promise<void> {
    await Promise.all([...this.#compares.keys()].map((id) => this.cancel(id)));
    await clearSpillFolder(this.#deps.spillFolder).catch(() => undefined);
  }

  /** Replaces a row (as `rows` gave it) after a deep check decided it. */
  settle(compareId: string, before: CompareRow, row: CompareRow): void {
    const record = this.get(compareId);
    record.counts = { ...record.counts, [before.status]: record.counts[before.status] - 1 };
    record.counts = { ...record.counts, [row.status]: record.counts[row.status] + 1 };
    record.actionable.settle(before, row);
  }

  /** The slice of the rows the window shows (it keeps no more than that). */
  page(compareId: string, query: RowQuery): Promise<CompareRowsPage> {
    return this.get(compareId).actionable.page(query);
  }

  async #run(compareId: string, record: CompareRecord): Promise<void> {
    const { request, controller } = record;
    const { signal } = controller;
    let batch: CompareRow[] = [];
    let flushedAt = Date.now();
    let waiting: 'left' | 'right' | undefined;
    const counts: Record<string, number> = { ...zeroCounts() };
    const emit = (done: boolean, error?: ComparePage['error']) => {
      record.counts = { ...(counts as CompareCounts) };
      const page: ComparePage = {
        compareId,
        rows: batch,
        counts: record.counts,
        done,
        ...(waiting && { waiting }),
        ...(error && { error }),
      };
      batch = [];
      flushedAt = Date.now();
      if (!signal.aborted) this.#deps.sink.emit('comparePage', page);
    };
    // One wait per side for its session's renewal, shared by the listing and the checksum HEADs.
    const parked: Partial<Record<'left' | 'right', Promise<void>>> = {};
    const place = (side: 'left' | 'right', location: Extract<CompareLocation, { kind: 's3' }>) => ({
      client: () => this.#deps.pool.forBucket(location.sessionId, location.bucket),
      bucket: location.bucket,
      prefix: location.prefix,
      ...(record.owners.has(location.bucket) && { expectedOwner: record.owners.get(location.bucket) }),
      signal,
      expired: () => {
        waiting = side;
        emit(false);
        parked[side] ??= this.#renewed(location.sessionId, signal).finally(() => {
          waiting = undefined;
          delete parked[side];
        });
        return parked[side];
      },
    });
    const source = (side: 'left' | 'right'): AsyncIterable<Listed<SideFacts>> => {
      const location = request[side];
      if (location.kind === 'local') return walkLocal(location.path, signal);
      return listS3(place(side, location));
    };
    const checksumSide = (side: 'left' | 'right'): ChecksumSide => {
      const location = request[side];
      return location.kind === 'local'
        ? { kind: 'local', root: location.path }
        : { kind: 's3', place: place(side, location) };
    };
    let failing: 'left' | 'right' = 'left';
    const spillFailed = (err: unknown): never => {
      throw new SpillError(this.#deps.spillFolder, err);
    };
    try {
      // Asked while the first pages are on their way: the first rows need both.
      const traits = Promise.all([
        sideTraits(this.#deps.pool, request.left),
        sideTraits(this.#deps.pool, request.right),
      ]).then(([left, right]) => ({ left, right }));
      const lookAlikes = new LookAlikes();
      const tagged = (side: 'left' | 'right') =>
        (async function* () {
          try {
            yield* source(side);
          } catch (err) {
            failing = side;
            throw err;
          }
        })();
      const rowOf = async (pair: Paired<SideFacts>) => this.#row(pair, request, await traits, lookAlikes);
      const listed = (async function* () {
        for await (const pair of mergeSorted(tagged('left'), tagged('right'))) yield await rowOf(pair);
      })();
      const sides = { left: checksumSide('left'), right: checksumSide('right') };
      for await (const row of decideByChecksum(listed, sides, signal)) {
        counts[row.status] = (counts[row.status] ?? 0) + 1;
        await record.actionable.append(row).catch(spillFailed);
        batch.push(row);
        if (batch.length >= BATCH_ROWS || Date.now() - flushedAt >= FLUSH_MS) emit(false);
      }
      await record.actionable.flush().catch(spillFailed);
      record.done = true;
      emit(true);
    } catch (err) {
      if (signal.aborted) return;
      record.done = true;
      record.failed = true;
      if (err instanceof SpillError) {
        emit(true, {
          ...toAppError(err.cause),
          side: failing,
          message: `Could not keep the compare's rows in ${err.folder}: ${err.message} The rows above are what was compared before; nothing was changed.`,
        });
        return;
      }
      const side = err instanceof OutOfOrderError ? err.side : failing;
      const location = request[side];
      const error = toAppError(err, {
        action: 's3:ListBucket',
        ...(location.kind === 's3' && { resource: bucketArn(location.bucket) }),
      });
      emit(true, {
        ...error,
        side,
        message: `The ${side} side's listing stopped: ${error.message} The rows above are what was compared before it did; nothing was changed.`,
      });
    }
  }

  async #row(
    pair: Paired<SideFacts>,
    request: CompareRequest,
    traits: { readonly left: SideTraits; readonly right: SideTraits },
    lookAlikes: LookAlikes,
  ): Promise<CompareRow> {
    const { key } = pair;
    let { left, right } = pair;
    const odd = keyWarning(key);
    if (!left || !right) {
      const lookAlike = lookAlikes.check(key);
      const earlier = lookAlike?.earlier === undefined ? 'another key' : `"${lookAlike.earlier}"`;
      const warning =
        odd ??
        (lookAlike &&
          `Differs from ${earlier} only in case or Unicode normalisation: a local folder on macOS or Windows holds them as one file.`);
      return {
        key,
        status: left ? 'only-left' : 'only-right',
        reasons: [],
        ...(left && { left }),
        ...(right && { right }),
        ...(warning && { warning }),
      };
    }
    // A local file decides against an ETag that is its MD5: hash it (on a worker thread).
    if (request.mode === 'content' && left.size === right.size) {
      if (request.left.kind === 'local' && etagIsMd5(right.etag, traits.right))
        left = { ...left, ...(await localMd5(request.left.path, key)) };
      if (request.right.kind === 'local' && etagIsMd5(left.etag, traits.left))
        right = { ...right, ...(await localMd5(request.right.path, key)) };
    }
    const into = request.right.kind === 'local' ? 'folder' : 'bucket';
    const verdict = classify(left, right, request.mode, traits, into);
    return { key, ...verdict, left, right, ...(odd && { warning: odd }) };
  }

  /** Resolves when the session has fresh credentials; rejects if the compare is cancelled first. */
  #renewed(sessionId: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const stop = this.#deps.sessions.onRenewed((renewed) => {
        if (renewed !== sessionId) return;
        stop();
        resolve();
      });
      signal.addEventListener(
        'abort',
        () => {
          stop();
          reject(new Error('cancelled'));
        },
        { once: true },
      );
    });
  }
}
