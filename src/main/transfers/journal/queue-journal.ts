import { toAppError } from '../../../shared/errors/to-app-error';
import type { AppError } from '../../../shared/models/errors';
import type { UnverifiedReason } from '../../../shared/models/transfer';
import type { Clock } from '../../../shared/transfers/clock';
import { log } from '../../security/log';
import { type Entry, finished, type QueueEntries } from '../queue-entries';
import { CoalescedWrites } from './coalesced-writes';
import type { JournalFile } from './journal-file';
import {
  type ItemRecord,
  type JournalContents,
  type PendingAbort,
  readJournal,
  renderJournal,
} from './records';

/**
 * How long changes wait to be written: a second, longer for big queues (10,000 waiting files make a
 * journal of a few MB). A multipart part or a downloaded range is written at once (`flush`).
 */
export const journalIntervalMs = (items: number): number => Math.min(15_000, Math.max(1_000, items / 2));

/**
 * How many finished downloads saved without verification the journal keeps (the latest in the
 * queue's order), so a queue never cleared does not grow it without end.
 */
export const UNVERIFIED_KEPT = 1_000;

/** Why a done entry's bytes were not checked; undefined for anything else. */
function unverifiedOf(e: Entry): UnverifiedReason | undefined {
  if (e.status !== 'done') return undefined;
  const verification = e.verification ?? e.task.verification?.();
  return verification?.state === 'not-verified' ? verification.reason : undefined;
}

/** An entry as the journal keeps it. */
function recordOf(
  e: Entry,
  sessions: NonNullable<Entry['sessions']>,
  unverified: UnverifiedReason | undefined,
): ItemRecord {
  const note = e.task.restartReason() ?? e.note;
  return {
    id: e.id,
    jobId: e.jobId,
    direction: e.direction,
    sessions: [...sessions],
    resumeAs:
      e.status === 'paused' ? 'paused' : e.status === 'interrupted' ? (e.resumeAs ?? 'queued') : 'queued',
    cleared: e.cleared ?? false,
    ...(e.choice && { choice: e.choice }),
    ...(e.renamedFrom !== undefined && { renamedFrom: e.renamedFrom }),
    ...(note !== undefined && { note }),
    ...(unverified !== undefined && { unverified }),
    task: e.task.checkpoint(),
  };
}

export interface LoadedJournal {
  readonly contents?: JournalContents;
  /** Why some or all of it could not be read back; the file was kept aside. */
  readonly error?: AppError;
}

/**
 * The queue's side of the journal: what to write (every unfinished item whose sessions can be
 * opened again, the jobs' "apply to all" answers, the multipart uploads still to abort, and the
 * downloads saved but not verified) and when. Other finished items leave it, and the unverified
 * ones do when the user clears finished items, so it holds what a restart would resume or must
 * still warn about and never grows past the queue itself. Writes are coalesced (see CoalescedWrites) and never fail the transfers: a journal
 * that cannot be written costs the resume after a crash, which the log says.
 */
export class QueueJournal {
  readonly #writes: CoalescedWrites;
  #aborts: PendingAbort[] = [];
  /** The file is known to be absent: an empty queue need not delete it again. */
  #absent = false;

  constructor(
    private readonly entries: QueueEntries,
    private readonly file: JournalFile,
    private readonly clock: Clock,
  ) {
    this.#writes = new CoalescedWrites(
      () => this.#write(),
      clock,
      () => journalIntervalMs(entries.all.length),
    );
  }

  /** Reads the journal a previous run left. Never throws: an unreadable one is kept aside and reported. */
  async load(): Promise<LoadedJournal> {
    const read = await this.file.read();
    if (read.kind === 'missing') {
      this.#absent = true;
      return {};
    }
    const doc = read.kind === 'text' ? readJournal(read.text) : { ok: false as const, reason: read.reason };
    if (doc.ok && doc.rejected === 0) {
      this.#aborts = [...doc.aborts];
      return { contents: doc };
    }
    // Kept as it is before anything is written over it.
    const aside = await this.file.keepAside(new Date(this.clock.now()));
    const kept = aside ?? this.file.path;
    const error: AppError = doc.ok
      ? {
          code: 'config-unreadable',
          message: `${doc.rejected} of the transfers left unfinished last time could not be read back and are not listed. The journal was kept as ${kept}.`,
          details: { file: kept },
        }
      : {
          code: 'config-unreadable',
          message: `The transfers left unfinished last time could not be read back (${doc.reason}). The journal was kept as ${kept}.`,
          details: { file: kept },
          hints: [
            'Start those transfers again; anything they left in S3 is listed under Incomplete uploads.',
          ],
        };
    log.warn(error.message);
    if (!doc.ok) return { error };
    this.#aborts = [...doc.aborts];
    return { contents: doc, error };
  }

  /** Something changed: written within the interval. */
  changed(): void {
    this.#writes.changed();
  }

  /** Written now; resolves once the file holds everything changed before the call. */
  flush(): Promise<void> {
    return this.#writes.flush();
  }

  /** The last write; nothing is written after it. */
  close(): Promise<void> {
    return this.#writes.close();
  }

  addAbort(abort: PendingAbort): void {
    this.#aborts.push(abort);
    this.changed();
  }

  /** The pending aborts of the session opened as `name`; they leave the journal once done (`aborted`). */
  abortsFor(name: string): readonly PendingAbort[] {
    return this.#aborts.filter((a) => a.session.name === name);
  }

  aborted(abort: PendingAbort): void {
    this.#aborts = this.#aborts.filter((a) => a !== abort);
    this.changed();
  }

  #render(): string | undefined {
    const items: string[] = [];
    const jobs = new Set<string>();
    const all = this.entries.all;
    // The oldest beyond the bound are left out; the rest keep their place in the queue.
    let skip = all.reduce((n, e) => (e.sessions && unverifiedOf(e) ? n + 1 : n), 0) - UNVERIFIED_KEPT;
    for (const entry of all) {
      if (!entry.sessions) continue;
      const reason = unverifiedOf(entry);
      if (reason === undefined && finished.has(entry.status)) continue;
      if (reason !== undefined && skip-- > 0) continue;
      // A running item changes without changing status; the others keep their text until they do.
      let text = entry.status === 'running' ? undefined : entry.journalText;
      if (text === undefined) {
        text = JSON.stringify(recordOf(entry, entry.sessions, reason));
        if (entry.status !== 'running') entry.journalText = text;
      }
      items.push(text);
      if (reason === undefined) jobs.add(entry.jobId);
    }
    if (items.length === 0 && this.#aborts.length === 0) return undefined;
    const answers = [...jobs].flatMap((id) => {
      const choiceForAll = this.entries.jobs.get(id)?.choiceForAll;
      return choiceForAll ? [{ id, choiceForAll }] : [];
    });
    return renderJournal(items, JSON.stringify(answers), JSON.stringify(this.#aborts));
  }

  async #write(): Promise<void> {
    try {
      const text = this.#render();
      if (text === undefined) {
        if (!this.#absent) await this.file.remove();
        this.#absent = true;
        return;
      }
      await this.file.write(text);
      this.#absent = false;
    } catch (err) {
      log.warn(`The transfer journal could not be written: ${toAppError(err).message}`);
    }
  }
}
