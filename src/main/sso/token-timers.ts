import { type Clock, MAX_TIMER_MS } from '../sessions/session-store';
import type { LoginState } from './login-state';

/** Refresh ahead of expiry, inside botocore's 15-minute window so either may do it first. */
const REFRESH_LEAD_MS = 10 * 60_000;

interface TokenTimerActions {
  /** Refreshes the token; only planned when the state says it can be refreshed. */
  readonly refresh: () => void;
  /** Reads the token again: at expiry the sign-in may be over. */
  readonly recheck: () => void;
}

/**
 * Plans when a signed-in login's token is looked at next: a refresh ahead of expiry when the
 * token can be refreshed, and a look at expiry either way. Replaces the timers planned before.
 */
export function planTokenTimers(
  clock: Clock,
  state: LoginState,
  expiresAt: number | undefined,
  actions: TokenTimerActions,
): void {
  clearTokenTimers(clock, state);
  if (expiresAt === undefined || state.status !== 'signed-in') return;
  const now = clock.now();
  const at = (time: number, action: () => void): void => {
    state.timers.push(clock.setTimeout(action, Math.max(0, time - now)));
  };
  // setTimeout fires at once past 2^31 ms: a far expiry is looked at again later instead.
  if (expiresAt - REFRESH_LEAD_MS - now > MAX_TIMER_MS) {
    at(now + MAX_TIMER_MS, () => planTokenTimers(clock, state, expiresAt, actions));
    return;
  }
  if (state.refreshable) {
    at(Math.max(now, expiresAt - Math.min(REFRESH_LEAD_MS, (expiresAt - now) / 2)), actions.refresh);
  }
  at(expiresAt, actions.recheck);
}

export function clearTokenTimers(clock: Clock, state: LoginState): void {
  for (const timer of state.timers) clock.clearTimeout(timer);
  state.timers = [];
}
