import { EXPIRY_WARNING_MS } from '../../shared/models/session';
import { formatCountdown } from '../lib/format';
import { useNow } from '../lib/use-now';
import './expiry-countdown.css';

interface Props {
  /** ISO time; without it the credentials do not expire and nothing is shown. */
  readonly expiresAt?: string;
  /** What expires, for the accessible name: the session's credentials unless told otherwise. */
  readonly subject?: string;
  /** A word shown before the time, telling two countdowns apart (`SSO 7:59:12`). */
  readonly prefix?: string;
}

/** A live `mm:ss` / `h:mm:ss` to expiry: amber inside the warning window, red once expired. */
export function ExpiryCountdown({ expiresAt, subject = 'Credentials', prefix }: Props) {
  const expiry = expiresAt ? Date.parse(expiresAt) : Number.NaN;
  const now = useNow(1000, !Number.isNaN(expiry));
  if (Number.isNaN(expiry)) return null;
  const remaining = expiry - now;
  const tone = remaining <= 0 ? 'expired' : remaining <= EXPIRY_WARNING_MS ? 'warning' : 'ok';
  const text = remaining <= 0 ? 'Expired' : formatCountdown(remaining);
  const label =
    remaining <= 0
      ? `${subject} expired`
      : `${subject} expire${subject === 'Credentials' ? '' : 's'} in ${text} at ${new Date(expiry).toLocaleTimeString()}`;
  return (
    <span className={`countdown countdown--${tone}`} role="timer" aria-label={label} title={label}>
      {prefix ? `${prefix} ` : ''}
      {text}
    </span>
  );
}
