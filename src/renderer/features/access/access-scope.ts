import { createContext, useContext } from 'react';

/**
 * Where an error was met: the session that made the refused call and the folder the user was
 * in. A pane (or a transfer row) provides it, so any AccessDenied notice below can ask main
 * to explain itself with that session's identity and grant that folder.
 */
export interface AccessScope {
  readonly sessionId?: string;
  readonly prefix?: string;
}

export const AccessScopeContext = createContext<AccessScope>({});

export const useAccessScope = (): AccessScope => useContext(AccessScopeContext);
