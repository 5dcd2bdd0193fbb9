import { create } from 'zustand';
import type { AppError } from '../../shared/models/errors';
import type { AdhocRole } from '../../shared/models/profile';
import type { SessionState } from '../../shared/models/session';
import { parseSsoRoleSource } from '../../shared/models/sso';
import { call, onEvent, toAppError } from '../lib/api';

/** A request in flight for one session, and the last one's failure. */
export interface SessionActivity {
  readonly pending?: 'renewing' | 'closing';
  readonly error?: AppError;
}

interface SessionsStore {
  readonly sessions: Readonly<Record<string, SessionState>>;
  readonly activity: Readonly<Record<string, SessionActivity>>;
  /** The attach snapshot could not be had (lib/attach.ts). */
  readonly loadError?: AppError;
  /** Opens (assumes) a profile's role, or an Identity Center role by its `sso:` source; throws ApiError when it fails. */
  readonly open: (profile: string) => Promise<SessionState>;
  readonly openAdhoc: (role: AdhocRole, remember: boolean) => Promise<SessionState>;
  readonly renew: (sessionId: string) => Promise<void>;
  readonly close: (sessionId: string) => Promise<void>;
}

export const useSessionsStore = create<SessionsStore>()((set, get) => {
  const put = (session: SessionState): void =>
    set((s) => ({ sessions: { ...s.sessions, [session.sessionId]: session } }));
  const setActivity = (sessionId: string, activity: SessionActivity): void =>
    set((s) => ({ activity: { ...s.activity, [sessionId]: activity } }));
  const drop = (sessionId: string): void =>
    set((s) => {
      const { [sessionId]: _gone, ...sessions } = s.sessions;
      const { [sessionId]: _idle, ...activity } = s.activity;
      return { sessions, activity };
    });

  return {
    sessions: {},
    activity: {},
    open: async (profile) => {
      // A role found through IAM Identity Center has no profile; its source names it.
      const ssoRole = parseSsoRoleSource(profile);
      const session = ssoRole ? await call('openSsoRole', ssoRole) : await call('openSession', { profile });
      put(session);
      return session;
    },
    openAdhoc: async (role, remember) => {
      const session = await call('openAdhocSession', { role, remember });
      put(session);
      return session;
    },
    renew: async (sessionId) => {
      if (get().activity[sessionId]?.pending) return;
      setActivity(sessionId, { pending: 'renewing' });
      try {
        put(await call('renewSession', { sessionId }));
        setActivity(sessionId, {});
      } catch (err) {
        setActivity(sessionId, { error: toAppError(err) });
      }
    },
    close: async (sessionId) => {
      setActivity(sessionId, { pending: 'closing' });
      try {
        await call('closeSession', { sessionId });
        drop(sessionId);
      } catch (err) {
        setActivity(sessionId, { error: toAppError(err) });
      }
    },
  };
});

/** Follows main's lifecycle events; returns the unsubscribe. The attach snapshot fills the store. */
export function startSessions(onClosed: (sessionId: string) => void): () => void {
  const offChanged = onEvent('sessionChanged', (session) =>
    useSessionsStore.setState((s) => ({ sessions: { ...s.sessions, [session.sessionId]: session } })),
  );
  const offClosed = onEvent('sessionClosed', ({ sessionId }) => {
    useSessionsStore.setState((s) => {
      const { [sessionId]: _gone, ...sessions } = s.sessions;
      return { sessions };
    });
    onClosed(sessionId);
  });
  return () => {
    offChanged();
    offClosed();
  };
}

/** One session's state, or undefined when it is not (or no longer) open. */
export const useSession = (sessionId: string | undefined): SessionState | undefined =>
  useSessionsStore((s) => (sessionId ? s.sessions[sessionId] : undefined));

export const useSessionActivity = (sessionId: string | undefined): SessionActivity | undefined =>
  useSessionsStore((s) => (sessionId ? s.activity[sessionId] : undefined));
