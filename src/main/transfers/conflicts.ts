import { randomUUID } from 'node:crypto';
import { AppFailure } from '../../shared/errors/app-error';
import type { ConflictChoice, TransferConflict } from '../../shared/models/transfer';
import type { EventSink } from '../events/event-sink';
import type { Entry, QueueEntries } from './queue-entries';

/**
 * Where an item would replace something: it asks the user (a `transferConflict` event that
 * stays part of every snapshot until answered) and takes back only answers to questions it
 * asked and is still waiting on.
 */
export class Conflicts {
  #asked = 0;

  constructor(
    private readonly entries: QueueEntries,
    private readonly sink: EventSink,
  ) {}

  /** The user's answer for this item: its own, or the "apply to all" of its job. */
  choiceFor(entry: Entry): ConflictChoice | undefined {
    return entry.choice ?? this.entries.jobs.get(entry.jobId)?.choiceForAll;
  }

  mayReplace(entry: Entry): boolean {
    return this.choiceFor(entry) === 'overwrite';
  }

  /** True when the item now waits for the user (or was skipped); false when it may run. */
  async hold(entry: Entry, signal: AbortSignal): Promise<boolean> {
    if (entry.cleared) return false;
    const existing = await entry.task.findExisting(signal);
    const choice = this.choiceFor(entry);
    if (existing && choice === 'keep-both') await entry.task.keepBoth(signal);
    if (!existing || choice === 'overwrite' || choice === 'keep-both') {
      entry.cleared = true;
      return false;
    }
    if (choice === 'skip') {
      // Skipped before anyone was asked (the caller chose so when queuing it): the row says why.
      if (entry.choice === 'skip')
        entry.error = {
          code: 'conflict',
          message: `${existing.name} appeared at the target after the plan; it was not overwritten.`,
        };
      this.entries.setStatus(entry, 'skipped');
      return true;
    }
    this.entries.setStatus(entry, 'waiting-conflict');
    entry.askedAs = this.#asked++;
    entry.conflict = {
      conflictId: randomUUID(),
      itemId: entry.id,
      direction: entry.direction,
      existing: existing.name,
      existingSize: existing.size,
      existingModified: existing.modified,
      incomingSize: entry.task.bytesTotal(),
      jobId: entry.jobId,
    };
    this.sink.emit('transferConflict', entry.conflict);
    return true;
  }

  /** Settles one conflict (and, with `applyToAll`, the rest of its job); the caller pumps the queue. */
  resolve(conflictId: string, choice: ConflictChoice, applyToAll: boolean): void {
    const entry = this.entries.all.find(
      (e) => e.status === 'waiting-conflict' && e.conflict?.conflictId === conflictId,
    );
    if (!entry)
      throw new AppFailure('not-found', 'That conflict was already resolved or its transfer is gone.');
    const targets = [entry];
    if (applyToAll) {
      const job = this.entries.jobs.get(entry.jobId);
      if (job) job.choiceForAll = choice;
      targets.push(
        ...this.entries.all.filter(
          (e) => e !== entry && e.jobId === entry.jobId && e.status === 'waiting-conflict',
        ),
      );
    }
    for (const target of targets) {
      target.choice = choice;
      this.entries.setStatus(target, choice === 'skip' ? 'skipped' : 'queued');
    }
  }

  /** Every question still waiting for the user, in the order asked: part of the snapshot a window attaches to. */
  pending(): readonly TransferConflict[] {
    if (this.entries.count('waiting-conflict') === 0) return [];
    return this.entries.all
      .filter((e) => e.status === 'waiting-conflict')
      .sort((a, b) => (a.askedAs ?? 0) - (b.askedAs ?? 0))
      .flatMap((e) => (e.conflict ? [e.conflict] : []));
  }
}
