import { randomUUID } from 'node:crypto';
import { toAppError } from '../../shared/errors/to-app-error';
import type { IncompleteUploadList } from '../../shared/models/incomplete-upload';
import type { StorageSummary, UploadsTally } from '../../shared/models/storage-summary';
import type { EventSink } from '../events/event-sink';
import { bucketArn } from '../s3/arns';
import type { S3ClientPool } from '../s3/client-pool';
import { SummaryTally } from './tally';
import { type WithClient, walkObjects, walkVersions } from './walk-listing';

/** Progress events at most this often: a page of 1,000 keys can arrive every few milliseconds. */
const PROGRESS_EVERY_MS = 250;
/** Summaries kept per session; the oldest are forgotten first. */
const KEPT_PER_SESSION = 20;

export interface SummaryRequest {
  readonly sessionId: string;
  readonly bucket: string;
  /** The folder ('' for the bucket); a selection's items are in it. */
  readonly prefix: string;
  /** A selection: these objects and folders of `prefix` only. */
  readonly selection?: { readonly keys: readonly string[]; readonly prefixes: readonly string[] };
  readonly versions: boolean;
}

export interface SummaryDeps {
  readonly pool: S3ClientPool;
  readonly sink: EventSink;
  /** The user's threshold: a listing stops here and suggests S3 Inventory instead. */
  readonly keyLimit: () => number;
  readonly bucketRegion: (sessionId: string, bucket: string) => Promise<string>;
  readonly incompleteUploads: (
    sessionId: string,
    bucket: string,
    prefix: string,
  ) => Promise<IncompleteUploadList>;
  readonly now?: () => number;
}

const uploadsTally = (list: IncompleteUploadList, inScope: (key: string) => boolean): UploadsTally => {
  const uploads = list.uploads.filter((u) => inScope(u.key));
  return {
    uploads: uploads.length,
    parts: uploads.reduce((s, u) => s + (u.parts ?? 0), 0),
    bytes: uploads.reduce((s, u) => s + (u.size ?? 0), 0),
    atLeast:
      list.truncated || list.partsSkipped || uploads.some((u) => u.partsCapped || u.parts === undefined),
  };
};

/**
 * Size, count and age of a prefix (or a selection) from one streamed listing without a
 * delimiter, as `storageSummaryChanged` events; the results stay with the session, with their time.
 */
export class StorageSummaryService {
  readonly #deps: SummaryDeps;
  readonly #summaries = new Map<string, StorageSummary>();
  readonly #active = new Map<string, AbortController>();

  constructor(deps: SummaryDeps) {
    this.#deps = deps;
  }

