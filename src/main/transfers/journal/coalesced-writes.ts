import type { Clock } from '../../../shared/transfers/clock';

/**
 * Turns many changes into few writes. `changed()` asks for a write within `interval()`; `flush()`
 * asks for one now and resolves once a write that began after the call has finished, so what it
 * wrote includes every change made before. At most one write runs at a time, and however many
 * flushes arrive while it runs, one more write follows it, not one each: a thousand small files
 * finishing in a second cost one or two writes, not a thousand fsyncs.
 */
export class CoalescedWrites {
  #cancelTimer: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;
  #dirty = false;
  #closed = false;

  constructor(
    /** Must not throw: a failed write is the owner's to report. */
    private readonly write: () => Promise<void>,
    private readonly clock: Clock,
    private readonly interval: () => number,
  ) {}

  changed(): void {
    if (this.#closed) return;
    this.#dirty = true;
    this.#cancelTimer ??= this.clock.later(() => {
      this.#cancelTimer = undefined;
      void this.flush();
    }, this.interval());
  }

  flush(): Promise<void> {
    if (this.#closed) return this.#running ?? Promise.resolve();
    this.#dirty = true;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    this.#next ??= (this.#running ?? Promise.resolve()).then(() => {
      this.#next = undefined;
      this.#running = this.#writeIfDirty().finally(() => {
        this.#running = undefined;
      });
      return this.#running;
    });
    return this.#next;
  }

  /** A last write of everything changed, then none: the queue is going away. */
  async close(): Promise<void> {
    await this.flush();
    this.#closed = true;
  }

  async #writeIfDirty(): Promise<void> {
    if (!this.#dirty) return;
    this.#dirty = false;
    await this.write();
  }
}
