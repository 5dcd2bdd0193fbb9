import { create } from 'zustand';
import type { AppError } from '../../shared/models/errors';
import type { SsoLogin, SsoRoleRef, SsoSnapshot } from '../../shared/models/sso';
import { call, onEvent, toAppError } from '../lib/api';

/** What the window knows about IAM Identity Center: main's snapshot, plus this window's failures. */
interface SsoStore {
  readonly snapshot: SsoSnapshot;
  readonly loadError?: AppError;
  /** Failures of requests this window made (sign-out, opening a role), by login. */
  readonly errors: Readonly<Record<string, AppError>>;
  readonly filter: string;
  readonly setFilter: (filter: string) => void;
  /** Resolves when signed in, or when the attempt failed (the failure is in the login's state). */
  readonly signIn: (loginId: string) => Promise<void>;
  readonly cancelSignIn: (loginId: string) => Promise<void>;
  readonly reopenSignIn: (loginId: string) => Promise<void>;
  readonly signOut: (loginId: string) => Promise<void>;
  readonly refreshDirectory: (loginId: string) => Promise<void>;
  readonly dismissError: (loginId: string) => void;
}

const emptySnapshot: SsoSnapshot = { logins: [], directories: [], recent: [] };

export const useSsoStore = create<SsoStore>()((set) => {
  const attempt = async (loginId: string, run: () => Promise<unknown>): Promise<void> => {
    try {
      await run();
    } catch (err) {
      const error = toAppError(err);
      // Sign-in failures are part of the login's own state, shown from the snapshot.
      if (error.code === 'cancelled' || error.code === 'sso-sign-in-failed') return;
      set((s) => ({ errors: { ...s.errors, [loginId]: error } }));
    }
  };
  return {
    snapshot: emptySnapshot,
    errors: {},
    filter: '',
    setFilter: (filter) => set({ filter }),
    signIn: (loginId) => attempt(loginId, () => call('signInSso', { loginId })),
    cancelSignIn: (loginId) => attempt(loginId, () => call('cancelSsoSignIn', { loginId })),
    reopenSignIn: (loginId) => attempt(loginId, () => call('reopenSsoSignIn', { loginId })),
    signOut: (loginId) => attempt(loginId, () => call('signOutSso', { loginId })),
    refreshDirectory: (loginId) => attempt(loginId, () => call('refreshSsoDirectory', { loginId })),
    dismissError: (loginId) =>
      set((s) => {
        const { [loginId]: _gone, ...errors } = s.errors;
        return { errors };
      }),
  };
});

/** Follows main's `ssoChanged`; returns the unsubscribe. The attach snapshot fills the store. */
export function startSso(): () => void {
  return onEvent('ssoChanged', (snapshot) => useSsoStore.setState({ snapshot, loadError: undefined }));
}

export const useSsoLogin = (loginId: string | undefined): SsoLogin | undefined =>
  useSsoStore((s) => (loginId ? s.snapshot.logins.find((l) => l.id === loginId) : undefined));

/** `Production · ReadOnly` for a role the snapshot knows, else account ID and role. */
export function ssoRoleLabel(snapshot: SsoSnapshot, role: SsoRoleRef): string {
  const name =
    snapshot.directories
      .find((d) => d.loginId === role.loginId)
      ?.accounts.find((a) => a.accountId === role.accountId)?.accountName ??
    snapshot.recent.find((r) => r.loginId === role.loginId && r.accountId === role.accountId)?.accountName;
  return `${name ?? role.accountId} · ${role.roleName}`;
}
