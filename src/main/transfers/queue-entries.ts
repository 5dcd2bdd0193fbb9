import { randomUUID } from 'node:crypto';
import type { AppError } from '../../shared/models/errors';
import {
  type ConflictChoice,
  type TransferConflict,
  type TransferDirection,
  type TransferItem,
  type TransferSnapshot,
  type TransferStatus,
  transferStatuses,
  type UnverifiedReason,
  type Verification,
} from '../../shared/models/transfer';
import type { ItemRecord, JournalSession } from './journal/records';
import { RateMeter } from './rate-meter';
import type { TransferTask } from './transfer-task';

/**
 * Why a running item was stopped; decides its status once its run has unwound. `suspended`: the
 * app is quitting and the journal keeps the item to resume next time.
 */
export type Interruption = 'paused' | 'cancelled' | 'waiting-credentials' | 'suspended';

export interface Entry {
  readonly id: string;
  readonly jobId: string;
  readonly direction: TransferDirection;
  /**
   * Every session the item uses; the first is the one shown (the one written to, for copies).
   * Empty while `interrupted`: the sessions of a previous run of the app are not open yet.
   */
  sessionIds: readonly string[];
  /** A journal's DormantTask while `interrupted`, the real task once its sessions are open. */
  task: TransferTask;
  /** How to open each of `sessionIds` again after a restart; undefined when the journal does not keep it. */
  readonly sessions?: readonly JournalSession[];
  /** While `interrupted`: the sessions opened again so far, by position in `sessions`. */
  bound?: (string | undefined)[];
  /** What an interrupted item becomes once its sessions are open: paused ones stay paused. */
  resumeAs?: 'queued' | 'paused';
  /** Said under the row: read back from the journal, or why a cancel left something to do. */
  note?: string;
  /** A done download read back from the journal: what it said (its task never ran in this run). */
  readonly verification?: Verification;
  /** The journal's text for it, until it changes (see QueueJournal). */
  journalText?: string;
  readonly renamedFrom?: string;
  readonly meter: RateMeter;
  /** Index in the queue's list, kept current so re-queuing needs no search. */
  position: number;
  /** Written only through `QueueEntries.setStatus`, which keeps the counts in step. */
  status: TransferStatus;
  /** The item as last shown, while its status (queued, done, skipped) means it cannot change. */
  settled?: TransferItem;
  error?: AppError;
  controller?: AbortController;
  interruption?: Interruption;
  /** The question main put to the user and is waiting on; only while `waiting-conflict`. */
  conflict?: TransferConflict;
  /** When it was asked, counted across the queue, so questions are listed in the order asked. */
  askedAs?: number;
  /** What the user chose for this item's conflict; asked again only if there is none. */
  choice?: ConflictChoice;
  /**
   * The target was checked (and any conflict settled) for the current attempt. A resumed item
   * must not look again: its own half-finished write would look like someone else's object.
   */
  cleared?: boolean;
}

/** One enqueue request: its items share "apply to all". */
export interface Job {
  /** "Apply to all": the choice for every later conflict in this job. */
  choiceForAll?: ConflictChoice;
}

export interface NewItem {
  readonly task: TransferTask;
  readonly renamedFrom?: string;
  /** Decided before it runs (a sync plan said overwrite): no question when the target exists. */
  readonly choice?: ConflictChoice;
}

export const finished: ReadonlySet<TransferStatus> = new Set(['done', 'skipped', 'failed', 'cancelled']);

/** Statuses in which quitting loses work: an interrupted item is already in the journal, waiting. */
const active = (status: TransferStatus): boolean => !finished.has(status) && status !== 'interrupted';

/**
 * The queue's items and jobs, in the order they were added, with counts per status kept in
 * step so "is anything left" and "how many run" never scan the whole list.
 */
