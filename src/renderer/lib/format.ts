/** Small display helpers shared by the shell's features. */

/** `h:mm:ss` from an hour up, `mm:ss` below: the shape of a countdown people read at a glance. */
export function formatCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.floor(remainingMs / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = String(minutes).padStart(2, '0');
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** `arn:aws:iam::123456789012:role/ops/Deploy` → `123456789012:role/ops/Deploy`: the part that differs. */
export function shortenArn(arn: string): string {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return arn;
  const account = parts[4];
  const resource = parts.slice(5).join(':');
  return account ? `${account}:${resource}` : resource;
}

/** The account ID inside an ARN, if it has one. */
export function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

export function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
