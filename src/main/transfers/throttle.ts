import type { Clock } from '../../shared/transfers/clock';

/**
 * Calls `fn` at most once per `intervalMs`: the first request runs at once, later ones are
 * folded into one trailing call, so the last state is always delivered.
 */
export class Throttle {
  #last = Number.NEGATIVE_INFINITY;
  #cancel: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    /** A function is asked again each time, for an interval that follows the load. */
    private readonly intervalMs: number | (() => number),
    private readonly fn: () => void,
  ) {}

  request(): void {
    if (this.#cancel) return;
    const interval = typeof this.intervalMs === 'function' ? this.intervalMs() : this.intervalMs;
    const wait = this.#last + interval - this.clock.now();
    if (wait <= 0) {
      this.#fire();
      return;
    }
    this.#cancel = this.clock.later(() => {
      this.#cancel = undefined;
      this.#fire();
    }, wait);
  }

  dispose(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #fire(): void {
    this.#last = this.clock.now();
    this.fn();
  }
}
