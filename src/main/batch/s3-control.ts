import { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { SessionAccess } from '../sessions/session-access';

/**
 * An S3 Control client for a session in a region. AWS's endpoint rules put the account in the
 * host name (`{AccountId}.s3-control.{region}.amazonaws.com`); with a custom endpoint that
 * would turn `http://127.0.0.1:9000` into the invalid `http://111111111111.127.0.0.1:9000`, so a
 * custom endpoint is used as it is. The account still travels in the `x-amz-account-id`
 * header, which is what S3 Control reads.
 */
export function s3ControlClient(sessions: SessionAccess, sessionId: string, region: string): S3ControlClient {
  const { s3ControlEndpoint } = sessions.context(sessionId);
  return new S3ControlClient({
    region,
    // Asked on every request, as the S3 pool does: a renewal applies at once, a lapse fails clearly.
    credentials: Object.assign(() => sessions.credentials(sessionId), { memoized: true }),
    ...(s3ControlEndpoint ? { endpointProvider: () => ({ url: new URL(s3ControlEndpoint) }) } : {}),
  });
}

/** One S3 Control client per session and region, kept while the app runs (each holds its own sockets). */
export class S3ControlClients {
  readonly #sessions: SessionAccess;
  readonly #clients = new Map<string, S3ControlClient>();

  constructor(sessions: SessionAccess) {
    this.#sessions = sessions;
  }

  get(sessionId: string, region: string): S3ControlClient {
    const key = `${sessionId}\n${region}`;
    let client = this.#clients.get(key);
    if (!client) {
      client = s3ControlClient(this.#sessions, sessionId, region);
      this.#clients.set(key, client);
    }
    return client;
  }

  dispose(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }
}
