import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import type { TaskRecord } from '../../../shared/engine/records';
import { toAppError } from '../../../shared/errors/to-app-error';
import type { AppError } from '../../../shared/models/errors';
import { log } from '../../security/log';
import { ProxyTask } from '../engine-link/proxy-task';
import type { Entry, QueueEntries } from '../queue-entries';
import type { Scheduler } from '../scheduler';
import type { S3Clients } from '../transfer-task';
import type { QueueJournal } from './queue-journal';
import type { JournalSession, PendingAbort, SessionSourceRecord } from './records';

/** What the queue needs of the app's sessions to take up the transfers of a previous run. */
export interface SessionReopener {
  /** How an open session can be opened again; undefined when it cannot (its items are not journaled). */
  describe(sessionId: string): JournalSession | undefined;
  /** Opens the session a journal names, asking for MFA if its chain needs it. */
  reopen(source: SessionSourceRecord): Promise<{ readonly sessionId: string; readonly source: string }>;
  /** The session open now under `name` (its source), if any. */
  openAs(name: string): string | undefined;
}

export interface InterruptedDeps {
  readonly entries: QueueEntries;
  readonly journal: QueueJournal;
  readonly scheduler: Scheduler;
  /** A task for a record read back from the journal, unbound until its sessions are open. */
  readonly restoreTask: (record: TaskRecord) => ProxyTask;
  readonly clients: S3Clients;
  readonly sessions: SessionReopener;
  readonly changed: () => void;
}

const unique = <T>(list: readonly T[]): T[] => [...new Set(list)];

/**
 * The transfers a previous run of the app left unfinished: read back from the journal, they wait
 * (`interrupted`) until their sessions are open again, by the user or by the Resume action, and
 * then continue as the real tasks they were. A cancelled one with a multipart upload in S3 has
 * the upload aborted as soon as its session is open (at once if it is), and the journal keeps
 * the abort until then, so nothing is left behind for good.
 */
export class InterruptedItems {
  /** Aborts under way, so a session renewed meanwhile does not send the same one twice. */
  readonly #aborting = new Set<PendingAbort>();

  constructor(private readonly deps: InterruptedDeps) {}

  /**
   * Reads the journal into the queue; returns the local paths its unfinished items use (main
   * grants them again).
   */
  async restore(): Promise<{ readonly read: readonly string[]; readonly write: readonly string[] }> {
    const { contents, error } = await this.deps.journal.load();
    this.error = error;
    if (!contents) return { read: [], write: [] };
    this.deps.entries.restore(
      contents.items.map((record) => ({ record, task: this.deps.restoreTask(record.task) })),
    );
    for (const { id, choiceForAll } of contents.jobs) {
      const job = this.deps.entries.jobs.get(id);
      if (job) job.choiceForAll = choiceForAll;
    }
    const read: string[] = [];
    const write: string[] = [];
    // A download listed again as saved but not verified writes nothing more.
    for (const { task, unverified } of contents.items) {
      if (unverified !== undefined) continue;
      if (task.kind === 'upload') read.push(task.localPath);
      else if (task.kind === 'download') write.push(task.targetDir);
    }
    return { read: unique(read), write: unique(write) };
  }

  /** Why the journal could not all be read back, for the transfers panel. */
  error: AppError | undefined;

  /** A session is open (opened, renewed): the items waiting for it continue, and its pending aborts run. */
  sessionReady(sessionId: string, name: string): void {
    const { entries } = this.deps;
    if (entries.count('interrupted') > 0) {
      let woke = false;
      for (const entry of entries.all) {
        if (entry.status !== 'interrupted' || !entry.sessions || !entry.bound) continue;
        entry.sessions.forEach((s, i) => {
          if (s.name === name && entry.bound) entry.bound[i] = sessionId;
        });
        if (entry.bound.every((id) => id !== undefined)) {
          this.#wake(entry, entry.bound as string[]);
          woke = true;
        }
      }
      if (woke) this.deps.changed();
    }
    for (const abort of this.deps.journal.abortsFor(name)) this.#abortLater(sessionId, abort);
  }

  /**
   * The Resume action on interrupted items: they continue even if they were paused, and the
   * sessions they wait for are opened (one after another: each may ask for an MFA code). Rejects
   * with the first session that could not be opened; the others are still tried.
   */
  async resume(selected: readonly Entry[]): Promise<void> {
    const waiting = selected.filter((e) => e.status === 'interrupted');
    for (const entry of waiting) {
      entry.resumeAs = 'queued';
      entry.journalText = undefined;
    }
    const sessions = new Map<string, SessionSourceRecord>();
    for (const entry of waiting)
      entry.sessions?.forEach((s, i) => {
        if (entry.bound?.[i] === undefined) sessions.set(s.name, s.source);
      });
    let failure: unknown;
    for (const [name, source] of sessions) {
      try {
        const open = this.deps.sessions.openAs(name) ?? (await this.deps.sessions.reopen(source)).sessionId;
        this.sessionReady(open, name);
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure;
  }

  /**
   * Cancels an interrupted item: what it left on disk is removed now, a multipart upload it left
   * in S3 is aborted as soon as its session is open. The row says which.
   */
  cancel(entry: Entry): void {
    const { entries, journal, scheduler } = this.deps;
    const task = entry.task;
    const upload = task instanceof ProxyTask && !task.bound ? task.upload() : undefined;
    const session = entry.sessions?.[0];
    if (upload && session) {
      const abort: PendingAbort = { session, ...upload };
      journal.addAbort(abort);
      const open = this.deps.sessions.openAs(session.name);
      if (open) this.#abortLater(open, abort);
      else
        entry.note = `Its unfinished upload in S3 is aborted the next time ${session.label || session.name} is open.`;
    }
    entries.setStatus(entry, 'cancelled');
    scheduler.discardLater(entry);
  }

  #wake(entry: Entry, sessionIds: readonly string[]): void {
    const task = entry.task;
    if (!(task instanceof ProxyTask) || task.bound) return;
    task.bind(sessionIds);
    entry.sessionIds = sessionIds;
    entry.bound = undefined;
    this.deps.entries.setStatus(entry, entry.resumeAs ?? 'queued');
  }

  #abortLater(sessionId: string, abort: PendingAbort): void {
    if (this.#aborting.has(abort)) return;
    this.#aborting.add(abort);
    this.deps.scheduler.track(this.#abort(sessionId, abort).finally(() => this.#aborting.delete(abort)));
  }

  async #abort(sessionId: string, abort: PendingAbort): Promise<void> {
    const { bucket, key, uploadId } = abort;
    try {
      const client = await this.deps.clients.forBucket(sessionId, bucket);
      await client
        .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
        .catch((err: unknown) => {
          if ((err as { name?: string }).name !== 'NoSuchUpload') throw err;
        });
      this.deps.journal.aborted(abort);
    } catch (err) {
      // Kept in the journal: tried again the next time the session opens.
      log.warn(`Could not abort the unfinished upload of s3://${bucket}/${key}: ${toAppError(err).message}`);
    }
  }
}
