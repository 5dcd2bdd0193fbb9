import { randomUUID } from 'node:crypto';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { TaskRecord } from '../../shared/engine/records';
import type { EnqueueSummary } from '../../shared/ipc/contract';
import type { ConflictChoice, TransferDirection, TransferSnapshot } from '../../shared/models/transfer';
import { type Clock, systemClock } from '../../shared/transfers/clock';
import type { EventSink } from '../events/event-sink';
import type { SessionAccess } from '../sessions/session-access';
import { Conflicts } from './conflicts';
import type { EngineLauncher } from './engine-link/engine-channel';
import { type CheckedSide, EngineClient } from './engine-link/engine-client';
import { ProxyTask } from './engine-link/proxy-task';
import {
  type CopyRequest,
  copyItems,
  type DownloadRequest,
  downloadItems,
  type MakeTask,
  type PairedRequest,
  pairedItems,
  pickedVersion,
  type ServerCopyRequest,
  serverCopyItems,
  type UploadRequest,
  uploadItems,
} from './job-items';
import { InterruptedItems, type SessionReopener } from './journal/interrupted-items';
import type { JournalFile } from './journal/journal-file';
import { QueueJournal } from './journal/queue-journal';
import type { JournalSession } from './journal/records';
import { listSelection } from './list-selection';
import { finished, type NewItem, QueueEntries } from './queue-entries';
import { Scheduler, snapshotIntervalMs } from './scheduler';
import { Throttle } from './throttle';
import type { S3Clients, TransferTuning } from './transfer-task';
import { walkPaths } from './walk-paths';

export type {
  CopyRequest,
  DownloadRequest,
  PairedRequest,
  ServerCopyRequest,
  UploadRequest,
} from './job-items';

export interface TransferQueueDeps {
  /** Main's clients: for listing what a selection stands for and aborting what cancelled items left. */
  readonly clients: S3Clients;
  /** Starts the engine process that moves the bytes (a utilityProcess in the app, a fork elsewhere). */
  readonly engine: EngineLauncher;
  readonly sessions: Pick<SessionAccess, 'credentials' | 'context' | 'onRenewed' | 'onLapsed'>;
  /**
   * What the engine is handed for a session: short-lived credentials (credentials/short-lived.ts
   * turns a long-term key into a GetSessionToken). By default the session's own, for sessions that
   * only ever hold temporary ones.
   */
  readonly engineCredentials?: (sessionId: string) => Promise<AwsCredentialIdentity>;
  readonly sink: EventSink;
  readonly settings: () => TransferTuning;
  readonly clock?: Clock;
  /**
   * Keeps unfinished transfers across a quit, a crash or a kill (see journal/). Without it
   * quitting cancels every transfer and aborts its multipart upload.
   */
  readonly journal?: { readonly file: JournalFile; readonly sessions: SessionReopener };
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
  readonly #engine: EngineClient;
  readonly #throttle: Throttle;
  readonly #stopRenewals: () => void;
  readonly #journal: QueueJournal | undefined;
  readonly #interrupted: InterruptedItems | undefined;
  #disposed = false;

