import type { S3Client } from '@aws-sdk/client-s3';
import { systemClock } from '../../shared/transfers/clock';
import { isExpired, withRetry } from '../../shared/transfers/retry';

/** Where a compare's requests to one side go, and how they wait for a lapsed session. */
export interface ParkingSide {
  readonly client: () => Promise<S3Client>;
  readonly signal: AbortSignal;
  /**
   * The session's credentials lapsed: resolves once it was renewed, and the request is sent
   * again (the compare waits rather than starting over). Rejects to give up.
   */
  readonly expired: () => Promise<void>;
}

/** One request, sent again after a passing failure, or after the session was renewed. */
export async function parkedSend<T>(side: ParkingSide, send: (client: S3Client) => Promise<T>): Promise<T> {
  const { signal } = side;
  for (;;) {
    try {
      const client = await side.client();
      return await withRetry(() => send(client), { clock: systemClock, signal });
    } catch (err) {
      if (!isExpired(err) || signal.aborted) throw err;
      await side.expired();
    }
  }
}
