import { randomUUID } from 'node:crypto';
import type { EnqueueSummary } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/models/errors';
import type {
  ConflictChoice,
  TransferDirection,
  TransferItem,
  TransferSnapshot,
  TransferStatus,
} from '../../shared/models/transfer';
import { AppFailure } from '../errors/app-error';
import { toAppError } from '../errors/to-app-error';
import type { EventSink } from '../events/event-sink';
import { log } from '../security/log';
import type { SessionAccess } from '../sessions/session-access';
import { type Clock, systemClock } from './clock';
import { CopyAcrossTask } from './copy-across';
import { DownloadObjectTask } from './download-object';
import { numberedName } from './free-name';
import { listSelection } from './list-selection';
import { RateMeter } from './rate-meter';
import { isExpired } from './retry';
import { toSafeRelativePath } from './safe-path';
import { Throttle } from './throttle';
import {
  type ExistingTarget,
  type S3Clients,
  TargetAppeared,
  type TransferTask,
  type TransferTuning,
} from './transfer-task';
import { type TaskDeps, UploadFileTask } from './upload-file';
import { walkPaths } from './walk-paths';

export interface TransferQueueDeps {
  readonly clients: S3Clients;
  readonly sessions: Pick<SessionAccess, 'credentials' | 'context' | 'onRenewed'>;
  readonly sink: EventSink;
  readonly settings: () => TransferTuning;
  readonly clock?: Clock;
}

export interface UploadRequest {
  readonly sessionId: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly paths: readonly string[];
}

export interface DownloadRequest {
  readonly sessionId: string;
  readonly bucket: string;
  readonly keys: readonly string[];
  readonly prefixes: readonly string[];
  readonly targetDir: string;
  /** Applies when exactly one key is picked (a version chosen in the versions list). */
  readonly versionId?: string;
}

export interface CopyRequest {
  readonly from: {
    readonly sessionId: string;
    readonly bucket: string;
    readonly keys: readonly string[];
    readonly prefixes: readonly string[];
  };
  readonly to: { readonly sessionId: string; readonly bucket: string; readonly prefix: string };
}

/** Why a running item was stopped; decides its status once its run has unwound. */
type Interruption = 'paused' | 'cancelled' | 'waiting-credentials';

interface Entry {
  readonly id: string;
  readonly jobId: string;
  readonly direction: TransferDirection;
  /** Every session the item uses; the first is the one shown (the one written to, for copies). */
  readonly sessionIds: readonly string[];
  readonly task: TransferTask;
  readonly renamedFrom?: string;
  readonly meter: RateMeter;
  /** Index in the queue's list, kept current so re-queuing needs no search. */
  position: number;
  /** Written only through `#setStatus`, which keeps the queue's counts in step. */
  status: TransferStatus;
  /** The last snapshot of a done or skipped item, which can no longer change. */
  settled?: TransferItem;
  error?: AppError;
  controller?: AbortController;
  interruption?: Interruption;
  conflictId?: string;
  /** What the user chose for this item's conflict; asked again only if there is none. */
  choice?: ConflictChoice;
  /**
   * The target was checked (and any conflict settled) for the current attempt. A resumed item
   * must not look again: its own half-finished write would look like someone else's object.
   */
  cleared?: boolean;
}

interface Job {
  /** "Apply to all": the choice for every later conflict in this job. */
  choiceForAll?: ConflictChoice;
}

