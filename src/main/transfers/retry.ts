import { toAppError } from '../errors/to-app-error';
import { type Clock, sleep } from './clock';

interface ErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const transientNames = new Set([
  'SlowDown',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'ThrottlingException',
  'TimeoutError',
]);
// A body stream cut mid-way surfaces as these rather than as an AWS error.
const transientCodes = new Set([
  'ERR_STREAM_PREMATURE_CLOSE',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNREFUSED',
]);

export const isExpired = (err: unknown): boolean => toAppError(err).code === 'token-expired';

/** Worth another try: throttling, timeouts, 5xx and dropped connections; never a denial or an expiry. */
export function isTransient(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as ErrorShape;
  if (e.name && transientNames.has(e.name)) return true;
  if (e.code && transientCodes.has(e.code)) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return toAppError(err).code === 'network';
}

export interface RetryPolicy {
  readonly tries: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { tries: 5, baseMs: 250, maxMs: 8_000 };

/** Exponential back-off with full jitter, so parallel parts that failed together do not retry together. */
export const backoffMs = (attempt: number, policy: RetryPolicy, random: () => number = Math.random): number =>
  Math.round(random() * Math.min(policy.maxMs, policy.baseMs * 2 ** attempt));

/** Runs `attempt` until it succeeds, fails with a non-transient error, or runs out of tries. */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  opts: { readonly clock: Clock; readonly signal: AbortSignal; readonly policy?: RetryPolicy },
): Promise<T> {
  const policy = opts.policy ?? defaultRetryPolicy;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (opts.signal.aborted || n + 1 >= policy.tries || !isTransient(err)) throw err;
      await sleep(opts.clock, backoffMs(n, policy), opts.signal);
    }
  }
}
