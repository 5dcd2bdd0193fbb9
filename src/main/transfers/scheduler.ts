import { AppFailure } from '../../shared/errors/app-error';
import { toAppError } from '../../shared/errors/to-app-error';
import type { Clock } from '../../shared/transfers/clock';
import { isExpired } from '../../shared/transfers/retry';
import { log } from '../security/log';
import type { SessionAccess } from '../sessions/session-access';
import type { Conflicts } from './conflicts';
import { mayStartAnother } from './files-in-flight';
import type { Entry, Interruption, QueueEntries } from './queue-entries';
import { TargetAppeared } from './transfer-task';

export interface SchedulerDeps {
  readonly entries: QueueEntries;
  readonly conflicts: Conflicts;
  readonly sessions: Pick<SessionAccess, 'credentials'>;
  readonly clock: Clock;
  readonly parallelFiles: () => number;
  /** Something changed that the next snapshot should show. */
  readonly changed: () => void;
}

export const PROGRESS_INTERVAL_MS = 250;
/**
 * A snapshot lists every item, and the renderer receives all of it: past 2,500 items they go out
 * less often (once a second at 10,000), so a big job's progress stays cheap on both sides.
 */
export const snapshotIntervalMs = (items: number): number =>
  Math.min(1_000, Math.max(PROGRESS_INTERVAL_MS, items / 10));
const bytesOf = (entry: Entry): number => entry.task.bytesTotal();

/**
 * Runs queued items with bounded parallelism: starts them, unwinds their runs into a status
 * (done, failed, paused, cancelled), parks the items of an expired session until it is
 * renewed, and samples the bytes of running items for their rates.
 */
export class Scheduler {
  readonly #runs = new Set<Promise<void>>();
  #stopTicker: (() => void) | undefined;
  #stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Starts queued items until the parallel limit is reached. */
  pump(): void {
    if (this.#stopped) return;
    const { entries } = this.deps;
    const tuning = { parallelFiles: this.deps.parallelFiles() };
    while (mayStartAnother(entries.running, bytesOf, tuning)) {
      const entry = entries.nextQueued();
      if (!entry) break;
      this.#start(entry);
    }
  }

  interrupt(entry: Entry, why: Interruption): void {
    // A cancel outranks a pause already on its way.
    if (entry.interruption !== 'cancelled') entry.interruption = why;
    entry.controller?.abort(new AppFailure('cancelled', `Transfer ${why}.`));
  }

  /** Frees what an unfinished run left behind, in the background; stop() waits for it. */
  discardLater(entry: Entry): void {
    this.track(this.#discard(entry));
  }

  /** Items waiting for this session's credentials run again. */
  renewed(sessionId: string): void {
    const { entries } = this.deps;
    for (const entry of entries.all) {
      if (entry.status === 'waiting-credentials' && entry.sessionIds.includes(sessionId))
        entries.setStatus(entry, 'queued');
    }
    this.deps.changed();
    this.pump();
  }

  /** Starts nothing more, and waits for every run and clean-up under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    while (this.#runs.size > 0) await Promise.allSettled([...this.#runs]);
    this.#stopTicker?.();
    this.#stopTicker = undefined;
  }

  #start(entry: Entry): void {
    this.deps.entries.setStatus(entry, 'running');
    entry.controller = new AbortController();
    entry.meter.reset();
    this.#ensureTicker();
    this.deps.changed();
    this.track(this.#drive(entry, entry.controller.signal));
  }

  /** Work in the background (a run, a clean-up) that stop() waits for. */
  track(run: Promise<void>): void {
    this.#runs.add(run);
    void run.finally(() => this.#runs.delete(run));
  }

  async #drive(entry: Entry, signal: AbortSignal): Promise<void> {
    const { entries, conflicts } = this.deps;
    try {
      if (await conflicts.hold(entry, signal)) return;
      await entry.task.run(signal, conflicts.mayReplace(entry));
      entries.setStatus(entry, 'done');
      entry.interruption = undefined;
    } catch (err) {
      if (err instanceof TargetAppeared && entry.interruption === undefined) {
        // Someone wrote the target after it was checked: look again, and ask if it is a conflict now.
        entry.cleared = false;
        entries.setStatus(entry, 'queued');
        return;
      }
      await this.#settleFailure(entry, err);
    } finally {
      entry.controller = undefined;
      this.deps.changed();
      this.pump();
    }
  }

  async #settleFailure(entry: Entry, err: unknown): Promise<void> {
    const { entries } = this.deps;
    const interruption = entry.interruption;
    entry.interruption = undefined;
    if (interruption === 'cancelled') {
      // Cancelled once the multipart upload is aborted, so "cancelled" means nothing is left behind.
      await this.#discard(entry);
      entries.setStatus(entry, 'cancelled');
    } else if (interruption === 'paused' || interruption === 'waiting-credentials') {
      entries.setStatus(entry, interruption);
    } else if (interruption === 'suspended') {
      // The app is quitting: what it finished stays (in S3, on disk, in the journal) for next time.
      entry.resumeAs = 'queued';
      entries.setStatus(entry, 'interrupted');
    } else if (isExpired(err)) {
      await this.#park(entry);
    } else {
      entries.setStatus(entry, 'failed');
      entry.error = toAppError(err);
      await this.#discard(entry);
    }
  }

  /**
   * Holds an item whose credentials expired, and stops every other item of the expired
   * session(s) so none of them burns its retries on the same expiry. Finished parts are kept.
   */
  async #park(entry: Entry): Promise<void> {
    const { entries, sessions } = this.deps;
    const expired: string[] = [];
    for (const sessionId of entry.sessionIds) {
      const ok = await sessions.credentials(sessionId).then(
        () => true,
        (err: unknown) => !isExpired(err),
      );
      if (!ok) expired.push(sessionId);
    }
    // Renewed while we looked: just run it again.
    if (expired.length === 0) {
      entries.setStatus(entry, 'queued');
      return;
    }
    entries.setStatus(entry, 'waiting-credentials');
    for (const other of entries.all) {
      if (other === entry || !other.sessionIds.some((s) => expired.includes(s))) continue;
      if (other.status === 'running') this.interrupt(other, 'waiting-credentials');
      else if (other.status === 'queued') entries.setStatus(other, 'waiting-credentials');
    }
  }

  async #discard(entry: Entry): Promise<void> {
    try {
      await entry.task.discard();
    } catch (err) {
      // The transfer's own outcome stands; an orphaned part or temp file is worth a log line, not a failure.
      log.warn(`Could not clean up after ${entry.task.source}: ${toAppError(err).message}`);
    }
  }

  /** Samples running items' bytes for their rates, and pushes progress, while anything runs. */
  #ensureTicker(): void {
    if (this.#stopTicker) return;
    const { clock, entries } = this.deps;
    const tick = (): void => {
      const now = clock.now();
      for (const entry of entries.running) entry.meter.sample(now, entry.task.bytesDone());
      this.deps.changed();
      this.#stopTicker =
        entries.running.size > 0 && !this.#stopped ? clock.later(tick, PROGRESS_INTERVAL_MS) : undefined;
    };
    this.#stopTicker = clock.later(tick, PROGRESS_INTERVAL_MS);
  }
}