  /** Throws at once for a session that is not open; everything later arrives as events. */
  start(request: SummaryRequest): string {
    const region = this.#deps.pool.regionOf(request.sessionId, request.bucket);
    const summaryId = randomUUID();
    const controller = new AbortController();
    this.#active.set(summaryId, controller);
    void this.#run(summaryId, request, region, controller.signal).finally(() =>
      this.#active.delete(summaryId),
    );
    return summaryId;
  }

  cancel(summaryId: string): void {
    this.#active.get(summaryId)?.abort();
  }

  list(sessionId: string): readonly StorageSummary[] {
    return [...this.#summaries.values()].filter((s) => s.sessionId === sessionId);
  }

  /** A closed session's summaries go with it. */
  forget(sessionId: string): void {
    for (const [id, s] of this.#summaries) {
      if (s.sessionId !== sessionId) continue;
      this.#active.get(id)?.abort();
      this.#summaries.delete(id);
    }
  }

  /** Keeps a summary made elsewhere (from an inventory report) beside the listed ones. */
  record(summary: StorageSummary): void {
    this.#summaries.set(summary.summaryId, summary);
    this.#trim(summary.sessionId);
    this.#deps.sink.emit('storageSummaryChanged', summary);
  }

  async #run(summaryId: string, request: SummaryRequest, region: string, signal: AbortSignal): Promise<void> {
    const { sessionId, bucket, prefix, selection, versions } = request;
    const now = this.#deps.now ?? Date.now;
    const startedMs = now();
    const tally = new SummaryTally(prefix, startedMs);
    const limit = this.#deps.keyLimit();
    let base: StorageSummary = {
      summaryId,
      sessionId,
      bucket,
      prefix,
      ...(selection
        ? { selection: { keys: selection.keys.length, prefixes: selection.prefixes.length } }
        : {}),
      versions,
      source: { kind: 'listing' },
      region,
      status: 'running',
      startedAt: new Date(startedMs).toISOString(),
      keysPerSecond: 0,
      ...tally.snapshot(versions),
    };
    let lastEmit = 0;
    const publish = (patch: Partial<StorageSummary> = {}): void => {
      const elapsed = Math.max(1, now() - startedMs) / 1000;
      base = { ...base, ...tally.snapshot(versions), keysPerSecond: tally.keysSeen / elapsed, ...patch };
      this.#summaries.set(summaryId, base);
      this.#deps.sink.emit('storageSummaryChanged', base);
      lastEmit = now();
    };
    this.#summaries.set(summaryId, base);
    this.#trim(sessionId);
    let reachedLimit = false;
    const onPage = (): boolean => {
      if (tally.keysSeen >= limit) {
        reachedLimit = true;
        return false;
      }
      if (now() - lastEmit >= PROGRESS_EVERY_MS) publish();
      return !signal.aborted;
    };
    const withClient: WithClient = (fn) => this.#deps.pool.withBucket(sessionId, bucket, fn);
    const walk = versions ? walkVersions : walkObjects;
    try {
      base = { ...base, region: await this.#deps.bucketRegion(sessionId, bucket) };
      publish();
      const scopes = selection
        ? [
            ...selection.prefixes.map((p) => ({ prefix: p })),
            ...(selection.keys.length > 0 ? [{ prefix, onlyKeys: new Set(selection.keys) }] : []),
          ]
        : [{ prefix }];
      for (const scope of scopes) {
        if (reachedLimit || signal.aborted) break;
        await walk(withClient, tally, { bucket, signal, onPage, ...scope });
      }
    } catch (err) {
      if (signal.aborted) return publish({ status: 'cancelled', finishedAt: new Date(now()).toISOString() });
      const error = toAppError(err, {
        action: versions ? 's3:ListBucketVersions' : 's3:ListBucket',
        resource: bucketArn(bucket),
      });
      return publish({ status: 'partial', error, finishedAt: new Date(now()).toISOString() });
    }
    if (signal.aborted) return publish({ status: 'cancelled', finishedAt: new Date(now()).toISOString() });
    const uploads = await this.#uploads(request);
    publish({
      status: reachedLimit ? 'limit' : 'done',
      ...(reachedLimit ? { keyLimit: limit } : {}),
      ...(uploads ? { uploads } : {}),
      finishedAt: new Date(now()).toISOString(),
    });
  }

  async #uploads({
    sessionId,
    bucket,
    prefix,
    selection,
  }: SummaryRequest): Promise<UploadsTally | undefined> {
    const inScope = (key: string): boolean =>
      !selection || selection.keys.includes(key) || selection.prefixes.some((p) => key.startsWith(p));
    try {
      return uploadsTally(await this.#deps.incompleteUploads(sessionId, bucket, prefix), inScope);
    } catch (err) {
      const error = toAppError(err, { action: 's3:ListBucketMultipartUploads', resource: bucketArn(bucket) });
      return { uploads: 0, parts: 0, bytes: 0, atLeast: true, error };
    }
  }

  #trim(sessionId: string): void {
    const mine = [...this.#summaries.values()].filter((s) => s.sessionId === sessionId);
    for (const old of mine.slice(0, Math.max(0, mine.length - KEPT_PER_SESSION)))
      this.#summaries.delete(old.summaryId);
  }
}
