import { type ParsedLink, parseCrossbucketLink } from '../../shared/links/crossbucket-link';
import type { EventSink } from '../events/event-sink';

/** Links nobody took (no window yet) beyond this are dropped, oldest first. */
const MAX_WAITING = 10;

/**
 * crossbucket:// links handed to the app by the OS (start-up arguments, a second instance,
 * macOS open-url) or, in the browser shell, by the harness. They wait here until the window
 * takes them, so a link that starts the app is not lost before the page has loaded.
 */
export class LinkInbox {
  readonly #sink: EventSink;
  #waiting: ParsedLink[] = [];

  constructor(sink: EventSink) {
    this.#sink = sink;
  }

  receive(url: string): void {
    this.#waiting = [...this.#waiting, parseCrossbucketLink(url)].slice(-MAX_WAITING);
    this.#sink.emit('linkReceived', { waiting: this.#waiting.length });
  }

  take(): readonly ParsedLink[] {
    const taken = this.#waiting;
    this.#waiting = [];
    return taken;
  }
}
