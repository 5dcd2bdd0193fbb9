import type { BookmarkSession } from '../../shared/models/bookmark';
import { AppFailure } from '../errors/app-error';

/**
 * How each open session was opened, recorded by main when it opens one. A bookmark takes its
 * session source from here, so the page can only bookmark sessions it really has open, and
 * cannot slip a role of its own choosing (or an external ID) into the file.
 */
export class SessionSources {
  readonly #sources = new Map<string, BookmarkSession>();

  remember(sessionId: string, source: BookmarkSession): void {
    this.#sources.set(sessionId, source);
  }

  forget(sessionId: string): void {
    this.#sources.delete(sessionId);
  }

  of(sessionId: string): BookmarkSession {
    const source = this.#sources.get(sessionId);
    if (!source) throw new AppFailure('not-found', 'That session is not open.', { details: { sessionId } });
    return source;
  }
}
