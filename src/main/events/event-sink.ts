import type { EventName } from '../../shared/ipc/channels';
import type { EventPayloads } from '../../shared/ipc/contract';

/**
 * Where services push events. Electron sends them to the window; the browser bridge streams
 * them to its page; tests collect them. Services never know which.
 */
export interface EventSink {
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
}

/** Fans one event out to many sinks (the window and, say, a recorder in a test). */
export class EventHub implements EventSink {
  readonly #sinks = new Set<EventSink>();

  add(sink: EventSink): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const sink of this.#sinks) sink.emit(event, payload);
  }
}
