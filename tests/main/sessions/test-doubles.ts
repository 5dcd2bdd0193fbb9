import type { EventSink } from '../../../src/main/events/event-sink';
import type { Clock } from '../../../src/main/sessions/session-store';
import type { EventName } from '../../../src/shared/ipc/channels';
import type { EventPayloads } from '../../../src/shared/ipc/contract';

export interface Emitted {
  readonly event: EventName;
  readonly payload: unknown;
}

export class RecordingSink implements EventSink {
  readonly events: Emitted[] = [];
  readonly #listeners: ((e: Emitted) => void)[] = [];

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    const emitted = { event, payload };
    this.events.push(emitted);
    for (const listener of this.#listeners) listener(emitted);
  }

  of<E extends EventName>(event: E): EventPayloads[E][] {
    return this.events.filter((e) => e.event === event).map((e) => e.payload as EventPayloads[E]);
  }

  /** Calls back on each later event, e.g. to answer an MFA prompt the moment it is asked. */
  on(listener: (e: Emitted) => void): void {
    this.#listeners.push(listener);
  }

  /** Every emitted payload as JSON, to search for leaked secrets. */
  json(): string {
    return JSON.stringify(this.events);
  }
}

/** A clock the test moves by hand; timers fire in time order as it passes them. */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    // As Node does: a delay beyond a signed 32-bit millisecond count becomes 1 ms.
    const delay = ms > 2 ** 31 - 1 ? 1 : ms;
    this.#timers.set(id, { at: this.#now + delay, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  pending(): number {
    return this.#timers.size;
  }

  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      const due = [...this.#timers.entries()]
        .filter(([, t]) => t.at <= target)
        .sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
      if (!due) break;
      const [id, timer] = due;
      this.#timers.delete(id);
      this.#now = Math.max(this.#now, timer.at);
      timer.callback();
      await settle();
    }
    this.#now = target;
    await settle();
  }
}

/** Lets pending promise chains (a renewal started by a timer) run to completion. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}
