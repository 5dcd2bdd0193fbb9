import { toAppError } from '../errors/to-app-error';
import type { RetryNotice } from '../models/transfer';
import { type Clock, sleep } from './clock';

interface ErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $response?: { readonly headers?: Readonly<Record<string, string | undefined>> };
}

const transientNames = new Set([
  'SlowDown',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'ThrottlingException',
  'TimeoutError',
  // The server received other bytes than were sent (a Content-MD5 or x-amz-checksum-* mismatch):
  // reading the file again and resending is the cure.
  'BadDigest',
  'XAmzContentChecksumMismatch',
  // Our own verification of downloaded bytes (integrity.ts).
  'IntegrityError',
]);
// A body stream cut mid-way surfaces as these rather than as an AWS error.
const transientCodes = new Set([
  'ERR_STREAM_PREMATURE_CLOSE',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNREFUSED',
]);

/**
 * Failures the SDK reports only as a plain Error with a message (read while a response body
 * streams, after the SDK's own retries are over). tests/main/transfers/faults-*.test.ts drive the
 * real SDK into each, so a change of wording in an SDK upgrade fails there, not silently here.
 */
const sdkBodyFailures: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  // The CRC the server sent does not match the bytes that arrived.
  { pattern: /^Checksum mismatch/, reason: 'checksum mismatch' },
  {
    pattern: /^Connection lost or stream closed before all data was received/,
    reason: 'connection closed early',
  },
];

const shapeOf = (err: unknown): ErrorShape =>
  typeof err === 'object' && err !== null ? (err as ErrorShape) : {};

const sdkBodyFailure = (err: unknown) => {
  const { message } = shapeOf(err);
  return typeof message === 'string' ? sdkBodyFailures.find((f) => f.pattern.test(message)) : undefined;
};

export const isExpired = (err: unknown): boolean => toAppError(err).code === 'token-expired';

/** Worth another try: throttling, timeouts, 5xx, dropped connections, corrupted bytes; never a denial or an expiry. */
export function isTransient(err: unknown): boolean {
  const e = shapeOf(err);
  if (e.name && transientNames.has(e.name)) return true;
  if (e.code && transientCodes.has(e.code)) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (sdkBodyFailure(err)) return true;
  return toAppError(err).code === 'network';
}

const reasonsByCode: Readonly<Record<string, string>> = {
  ECONNRESET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  EPIPE: 'connection broken',
  ETIMEDOUT: 'connection timed out',
  ERR_STREAM_PREMATURE_CLOSE: 'connection closed early',
};

/** A few words for the transfer row: "retrying (2/5): connection reset". */
export function describeFailure(err: unknown): string {
  const e = shapeOf(err);
  const status = e.$metadata?.httpStatusCode;
  if (e.name === 'SlowDown') return 'S3 asked to slow down (503)';
  if (e.name === 'TimeoutError') return 'no data for too long';
  if (e.name === 'RequestTimeout') return 'S3 timed out waiting for data';
  if (e.name === 'IntegrityError' || e.name === 'BadDigest' || e.name === 'XAmzContentChecksumMismatch')
    return 'checksum mismatch';
  const body = sdkBodyFailure(err);
  if (body) return body.reason;
  const code = e.code ?? (err as { cause?: { code?: string } }).cause?.code;
  if (code && reasonsByCode[code]) return reasonsByCode[code];
  if (status === 503) return 'S3 unavailable (503)';
  if (status !== undefined && status >= 500) return `S3 server error (${status})`;
  return toAppError(err).message;
}

export interface RetryPolicy {
  readonly tries: number;
  readonly baseMs: number;
  readonly maxMs: number;
  /** The longest Retry-After honoured; a server asking for more gets this. */
  readonly maxRetryAfterMs?: number;
}

/**
 * Below the engine the SDK tries each request 3 times within a second or two; these tries come on
 * top, 0.25–0.5 s, 0.5–1 s, 1–2 s and 2–4 s apart: a server gone for up to 3.75 s (a restart, a
 * Wi-Fi hand-over) costs a part nothing, and a dead one fails it within about 8 s.
 */
export const defaultRetryPolicy: RetryPolicy = {
  tries: 5,
  baseMs: 500,
  maxMs: 10_000,
  maxRetryAfterMs: 30_000,
};

/**
 * Exponential back-off with "equal" jitter: at least half of each step, so the time a part can
 * ride out is known, plus a random half, so parts that failed together do not retry together.
 */
export const backoffMs = (
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number => {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(step / 2 + (random() * step) / 2);
};

/** What a 503's Retry-After asks for, in ms (seconds or an HTTP date), capped by the policy. */
export function retryAfterMs(err: unknown, policy: RetryPolicy, now = Date.now()): number | undefined {
  const value = shapeOf(err).$response?.headers?.['retry-after'];
  if (!value) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  return Math.min(ms, policy.maxRetryAfterMs ?? policy.maxMs);
}

/**
 * One task's retries as the transfer row shows them: the retry in progress with the highest
 * attempt (parts retry independently), and how many retries the task has needed in all.
 */
export class RetryLog {
  readonly #active = new Map<number, RetryNotice>();
  #nextId = 0;
  #used = 0;

  /** Retries used so far, over every run of the task. */
  used(): number {
    return this.#used;
  }

  current(): RetryNotice | undefined {
    let shown: RetryNotice | undefined;
    for (const notice of this.#active.values()) if (!shown || notice.attempt > shown.attempt) shown = notice;
    return shown;
  }

  /** Starts following one retried operation; `note` each retry, `end` once it settles either way. */
  follow(): { note(notice: RetryNotice): void; end(): void } {
    const id = this.#nextId++;
    return {
      note: (notice) => {
        this.#used++;
        this.#active.set(id, notice);
      },
      end: () => {
        this.#active.delete(id);
      },
    };
  }
}

export interface RetryOptions {
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly policy?: RetryPolicy;
  /** Where the retries show: the task's log, read by the queue for the transfer row. */
  readonly log?: RetryLog;
}

/** Runs `attempt` until it succeeds, fails with a non-transient error, or runs out of tries. */
export async function withRetry<T>(attempt: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const policy = opts.policy ?? defaultRetryPolicy;
  const followed = opts.log?.follow();
  try {
    for (let n = 0; ; n++) {
      try {
        return await attempt();
      } catch (err) {
        if (opts.signal.aborted || n + 1 >= policy.tries || !isTransient(err)) throw err;
        followed?.note({ attempt: n + 2, of: policy.tries, reason: describeFailure(err) });
        const wait = Math.max(backoffMs(n, policy), retryAfterMs(err, policy) ?? 0);
        await sleep(opts.clock, wait, opts.signal);
      }
    }
  } finally {
    followed?.end();
  }
}
