import { AppFailure } from '../../shared/errors/app-error';
import type { BookmarkSession } from '../../shared/models/bookmark';
import type { SsoRoleRef } from '../../shared/models/sso';

/**
 * How a session was opened, enough to open it again: a profile name, an ad-hoc role switch, or
 * an IAM Identity Center account and role. Never credentials.
 */
export type SessionSource = BookmarkSession | { readonly kind: 'sso'; readonly role: SsoRoleRef };

/**
 * How each open session was opened, recorded by main when it opens one. A bookmark takes its
 * session source from here, so the page can only bookmark sessions it really has open, and
 * cannot slip a role of its own choosing (or an external ID) into the file. The transfer
 * journal takes it from here too, to open the same session again after a restart.
 */
export class SessionSources {
  readonly #sources = new Map<string, SessionSource>();

  remember(sessionId: string, source: SessionSource): void {
    this.#sources.set(sessionId, source);
  }

  forget(sessionId: string): void {
    this.#sources.delete(sessionId);
  }

  /** The source of an open session, whatever its kind; undefined when main did not open it. */
  sourceOf(sessionId: string): SessionSource | undefined {
    return this.#sources.get(sessionId);
  }

  /** The source a bookmark can hold. */
  of(sessionId: string): BookmarkSession {
    const source = this.#sources.get(sessionId);
    if (!source) throw new AppFailure('not-found', 'That session is not open.', { details: { sessionId } });
    if (source.kind === 'sso')
      throw new AppFailure('unsupported', 'Bookmarks cannot open IAM Identity Center roles yet.', {
        hints: ['Copy the role’s profile block into ~/.aws/config and bookmark it through that profile.'],
      });
    return source;
  }
}