export class QueueEntries {
  readonly #list: Entry[] = [];
  readonly #counts = new Map<TransferStatus, number>();
  readonly running = new Set<Entry>();
  readonly jobs = new Map<string, Job>();
  /**
   * No entry before this index is queued: each finished file starts the next one without
   * rescanning the thousands already done. Whatever re-queues an entry moves it back there.
   */
  #scanFrom = 0;

  get all(): readonly Entry[] {
    return this.#list;
  }

  add(
    direction: TransferDirection,
    sessionIds: readonly string[],
    items: readonly NewItem[],
    sessions?: readonly JournalSession[],
  ): string {
    const jobId = randomUUID();
    if (items.length > 0) this.jobs.set(jobId, {});
    this.#add('queued', items.length);
    for (const { task, renamedFrom, choice } of items) {
      this.#list.push({
        id: randomUUID(),
        jobId,
        direction,
        sessionIds,
        sessions,
        task,
        renamedFrom,
        ...(choice && { choice }),
        meter: new RateMeter(),
        position: this.#list.length,
        status: 'queued',
      });
    }
    return jobId;
  }

  /**
   * Items read back from the journal, each with its (dormant) task: interrupted until their
   * sessions open, or done and "saved, not verified" as they ended before the restart.
   */
  restore(items: readonly { readonly record: ItemRecord; readonly task: TransferTask }[]): void {
    for (const { record, task } of items) {
      if (!this.jobs.has(record.jobId)) this.jobs.set(record.jobId, {});
      if (record.unverified !== undefined) {
        this.#restoreUnverified(record, task, record.unverified);
        continue;
      }
      this.#add('interrupted', 1);
      this.#list.push({
        id: record.id,
        jobId: record.jobId,
        direction: record.direction,
        sessionIds: [],
        sessions: record.sessions,
        bound: record.sessions.map(() => undefined),
        resumeAs: record.resumeAs,
        task,
        ...(record.note !== undefined && { note: record.note }),
        ...(record.renamedFrom !== undefined && { renamedFrom: record.renamedFrom }),
        cleared: record.cleared,
        ...(record.choice && { choice: record.choice }),
        meter: new RateMeter(),
        position: this.#list.length,
        status: 'interrupted',
      });
    }
  }

  #restoreUnverified(record: ItemRecord, task: TransferTask, reason: UnverifiedReason): void {
    this.#add('done', 1);
    this.#list.push({
      id: record.id,
      jobId: record.jobId,
      direction: record.direction,
      sessionIds: [],
      sessions: record.sessions,
      task,
      ...(record.note !== undefined && { note: record.note }),
      ...(record.renamedFrom !== undefined && { renamedFrom: record.renamedFrom }),
      verification: { state: 'not-verified', reason },
      meter: new RateMeter(),
      position: this.#list.length,
      status: 'done',
    });
  }

  count(status: TransferStatus): number {
    return this.#counts.get(status) ?? 0;
  }

  setStatus(entry: Entry, status: TransferStatus): void {
    if (entry.status === status) return;
    entry.settled = undefined;
    entry.journalText = undefined;
    this.#add(entry.status, -1);
    this.#add(status, 1);
    entry.status = status;
    if (status !== 'waiting-conflict') entry.conflict = undefined;
    if (status === 'running') this.running.add(entry);
    else this.running.delete(entry);
    if (status === 'queued') this.#scanFrom = Math.min(this.#scanFrom, entry.position);
  }

  /** The next queued entry, in order; undefined when none is left. */
  nextQueued(): Entry | undefined {
    while (this.count('queued') > 0) {
      const entry = this.#list[this.#scanFrom];
      if (!entry) return undefined;
      this.#scanFrom++;
      if (entry.status === 'queued') return entry;
    }
    return undefined;
  }

  select(ids?: readonly string[]): Entry[] {
    if (!ids) return [...this.#list];
    const wanted = new Set(ids);
    return this.#list.filter((e) => wanted.has(e.id));
  }

  /** Drops done, skipped and cancelled items; failed ones stay so they can be retried. */
  clearFinished(): void {
    const dropped: readonly TransferStatus[] = ['done', 'skipped', 'cancelled'];
    const kept = this.#list.filter((e) => !dropped.includes(e.status));
    this.#list.splice(0, this.#list.length, ...kept);
    kept.forEach((e, i) => {
      e.position = i;
    });
    for (const status of dropped) this.#counts.delete(status);
    this.#scanFrom = 0;
    const liveJobs = new Set(kept.map((e) => e.jobId));
    for (const jobId of this.jobs.keys()) if (!liveJobs.has(jobId)) this.jobs.delete(jobId);
  }

  /** True while anything would be lost by quitting now. */
  hasActive(): boolean {
    for (const [status, count] of this.#counts) if (count > 0 && active(status)) return true;
    return false;
  }

  snapshot(conflicts: readonly TransferConflict[]): TransferSnapshot {
    const items = this.#list.map((e) => this.#item(e));
    let bytesTotal = 0;
    let bytesDone = 0;
    let rate = 0;
    let remaining = 0;
    let unverified = 0;
    for (const item of items) {
      if (item.verification?.state === 'not-verified') unverified++;
      if (item.status === 'cancelled' || item.status === 'skipped' || item.status === 'failed') continue;
      bytesTotal += item.bytesTotal;
      bytesDone += item.bytesDone;
      rate += item.rate;
      remaining += Math.max(0, item.bytesTotal - item.bytesDone);
    }
    const eta = rate > 0 && remaining > 0 ? Math.ceil(remaining / rate) : undefined;
    const byStatus = Object.fromEntries(transferStatuses.map((s) => [s, this.count(s)])) as Record<
      TransferStatus,
      number
    >;
    return {
      items,
      totals: {
        bytesTotal,
        bytesDone,
        rate,
        eta,
        active: byStatus.running,
        queued: byStatus.queued,
        failed: byStatus.failed,
        unverified,
        byStatus,
      },
      conflicts,
    };
  }

  #add(status: TransferStatus, delta: number): void {
    this.#counts.set(status, (this.#counts.get(status) ?? 0) + delta);
  }

  #item(e: Entry): TransferItem {
    if (e.settled?.status === e.status) return e.settled;
    const retry = e.status === 'running' ? e.task.retries.current() : undefined;
    const retries = e.task.retries.used();
    const note = e.task.restartReason() ?? e.note;
    const resumeWith = e.status === 'interrupted' ? waitingFor(e) : undefined;
    const verification = e.status === 'done' ? (e.verification ?? e.task.verification?.()) : undefined;
    const item: TransferItem = {
      id: e.id,
      jobId: e.jobId,
      direction: e.direction,
      source: e.task.source,
      target: e.task.target(),
      sessionId: e.sessionIds[0] ?? '',
      bytesTotal: e.task.bytesTotal(),
      bytesDone: e.status === 'done' ? e.task.bytesTotal() : e.task.bytesDone(),
      status: e.status,
      rate: e.status === 'running' ? e.meter.rate() : 0,
      ...(e.error && { error: e.error }),
      ...(e.renamedFrom !== undefined && { renamedFrom: e.renamedFrom }),
      ...(retry && { retry }),
      ...(retries > 0 && { retries }),
      ...(resumeWith && { resumeWith }),
      ...(note !== undefined && { note }),
      ...(verification && { verification }),
    };
    // Only a running item changes without changing status: any other's copy serves every snapshot
    // until setStatus drops it. Snapshots go out four times a second and list every item, so with
    // 10,000 small files, rebuilding each item each time was a fifth of the queue's CPU.
    if (e.status === 'done' || e.status === 'skipped' || e.status === 'queued') e.settled = item;
    return item;
  }
}

/** The labels of the sessions an interrupted item still waits for. */
const waitingFor = (e: Entry): readonly string[] =>
  (e.sessions ?? []).filter((_, i) => e.bound?.[i] === undefined).map((s) => s.label || s.name);
