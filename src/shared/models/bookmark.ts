import type { AppError } from './errors';
import type { AdhocRole } from './profile';

/**
 * How a bookmark gets its session. A union on `kind`, so new session kinds (SSO account and
 * role) join as another member without touching the others. Never credentials.
 */
export type BookmarkSession =
  | { readonly kind: 'profile'; readonly profile: string }
  | { readonly kind: 'adhoc'; readonly role: AdhocRole };

/** A named location: a session source plus bucket, folder and, optionally, one object in it. */
export interface Bookmark {
  readonly id: string;
  /** Unique, ignoring case: links and the address bar find bookmarks by name. */
  readonly name: string;
  readonly session: BookmarkSession;
  readonly bucket: string;
  /** '' or a folder prefix ending in `/`. */
  readonly prefix: string;
  /** An object in that folder, selected (with its details) when the bookmark opens. */
  readonly key?: string;
}

export interface BookmarksSnapshot {
  readonly bookmarks: readonly Bookmark[];
  /** Why the saved bookmarks could not all be read; the file was kept aside, not lost. */
  readonly error?: AppError;
}

export interface BookmarkImportSummary {
  /** The file main's own dialog returned; null when the user cancelled. */
  readonly path: string | null;
  readonly added: number;
  /** Names not imported, each with the reason. */
  readonly skipped: readonly string[];
}

export interface BookmarkExportSummary {
  readonly path: string | null;
  readonly count: number;
}

/** A short label for the session a bookmark opens: the profile, or the role switch's label. */
export function bookmarkSessionLabel(session: BookmarkSession): string {
  switch (session.kind) {
    case 'profile':
      return session.profile;
    case 'adhoc':
      return session.role.label || `${session.role.roleName} @ ${session.role.accountId}`;
  }
}
