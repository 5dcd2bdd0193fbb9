import type { EnqueueSummary } from '../../shared/ipc/contract';
import type { ConflictChoice, TransferDirection, TransferSnapshot } from '../../shared/models/transfer';
import type { EventSink } from '../events/event-sink';
import type { SessionAccess } from '../sessions/session-access';
import { type Clock, systemClock } from './clock';
import { Conflicts } from './conflicts';
import {
  type CopyRequest,
  copyItems,
  type DownloadRequest,
  downloadItems,
  pickedVersion,
  type UploadRequest,
  uploadItems,
} from './job-items';
import { listSelection } from './list-selection';
import { finished, type NewItem, QueueEntries } from './queue-entries';
import { Scheduler, snapshotIntervalMs } from './scheduler';
import { Throttle } from './throttle';
import type { S3Clients, TransferTuning } from './transfer-task';
import type { TaskDeps } from './upload-file';
import { walkPaths } from './walk-paths';

export type { CopyRequest, DownloadRequest, UploadRequest } from './job-items';

export interface TransferQueueDeps {
  readonly clients: S3Clients;
  readonly sessions: Pick<SessionAccess, 'credentials' | 'context' | 'onRenewed'>;
  readonly sink: EventSink;
  readonly settings: () => TransferTuning;
  readonly clock?: Clock;
}

/**
 * The one transfer queue of the app: files run with bounded parallelism, each item can be
 * paused, cancelled and retried, conflicts wait for the user, and items whose session
 * expired wait for its renewal and then resume where they stopped.
 *
 * The work is split three ways: `QueueEntries` keeps the items and jobs, `Scheduler` runs
 * them, `Conflicts` asks the user and takes the answers. This class turns requests into jobs
 * and the user's commands into status changes.
 */
export class TransferQueue {
  readonly #entries = new QueueEntries();
  readonly #conflicts: Conflicts;
  readonly #scheduler: Scheduler;
  readonly #taskDeps: TaskDeps;
  readonly #throttle: Throttle;
  readonly #stopRenewals: () => void;
  #disposed = false;

  constructor(private readonly deps: TransferQueueDeps) {
    const clock = deps.clock ?? systemClock;
    this.#taskDeps = { clients: deps.clients, clock, tuning: deps.settings };
    this.#throttle = new Throttle(
      clock,
      () => snapshotIntervalMs(this.#entries.all.length),
      () => deps.sink.emit('transfersChanged', this.snapshot()),
    );
    this.#conflicts = new Conflicts(this.#entries, deps.sink);
    this.#scheduler = new Scheduler({
      entries: this.#entries,
      conflicts: this.#conflicts,
      sessions: deps.sessions,
      clock,
      parallelFiles: () => deps.settings().parallelFiles,
      changed: () => this.#changed(),
    });
    this.#stopRenewals = deps.sessions.onRenewed((sessionId) => this.#scheduler.renewed(sessionId));
  }

  async enqueueUpload(request: UploadRequest): Promise<EnqueueSummary> {
    // Throws for an unknown session, before a single directory is read on its behalf.
    this.deps.sessions.context(request.sessionId);
    const { entries, notices } = await walkPaths(request.paths);
    return this.#addJob(
      'upload',
      [request.sessionId],
      uploadItems(request, entries, this.#taskDeps),
      notices,
    );
  }

  async enqueueDownload(request: DownloadRequest): Promise<EnqueueSummary> {
    const picked = await this.#listPicked(request, pickedVersion(request));
    const { items, notices } = downloadItems(request, picked, this.#taskDeps);
    return this.#addJob('download', [request.sessionId], items, notices);
  }

  async enqueueCopy(request: CopyRequest): Promise<EnqueueSummary> {
    this.deps.sessions.context(request.to.sessionId);
    const picked = await this.#listPicked(request.from);
    const items = copyItems(request, picked, this.#taskDeps);
    return this.#addJob('copy', [request.to.sessionId, request.from.sessionId], items, []);
  }

  pause(ids?: readonly string[]): void {
    for (const entry of this.#entries.select(ids)) {
      if (entry.status === 'running') this.#scheduler.interrupt(entry, 'paused');
      else if (
        entry.status === 'queued' ||
        entry.status === 'waiting-credentials' ||
        entry.status === 'waiting-conflict'
      )
        this.#entries.setStatus(entry, 'paused');
    }
    this.#changed();
  }

  resume(ids?: readonly string[]): void {
    for (const entry of this.#entries.select(ids))
      if (entry.status === 'paused') this.#entries.setStatus(entry, 'queued');
    this.#changed();
    this.#scheduler.pump();
  }

  cancel(ids?: readonly string[]): void {
    for (const entry of this.#entries.select(ids)) {
      if (entry.status === 'running') this.#scheduler.interrupt(entry, 'cancelled');
      else if (!finished.has(entry.status)) {
        this.#entries.setStatus(entry, 'cancelled');
        this.#scheduler.discardLater(entry);
      }
    }
    this.#changed();
  }

  retry(ids?: readonly string[]): void {
    for (const entry of this.#entries.select(ids)) {
      if (entry.status === 'failed' || entry.status === 'cancelled') {
        this.#entries.setStatus(entry, 'queued');
        entry.error = undefined;
        // Its work was discarded, so the target is looked at afresh.
        entry.cleared = false;
      }
    }
    this.#changed();
    this.#scheduler.pump();
  }

  /** Drops done, skipped and cancelled items; failed ones stay so they can be retried. */
  clearFinished(): void {
    this.#entries.clearFinished();
    this.#changed();
  }

  /** Answers a conflict main raised and still waits on; anything else is refused. */
  resolveConflict(conflictId: string, choice: ConflictChoice, applyToAll: boolean): void {
    this.#conflicts.resolve(conflictId, choice, applyToAll);
    this.#changed();
    this.#scheduler.pump();
  }

  snapshot(): TransferSnapshot {
    return this.#entries.snapshot(this.#conflicts.pending());
  }

  /** True while anything would be lost by quitting now. */
  hasActive(): boolean {
    return this.#entries.hasActive();
  }

  /** Stops everything and aborts unfinished multipart uploads, so quitting leaves no orphaned parts. */
  async dispose(): Promise<void> {
    this.cancel();
    this.#disposed = true;
    this.#stopRenewals();
    await this.#scheduler.stop();
    this.#throttle.dispose();
  }

  /** Every object a selection of keys and prefixes stands for, listed with the session's credentials. */
  async #listPicked(
    selection: {
      readonly sessionId: string;
      readonly bucket: string;
      readonly keys: readonly string[];
      readonly prefixes: readonly string[];
    },
    versionId?: string,
  ) {
    const client = await this.deps.clients.forBucket(selection.sessionId, selection.bucket);
    const { bucket, keys, prefixes } = selection;
    return listSelection(client, bucket, keys, prefixes, new AbortController().signal, versionId);
  }

  #addJob(
    direction: TransferDirection,
    sessionIds: readonly string[],
    items: readonly NewItem[],
    notices: readonly string[],
  ): EnqueueSummary {
    const jobId = this.#entries.add(direction, sessionIds, items);
    this.#changed();
    this.#scheduler.pump();
    return { jobId, items: items.length, notices };
  }

  #changed(): void {
    if (!this.#disposed) this.#throttle.request();
  }
}