  constructor(private readonly deps: TransferQueueDeps) {
    const clock = deps.clock ?? systemClock;
    const journal = deps.journal && new QueueJournal(this.#entries, deps.journal.file, clock);
    this.#journal = journal;
    this.#engine = new EngineClient({
      launch: deps.engine,
      sessions: deps.sessions,
      credentials: deps.engineCredentials ?? ((sessionId) => deps.sessions.credentials(sessionId)),
      regionOf: (sessionId, bucket) => deps.clients.regionOf(sessionId, bucket),
      ...(journal && { checkpoint: () => journal.flush() }),
    });
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
    this.#interrupted =
      journal &&
      deps.journal &&
      new InterruptedItems({
        entries: this.#entries,
        journal,
        scheduler: this.#scheduler,
        restoreTask: (record) => this.#task(record, undefined, true),
        clients: deps.clients,
        sessions: deps.journal.sessions,
        changed: () => {
          this.#changed();
          this.#scheduler.pump();
        },
      });
  }

  /**
   * Takes up the transfers the journal kept from the last run: listed as interrupted until their
   * sessions are open again (downloads it ended "saved, not verified" are listed as such). Returns the local paths they use, which main grants again: they were
   * granted when the transfers were created, and only main read them back.
   */
  async restore(): Promise<{ readonly read: readonly string[]; readonly write: readonly string[] }> {
    const paths = (await this.#interrupted?.restore()) ?? { read: [], write: [] };
    this.#changed();
    return paths;
  }

  /** A session opened (or renewed) as `source`: interrupted transfers that wait for it continue. */
  sessionReady(sessionId: string, source: string): void {
    this.#interrupted?.sessionReady(sessionId, source);
  }

  async enqueueUpload(request: UploadRequest): Promise<EnqueueSummary> {
    // Throws for an unknown session, before a single directory is read on its behalf.
    this.deps.sessions.context(request.sessionId);
    const { entries, notices } = await walkPaths(request.paths);
    return this.#addJob(
      'upload',
      [request.sessionId],
      uploadItems(request, entries, this.#maker([request.sessionId])),
      notices,
    );
  }

  /** `transient`: files main prepares for itself (drag-out) are not worth resuming after a restart. */
  async enqueueDownload(
    request: DownloadRequest & { readonly transient?: boolean },
  ): Promise<EnqueueSummary> {
    const picked = await this.#listPicked(request, pickedVersion(request));
    const { items, notices } = downloadItems(request, picked, this.#maker([request.sessionId]));
    return this.#addJob('download', [request.sessionId], items, notices, request.transient);
  }

  async enqueueCopy(request: CopyRequest): Promise<EnqueueSummary> {
    this.deps.sessions.context(request.to.sessionId);
    const picked = await this.#listPicked(request.from, undefined, request.owners?.get(request.from.bucket));
    const items = copyItems(request, picked, this.#maker([request.to.sessionId, request.from.sessionId]));
    return this.#addJob('copy', [request.to.sessionId, request.from.sessionId], items, []);
  }

  /**
   * Copies or uploads with the target key of each named by the caller (a sync plan): one job,
   * journaled and verified like any other. The caller checked its local paths (granted to it).
   */
  async enqueuePairs(request: PairedRequest): Promise<EnqueueSummary> {
    const { from, to } = request;
    const sessionIds = [
      ...('localRoot' in to ? [] : [to.sessionId]),
      ...('localRoot' in from ? [] : [from.sessionId]),
    ];
    // Throws for an unknown session, before anything is queued on its behalf.
    for (const id of sessionIds) this.deps.sessions.context(id);
    const direction = 'localRoot' in from ? 'upload' : 'localRoot' in to ? 'download' : 'copy';
    return this.#addJob(direction, sessionIds, pairedItems(request, this.#maker(sessionIds)), []);
  }

  /** Copies S3 makes itself within the target's session: one job, journaled and resumable like the rest. */
  async serverCopy(request: ServerCopyRequest): Promise<EnqueueSummary> {
    this.deps.sessions.context(request.sessionId);
    const sessionIds = [request.sessionId];
    return this.#addJob('copy', sessionIds, serverCopyItems(request, this.#maker(sessionIds)), []);
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

  /**
   * Paused items continue at once. Interrupted ones (left by the last run of the app) continue
   * once their sessions are open: those are opened here, which may ask for an MFA code, so the
   * promise settles when they are (rejecting with the first that could not be opened).
   */
  async resume(ids?: readonly string[]): Promise<void> {
    const selected = this.#entries.select(ids);
    for (const entry of selected) if (entry.status === 'paused') this.#entries.setStatus(entry, 'queued');
    this.#changed();
    this.#scheduler.pump();
    await this.#interrupted?.resume(selected);
  }

  cancel(ids?: readonly string[]): void {
    for (const entry of this.#entries.select(ids)) {
      if (entry.status === 'running') this.#scheduler.interrupt(entry, 'cancelled');
      else if (entry.status === 'interrupted') this.#interrupted?.cancel(entry);
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
    const snapshot = this.#entries.snapshot(this.#conflicts.pending());
    const journalError = this.#interrupted?.error;
    return journalError ? { ...snapshot, journalError } : snapshot;
  }

  /** True while anything would be lost by quitting now. */
  /** A compare's deep check, run in the engine beside the transfers (main neither reads nor hashes the bytes). */
  deepCheck(left: CheckedSide, right: CheckedSide, size: number, signal?: AbortSignal) {
    return this.#engine.deepCheck(left, right, size, signal);
  }

  hasActive(): boolean {
    return this.#entries.hasActive();
  }

  /**
   * The app is quitting. Transfers the journal keeps stop where they are, to resume next time:
   * nothing is aborted, and the journal is written one last time. Any other transfer is
   * cancelled and its multipart upload aborted, so quitting leaves no orphaned parts.
   */
  async dispose(): Promise<void> {
    const kept = this.#journal ? this.#entries.all.filter((e) => e.sessions !== undefined) : [];
    const suspended = new Set(kept);
    for (const entry of kept) if (entry.status === 'running') this.#scheduler.interrupt(entry, 'suspended');
    this.cancel(this.#entries.all.filter((e) => !suspended.has(e)).map((e) => e.id));
    this.#disposed = true;
    this.#stopRenewals();
    await this.#scheduler.stop();
    this.#engine.dispose();
    this.#throttle.dispose();
    await this.#journal?.close();
  }

  /** Tasks of new items of a job over these sessions (in the queue's order: written to, then read from). */
  #maker(sessionIds: readonly string[]): MakeTask {
    return (record) => this.#task(record, sessionIds);
  }

  /** A task the engine runs; unbound (no sessions yet) when read back from the journal. */
  #task(record: TaskRecord, sessionIds?: readonly string[], resumed = false): ProxyTask {
    const tuning = () => {
      const { partSizeMiB, partConcurrency, copyPartMiB } = this.deps.settings();
      return { partSizeMiB, partConcurrency, ...(copyPartMiB !== undefined && { copyPartMiB }) };
    };
    const places = sessionIds && this.#engine.placesFor(record, sessionIds);
    return new ProxyTask(randomUUID(), this.#engine, tuning, record, places, resumed);
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
    owner?: string,
  ) {
    const client = await this.deps.clients.forBucket(selection.sessionId, selection.bucket);
    const { bucket, keys, prefixes } = selection;
    return listSelection(client, bucket, keys, prefixes, new AbortController().signal, versionId, owner);
  }

  async #addJob(
    direction: TransferDirection,
    sessionIds: readonly string[],
    items: readonly NewItem[],
    notices: readonly string[],
    transient = false,
  ): Promise<EnqueueSummary> {
    const jobId = this.#entries.add(
      direction,
      sessionIds,
      items,
      transient ? undefined : this.#describe(sessionIds),
    );
    this.#changed();
    // In the journal before any starts: a temporary file or upload it makes is then always one the
    // journal can find again, however soon the app is killed.
    await this.#journal?.flush();
    this.#scheduler.pump();
    return { jobId, items: items.length, notices };
  }

  /** How to open the item's sessions again after a restart; undefined when one of them cannot be. */
  #describe(sessionIds: readonly string[]): readonly JournalSession[] | undefined {
    const sessions = this.deps.journal?.sessions;
    if (!sessions) return undefined;
    const described = sessionIds.map((id) => sessions.describe(id));
    return described.every((d): d is JournalSession => d !== undefined) ? described : undefined;
  }

  #changed(): void {
    if (this.#disposed) return;
    this.#throttle.request();
    this.#journal?.changed();
  }
}