const PROGRESS_INTERVAL_MS = 250;
const finished: ReadonlySet<TransferStatus> = new Set(['done', 'skipped', 'failed', 'cancelled']);
const withSlash = (prefix: string): string => (prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`);

/**
 * The one transfer queue of the app: files run with bounded parallelism, each item can be
 * paused, cancelled and retried, conflicts wait for the user, and items whose session
 * expired wait for its renewal and then resume where they stopped.
 */
export class TransferQueue {
  readonly #entries: Entry[] = [];
  /** Entries per status, so "is anything left" and "how many run" never scan the whole queue. */
  readonly #counts = new Map<TransferStatus, number>();
  readonly #running = new Set<Entry>();
  /**
   * No entry before this index is queued: each finished file starts the next one without
   * rescanning the thousands already done. Whatever re-queues an entry moves it back there.
   */
  #scanFrom = 0;
  readonly #jobs = new Map<string, Job>();
  readonly #runs = new Set<Promise<void>>();
  readonly #clock: Clock;
  readonly #taskDeps: TaskDeps;
  readonly #throttle: Throttle;
  readonly #stopRenewals: () => void;
  #stopTicker: (() => void) | undefined;
  #disposed = false;

  constructor(private readonly deps: TransferQueueDeps) {
    this.#clock = deps.clock ?? systemClock;
    this.#taskDeps = { clients: deps.clients, clock: this.#clock, tuning: deps.settings };
    this.#throttle = new Throttle(this.#clock, PROGRESS_INTERVAL_MS, () =>
      deps.sink.emit('transfersChanged', this.snapshot()),
    );
    this.#stopRenewals = deps.sessions.onRenewed((sessionId) => this.#renewed(sessionId));
  }

  async enqueueUpload(request: UploadRequest): Promise<EnqueueSummary> {
    // Throws for an unknown session, before a single directory is read on its behalf.
    this.deps.sessions.context(request.sessionId);
    const { entries, notices } = await walkPaths(request.paths);
    const prefix = withSlash(request.prefix);
    const tasks = entries.map(
      (entry) =>
        new UploadFileTask(
          {
            sessionId: request.sessionId,
            bucket: request.bucket,
            key: prefix + entry.relativeKey,
            localPath: entry.localPath,
            kind: entry.kind,
            size: entry.size,
          },
          this.#taskDeps,
        ),
    );
    return this.#addJob(
      'upload',
      [request.sessionId],
      tasks.map((task) => ({ task })),
      notices,
    );
  }

  /** Every object a selection of keys and prefixes stands for, listed with the session's credentials. */
  async #listPicked(selection: {
    readonly sessionId: string;
    readonly bucket: string;
    readonly keys: readonly string[];
    readonly prefixes: readonly string[];
  }) {
    const client = await this.deps.clients.forBucket(selection.sessionId, selection.bucket);
    return listSelection(
      client,
      selection.bucket,
      selection.keys,
      selection.prefixes,
      new AbortController().signal,
    );
  }

  async enqueueDownload(request: DownloadRequest): Promise<EnqueueSummary> {
    const picked = await this.#listPicked(request);
    const versionId =
      request.keys.length === 1 && request.prefixes.length === 0 ? request.versionId : undefined;
    const notices: string[] = [];
    const taken = new Set<string>();
    const items: { task: TransferTask; renamedFrom?: string }[] = [];
    for (const object of picked) {
      const safe = toSafeRelativePath(object.relative);
      if (!safe) {
        notices.push(`${object.key}: no usable file name, left out`);
        continue;
      }
      // Two keys can map to one safe name (`a/../b` and `__/b`); the second gets a number, not the first's file.
      let relative = safe.relative;
      for (let n = 1; taken.has(relative.toLowerCase()); n++) relative = numberedName(safe.relative, n);
      taken.add(relative.toLowerCase());
      const renamedFrom = relative === safe.relative ? safe.renamedFrom : object.relative;
      if (renamedFrom !== undefined) notices.push(`${object.key}: saved as ${relative}`);
      const id = randomUUID();
      const task = new DownloadObjectTask(
        {
          id,
          sessionId: request.sessionId,
          bucket: request.bucket,
          key: object.key,
          versionId,
          size: object.size,
          targetDir: request.targetDir,
          relative,
          isFolder: object.key.endsWith('/'),
        },
        this.#taskDeps,
      );
      items.push({ task, renamedFrom });
    }
    return this.#addJob('download', [request.sessionId], items, notices);
  }

  async enqueueCopy(request: CopyRequest): Promise<EnqueueSummary> {
    const { from, to } = request;
    this.deps.sessions.context(to.sessionId);
    const picked = await this.#listPicked(from);
    const prefix = withSlash(to.prefix);
    const items = picked.map((object) => ({
      task: new CopyAcrossTask(
        {
          from: { sessionId: from.sessionId, bucket: from.bucket, key: object.key, size: object.size },
          to: { sessionId: to.sessionId, bucket: to.bucket, key: prefix + object.relative },
        },
        this.#taskDeps,
      ),
    }));
    return this.#addJob('copy', [to.sessionId, from.sessionId], items, []);
  }

  pause(ids?: readonly string[]): void {
    for (const entry of this.#select(ids)) {
      if (entry.status === 'running') this.#interrupt(entry, 'paused');
      else if (
        entry.status === 'queued' ||
        entry.status === 'waiting-credentials' ||
        entry.status === 'waiting-conflict'
      ) {
        this.#setStatus(entry, 'paused');
        entry.conflictId = undefined;
      }
    }
    this.#changed();
  }

  resume(ids?: readonly string[]): void {
    for (const entry of this.#select(ids)) if (entry.status === 'paused') this.#setStatus(entry, 'queued');
    this.#changed();
    this.#pump();
  }

  cancel(ids?: readonly string[]): void {
    for (const entry of this.#select(ids)) {
      if (entry.status === 'running') this.#interrupt(entry, 'cancelled');
      else if (!finished.has(entry.status)) {
        this.#setStatus(entry, 'cancelled');
        entry.conflictId = undefined;
        this.#track(this.#discard(entry));
      }
    }
    this.#changed();
  }

  retry(ids?: readonly string[]): void {
    for (const entry of this.#select(ids)) {
      if (entry.status === 'failed' || entry.status === 'cancelled') {
        this.#setStatus(entry, 'queued');
        entry.error = undefined;
        // Its work was discarded, so the target is looked at afresh.
        entry.cleared = false;
      }
    }
    this.#changed();
    this.#pump();
  }

  /** Drops done, skipped and cancelled items; failed ones stay so they can be retried. */
  clearFinished(): void {
    const dropped: readonly TransferStatus[] = ['done', 'skipped', 'cancelled'];
    const kept = this.#entries.filter((e) => !dropped.includes(e.status));
    this.#entries.splice(0, this.#entries.length, ...kept);
    kept.forEach((e, i) => {
      e.position = i;
    });
    for (const status of dropped) this.#counts.delete(status);
    this.#scanFrom = 0;
    const liveJobs = new Set(kept.map((e) => e.jobId));
    for (const jobId of this.#jobs.keys()) if (!liveJobs.has(jobId)) this.#jobs.delete(jobId);
    this.#changed();
  }

  resolveConflict(conflictId: string, choice: ConflictChoice, applyToAll: boolean): void {
    const entry = this.#entries.find((e) => e.conflictId === conflictId && e.status === 'waiting-conflict');
    if (!entry)
      throw new AppFailure('not-found', 'That conflict was already resolved or its transfer is gone.');
    const targets = [entry];
    if (applyToAll) {
      const job = this.#jobs.get(entry.jobId);
      if (job) job.choiceForAll = choice;
      targets.push(
        ...this.#entries.filter(
          (e) => e !== entry && e.jobId === entry.jobId && e.status === 'waiting-conflict',
        ),
      );
    }
    for (const target of targets) {
      target.conflictId = undefined;
      target.choice = choice;
      this.#setStatus(target, choice === 'skip' ? 'skipped' : 'queued');
    }
    this.#changed();
    this.#pump();
  }

  snapshot(): TransferSnapshot {
    const items = this.#entries.map((e) => this.#item(e));
    let bytesTotal = 0;
    let bytesDone = 0;
    let rate = 0;
    let remaining = 0;
    let active = 0;
    let queued = 0;
    let failed = 0;
    for (const item of items) {
      if (item.status === 'failed') failed++;
      if (item.status === 'running') active++;
      if (item.status === 'queued') queued++;
      if (item.status === 'cancelled' || item.status === 'skipped' || item.status === 'failed') continue;
      bytesTotal += item.bytesTotal;
      bytesDone += item.bytesDone;
      rate += item.rate;
      remaining += Math.max(0, item.bytesTotal - item.bytesDone);
    }
    const eta = rate > 0 && remaining > 0 ? Math.ceil(remaining / rate) : undefined;
    return { items, totals: { bytesTotal, bytesDone, rate, eta, active, queued, failed } };
  }

  /** True while anything would be lost by quitting now. */
  hasActive(): boolean {
    for (const [status, count] of this.#counts) if (count > 0 && !finished.has(status)) return true;
    return false;
  }

  /** Stops everything and aborts unfinished multipart uploads, so quitting leaves no orphaned parts. */
  async dispose(): Promise<void> {
    this.cancel();
    this.#disposed = true;
    this.#stopRenewals();
    while (this.#runs.size > 0) await Promise.allSettled([...this.#runs]);
    this.#throttle.dispose();
    this.#stopTicker?.();
    this.#stopTicker = undefined;
  }

  #addJob(
    direction: TransferDirection,
    sessionIds: readonly string[],
    items: readonly { readonly task: TransferTask; readonly renamedFrom?: string }[],
    notices: readonly string[],
  ): EnqueueSummary {
    const jobId = randomUUID();
    if (items.length > 0) this.#jobs.set(jobId, {});
    this.#count('queued', items.length);
    for (const { task, renamedFrom } of items) {
      this.#entries.push({
        id: randomUUID(),
        jobId,
        direction,
        sessionIds,
        task,
        renamedFrom,
        meter: new RateMeter(),
        position: this.#entries.length,
        status: 'queued',
      });
    }
    this.#changed();
    this.#pump();
    return { jobId, items: items.length, notices };
  }

  #select(ids?: readonly string[]): Entry[] {
    if (!ids) return [...this.#entries];
    const wanted = new Set(ids);
    return this.#entries.filter((e) => wanted.has(e.id));
  }

  #item(e: Entry): TransferItem {
    if (e.settled?.status === e.status) return e.settled;
    const retry = e.status === 'running' ? e.task.retries.current() : undefined;
    const retries = e.task.retries.used();
    const item: TransferItem = {
      id: e.id,
      jobId: e.jobId,
      direction: e.direction,
      source: e.task.source,
      target: e.task.target(),
      sessionId: e.sessionIds[0]!,
      bytesTotal: e.task.bytesTotal(),
      bytesDone: e.status === 'done' ? e.task.bytesTotal() : e.task.bytesDone(),
      status: e.status,
      rate: e.status === 'running' ? e.meter.rate() : 0,
      ...(e.error && { error: e.error }),
      ...(e.renamedFrom !== undefined && { renamedFrom: e.renamedFrom }),
      ...(retry && { retry }),
      ...(retries > 0 && { retries }),
    };
    // Neither ever runs again (retry takes failed and cancelled ones only), so one copy serves every snapshot.
    if (e.status === 'done' || e.status === 'skipped') e.settled = item;
    return item;
  }

  #setStatus(entry: Entry, status: TransferStatus): void {
    if (entry.status === status) return;
    this.#count(entry.status, -1);
    this.#count(status, 1);
    entry.status = status;
    if (status === 'running') this.#running.add(entry);
    else this.#running.delete(entry);
    if (status === 'queued') this.#scanFrom = Math.min(this.#scanFrom, entry.position);
  }

  #count(status: TransferStatus, delta: number): void {
    this.#counts.set(status, (this.#counts.get(status) ?? 0) + delta);
  }

  #pump(): void {
    if (this.#disposed) return;
    const limit = Math.max(1, this.deps.settings().parallelFiles);
    while (this.#running.size < limit && (this.#counts.get('queued') ?? 0) > 0) {
      const entry = this.#entries[this.#scanFrom];
      if (!entry) break;
      this.#scanFrom++;
      if (entry.status === 'queued') this.#start(entry);
    }
  }

  #start(entry: Entry): void {
    this.#setStatus(entry, 'running');
    entry.controller = new AbortController();
    entry.meter.reset();
    this.#ensureTicker();
    this.#changed();
    this.#track(this.#drive(entry, entry.controller.signal));
  }

  #track(run: Promise<void>): void {
    this.#runs.add(run);
    void run.finally(() => this.#runs.delete(run));
  }

  async #drive(entry: Entry, signal: AbortSignal): Promise<void> {
    try {
      if (await this.#holdForConflict(entry, signal)) return;
      await entry.task.run(signal, this.#mayReplace(entry));
      this.#setStatus(entry, 'done');
      entry.interruption = undefined;
    } catch (err) {
      if (err instanceof TargetAppeared && entry.interruption === undefined) {
        // Someone wrote the target after it was checked: look again, and ask if it is a conflict now.
        entry.cleared = false;
        this.#setStatus(entry, 'queued');
        return;
      }
      await this.#settleFailure(entry, err);
    } finally {
      entry.controller = undefined;
      this.#changed();
      this.#pump();
    }
  }

  #mayReplace(entry: Entry): boolean {
    return (entry.choice ?? this.#jobs.get(entry.jobId)?.choiceForAll) === 'overwrite';
  }

  /** True when the item now waits for the user (or was skipped); false when it may run. */
  async #holdForConflict(entry: Entry, signal: AbortSignal): Promise<boolean> {
    if (entry.cleared) return false;
    const existing = await entry.task.findExisting(signal);
    const choice = entry.choice ?? this.#jobs.get(entry.jobId)?.choiceForAll;
    if (existing && choice === 'keep-both') await entry.task.keepBoth(signal);
    if (!existing || choice === 'overwrite' || choice === 'keep-both') {
      entry.cleared = true;
      return false;
    }
    if (choice === 'skip') {
      this.#setStatus(entry, 'skipped');
      return true;
    }
    this.#askAboutConflict(entry, existing);
    return true;
  }

  #askAboutConflict(entry: Entry, existing: ExistingTarget): void {
    this.#setStatus(entry, 'waiting-conflict');
    entry.conflictId = randomUUID();
    this.deps.sink.emit('transferConflict', {
      conflictId: entry.conflictId,
      itemId: entry.id,
      direction: entry.direction,
      existing: existing.name,
      existingSize: existing.size,
      existingModified: existing.modified,
      incomingSize: entry.task.bytesTotal(),
      jobId: entry.jobId,
    });
  }

  async #settleFailure(entry: Entry, err: unknown): Promise<void> {
    const interruption = entry.interruption;
    entry.interruption = undefined;
    if (interruption === 'cancelled') {
      // Cancelled once the multipart upload is aborted, so "cancelled" means nothing is left behind.
      await this.#discard(entry);
      this.#setStatus(entry, 'cancelled');
    } else if (interruption === 'paused' || interruption === 'waiting-credentials') {
      this.#setStatus(entry, interruption);
    } else if (isExpired(err)) {
      await this.#park(entry);
    } else {
      this.#setStatus(entry, 'failed');
      entry.error = toAppError(err);
      await this.#discard(entry);
    }
  }

  /**
   * Holds an item whose credentials expired, and stops every other item of the expired
   * session(s) so none of them burns its retries on the same expiry. Finished parts are kept.
   */
  async #park(entry: Entry): Promise<void> {
    const expired: string[] = [];
    for (const sessionId of entry.sessionIds) {
      const ok = await this.deps.sessions.credentials(sessionId).then(
        () => true,
        (err: unknown) => !isExpired(err),
      );
      if (!ok) expired.push(sessionId);
    }
    // Renewed while we looked: just run it again.
    if (expired.length === 0) {
      this.#setStatus(entry, 'queued');
      return;
    }
    this.#setStatus(entry, 'waiting-credentials');
    for (const other of this.#entries) {
      if (other === entry || !other.sessionIds.some((s) => expired.includes(s))) continue;
      if (other.status === 'running') this.#interrupt(other, 'waiting-credentials');
      else if (other.status === 'queued') this.#setStatus(other, 'waiting-credentials');
    }
  }

  #renewed(sessionId: string): void {
    for (const entry of this.#entries) {
      if (entry.status === 'waiting-credentials' && entry.sessionIds.includes(sessionId))
        this.#setStatus(entry, 'queued');
    }
    this.#changed();
    this.#pump();
  }

  #interrupt(entry: Entry, why: Interruption): void {
    // A cancel outranks a pause already on its way.
    if (entry.interruption !== 'cancelled') entry.interruption = why;
    entry.controller?.abort(new AppFailure('cancelled', `Transfer ${why}.`));
  }

  async #discard(entry: Entry): Promise<void> {
    try {
      await entry.task.discard();
    } catch (err) {
      // The transfer's own outcome stands; an orphaned part or temp file is worth a log line, not a failure.
      log.warn(`Could not clean up after ${entry.task.source}: ${toAppError(err).message}`);
    }
  }

  #changed(): void {
    if (!this.#disposed) this.#throttle.request();
  }

  /** Samples running items' bytes for their rates, and pushes progress, while anything runs. */
  #ensureTicker(): void {
    if (this.#stopTicker) return;
    const tick = (): void => {
      const now = this.#clock.now();
      for (const entry of this.#running) entry.meter.sample(now, entry.task.bytesDone());
      this.#changed();
      this.#stopTicker =
        this.#running.size > 0 && !this.#disposed ? this.#clock.later(tick, PROGRESS_INTERVAL_MS) : undefined;
    };
    this.#stopTicker = this.#clock.later(tick, PROGRESS_INTERVAL_MS);
  }
}
