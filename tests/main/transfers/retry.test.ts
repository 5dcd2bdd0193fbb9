import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sendStreamed } from '../../../src/engine/transfers/request-body';
import type { Clock } from '../../../src/shared/transfers/clock';
import {
  backoffMs,
  defaultRetryPolicy,
  describeFailure,
  isTransient,
  RetryLog,
  retryAfterMs,
  withRetry,
} from '../../../src/shared/transfers/retry';

/** Runs timers at once, recording how long each asked for. */
const instantClock = (waits: number[]): Clock => ({
  now: () => 0,
  later: (fn, ms) => {
    waits.push(ms);
    const timer = setImmediate(fn);
    return () => clearImmediate(timer);
  },
});

describe('which failures are retried, and what the row says', () => {
  it.each([
    [Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), 'connection reset'],
    [Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'connection refused'],
    [Object.assign(new Error('x'), { name: 'TimeoutError' }), 'no data for too long'],
    [
      Object.assign(new Error('x'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }),
      'S3 asked to slow down (503)',
    ],
    [
      Object.assign(new Error('x'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } }),
      'S3 server error (500)',
    ],
    [
      Object.assign(new Error('x'), { name: 'BadDigest', $metadata: { httpStatusCode: 400 } }),
      'checksum mismatch',
    ],
    // The SDK's own words for a CRC that does not match and a body cut short (see retry.ts).
    [
      new Error(
        'Checksum mismatch: expected "AAAA" but received "BBBB" in response header "x-amz-checksum-crc32".',
      ),
      'checksum mismatch',
    ],
    [new Error('Connection lost or stream closed before all data was received.'), 'connection closed early'],
  ])('%s → retried as "%s"', (err, reason) => {
    expect(isTransient(err)).toBe(true);
    expect(describeFailure(err)).toBe(reason);
  });

  it('does not retry what another try cannot fix', () => {
    expect(
      isTransient(
        Object.assign(new Error('x'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
      ),
    ).toBe(false);
    expect(
      isTransient(Object.assign(new Error('x'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } })),
    ).toBe(false);
    expect(isTransient(new Error('something else'))).toBe(false);
  });
});

describe('back-off', () => {
  it('waits at least half of each step, so a part rides out a known outage', () => {
    const policy = defaultRetryPolicy;
    const least = [0, 1, 2, 3].reduce((sum, n) => sum + backoffMs(n, policy, () => 0), 0);
    const most = [0, 1, 2, 3].reduce((sum, n) => sum + backoffMs(n, policy, () => 1), 0);
    expect(least).toBe(3750);
    expect(most).toBe(7500);
  });

  it('honours Retry-After (seconds or a date), capped', () => {
    const withHeader = (value: string) => ({ $response: { headers: { 'retry-after': value } } });
    expect(retryAfterMs(withHeader('2'), defaultRetryPolicy)).toBe(2000);
    expect(retryAfterMs(withHeader('3600'), defaultRetryPolicy)).toBe(30_000);
    expect(retryAfterMs(withHeader(new Date(10_000).toUTCString()), defaultRetryPolicy, 4_000)).toBe(6000);
    expect(retryAfterMs({}, defaultRetryPolicy)).toBeUndefined();
  });

  it('waits as long as Retry-After asks when that is longer than the back-off', async () => {
    const waits: number[] = [];
    let attempts = 0;
    const slowDown = Object.assign(new Error('slow down'), {
      name: 'SlowDown',
      $metadata: { httpStatusCode: 503 },
      $response: { headers: { 'retry-after': '5' } },
    });
    await withRetry(
      async () => {
        if (++attempts < 3) throw slowDown;
      },
      { clock: instantClock(waits), signal: new AbortController().signal },
    );
    expect(waits).toEqual([5000, 5000]);
  });
});

describe('the retry log a transfer row reads', () => {
  it('shows the retry under way with the highest attempt, and counts every retry', async () => {
    const log = new RetryLog();
    const waits: number[] = [];
    const reset = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    let seen: ReturnType<RetryLog['current']>;
    let tries = 0;
    await withRetry(
      async () => {
        tries++;
        if (tries === 3) seen = log.current();
        if (tries < 3) throw reset;
      },
      { clock: instantClock(waits), signal: new AbortController().signal, log },
    );
    expect(seen).toEqual({ attempt: 3, of: 5, reason: 'connection reset' });
    // Settled: nothing under way any more, but the count stays.
    expect(log.current()).toBeUndefined();
    expect(log.used()).toBe(2);
  });

  it('keeps the notice of a retry that gave up off the row once it settled', async () => {
    const log = new RetryLog();
    const reset = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    await expect(
      withRetry(
        async () => {
          throw reset;
        },
        { clock: instantClock([]), signal: new AbortController().signal, log },
      ),
    ).rejects.toBe(reset);
    expect(log.used()).toBe(4);
    expect(log.current()).toBeUndefined();
  });
});

describe('streamed request bodies', () => {
  it('abort their request with the source’s error when the source fails midway', async () => {
    const source = new PassThrough();
    const failure = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    let requestSignal: AbortSignal | undefined;
    let bodyErrored = false;
    const sent = sendStreamed(
      source,
      () => undefined,
      new AbortController().signal,
      (body, signal) => {
        requestSignal = signal;
        body.on('error', () => {
          bodyErrored = true;
        });
        body.resume();
        // A request that would wait for the rest of its body forever.
        return new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => reject(new Error('AbortError'))),
        );
      },
    );
    source.write(Buffer.alloc(10));
    source.destroy(failure);
    await expect(sent).rejects.toBe(failure);
    expect(requestSignal?.aborted).toBe(true);
    // The body ends without an error of its own: nothing the SDK wraps around it sees one unhandled.
    expect(bodyErrored).toBe(false);
  });

  it('shows every chunk and passes the bytes through', async () => {
    const seen: number[] = [];
    const got = await sendStreamed(
      Readable.from([Buffer.from('ab'), Buffer.from('cde')]),
      (chunk) => seen.push(chunk.length),
      new AbortController().signal,
      async (body) => Buffer.concat(await body.toArray()).toString(),
    );
    expect(got).toBe('abcde');
    expect(seen).toEqual([2, 3]);
  });
});
