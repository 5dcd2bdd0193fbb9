import type { AppError } from '../../shared/models/errors';
import type { SsoLogin, SsoPendingSignIn, SsoStatus } from '../../shared/models/sso';
import type { SsoLoginConfig } from '../profiles/sso-logins';

/** What main knows about one sign-in besides the cache file. */
export interface LoginState {
  status: SsoStatus;
  expiresAt?: string;
  refreshable: boolean;
  pending?: SsoPendingSignIn;
  error?: AppError;
  signingIn?: { readonly promise: Promise<SsoLogin>; readonly abort: AbortController };
  timers: unknown[];
  /** Reads of the cache run one after another, so a transition is noticed exactly once. */
  updating: Promise<void>;
}

export const newLoginState = (): LoginState => ({
  status: 'signed-out',
  refreshable: false,
  timers: [],
  updating: Promise.resolve(),
});

/** The sign-in as the window sees it: its state, never its token. */
export function loginView(login: SsoLoginConfig, state: LoginState): SsoLogin {
  return {
    id: login.id,
    kind: login.sessionName ? 'sso-session' : 'legacy',
    startUrl: login.startUrl,
    region: login.region,
    profiles: login.profiles,
    status: state.signingIn ? 'signing-in' : state.status,
    ...(state.expiresAt && state.status !== 'signed-out' ? { expiresAt: state.expiresAt } : {}),
    refreshable: state.refreshable,
    // Legacy profiles (a start URL in the profile) only know the device code flow, as in the CLI.
    methods: login.sessionName ? ['browser', 'device-code'] : ['device-code'],
    ...(state.pending ? { pending: state.pending } : {}),
    ...(state.error ? { error: state.error } : {}),
  };
}
