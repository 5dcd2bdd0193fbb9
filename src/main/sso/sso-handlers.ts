import { parseSsoRoleSource } from '../../shared/models/sso';
import type { Handlers } from '../ipc/dispatcher';
import type { Platform } from '../platform/platform';
import type { ResolvedProfile } from '../profiles/profile-model';
import type { SessionStore } from '../sessions/session-store';
import type { SsoService } from './sso-service';

type SsoHandlerNames =
  | 'listSso'
  | 'signInSso'
  | 'cancelSsoSignIn'
  | 'reopenSsoSignIn'
  | 'signOutSso'
  | 'refreshSsoDirectory'
  | 'openSsoRole'
  | 'copySsoProfileBlock';

/** The IPC requests of IAM Identity Center, each one service call. */
export function ssoHandlers(
  sso: SsoService,
  sessions: SessionStore,
  platform: Platform,
): Pick<Handlers, SsoHandlerNames> {
  return {
    listSso: async () => sso.snapshot(),
    signInSso: ({ loginId }) => sso.signIn(loginId),
    cancelSsoSignIn: async ({ loginId }) => {
      sso.cancelSignIn(loginId);
      return null;
    },
    reopenSsoSignIn: async ({ loginId }) => {
      await sso.reopenSignIn(loginId);
      return null;
    },
    signOutSso: ({ loginId }) => sso.signOut(loginId),
    refreshSsoDirectory: async ({ loginId }) => {
      sso.refreshDirectory(loginId);
      return null;
    },
    openSsoRole: async (role) => {
      const state = await sessions.openAdhoc(sso.roleProfile(role), sso.roleLabel(role));
      await sso.rememberOpened(role);
      return state;
    },
    copySsoProfileBlock: async ({ profileName, withSession, ...role }) => {
      const text = sso.profileBlock(role, { ...(profileName ? { name: profileName } : {}), withSession });
      platform.clipboard.writeText(text);
      return { ...platform.clipboard.receipt, text };
    },
  };
}

/** A discovered role named as a session source (`sso:…`), for a role switch that starts from it. */
export function ssoSourceProfile(sso: SsoService, name: string): ResolvedProfile | undefined {
  const role = parseSsoRoleSource(name);
  return role ? sso.roleProfile(role) : undefined;
}

/**
 * After a sign-in (in the app or in a terminal), sessions that lapsed or failed to renew for
 * want of it renew by themselves, and their parked transfers resume. Sessions that need an
 * MFA code wait for the user, as after any expiry.
 */
export function renewAfterSignIn(sso: SsoService, sessions: SessionStore): () => void {
  return sso.onSignedIn((loginId) => {
    for (const session of sessions.list()) {
      if (session.ssoLogin !== loginId || !session.autoRenew) continue;
      const waiting =
        session.status === 'expired' || session.status === 'expiring' || session.error !== undefined;
      if (waiting) sessions.renew(session.sessionId).catch(() => undefined);
    }
  });
}
