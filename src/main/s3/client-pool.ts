import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { shareSigner } from '../../shared/s3/shared-signer';
import type { SessionAccess } from '../sessions/session-access';

/** Enough sockets for a transfer engine running many parts in parallel on one region. */
const MAX_SOCKETS = 64;
/** Region-agnostic entry point used to ask S3 where a bucket lives. */
const PROBE_REGION = 'us-east-1';
/**
 * A connection that sends and receives nothing for this long is given up (a TimeoutError, which
 * the SDK and the transfer engine retry). Without it a stalled connection waits forever. The AWS
 * CLI's read timeout is the same 60 s; S3 keeps slow answers (CompleteMultipartUpload, copies)
 * alive with whitespace, so a healthy request is never idle that long.
 */
export const IDLE_TIMEOUT_MS = 60_000;

export interface ClientPoolOptions {
  /** See IDLE_TIMEOUT_MS; the fault tests shorten it rather than wait a minute per stall. */
  readonly idleTimeoutMs?: number;
}

interface RedirectLikeError {
  readonly name?: string;
  readonly Region?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $response?: { readonly headers?: Readonly<Record<string, string | undefined>> };
}

const asRedirect = (err: unknown): RedirectLikeError =>
  typeof err === 'object' && err !== null ? (err as RedirectLikeError) : {};

const isWrongRegion = (err: unknown): boolean => {
  const e = asRedirect(err);
  return (
    e.name === 'PermanentRedirect' ||
    e.name === 'AuthorizationHeaderMalformed' ||
    e.$metadata?.httpStatusCode === 301
  );
};

/** S3 names the right region in a header on redirects, and in the XML body for a malformed auth header. */
const regionFromError = (err: unknown): string | undefined => {
  const e = asRedirect(err);
  const header = e.$response?.headers?.['x-amz-bucket-region'];
  return header || e.Region || undefined;
};

/**
 * One S3Client per session and region, shared by browsing and transfers so sockets are reused.
 * Credentials are resolved per request through the session store: a renewal is picked up
 * without rebuilding clients, and a lapsed session surfaces as the store's token-expired error.
 */
export class S3ClientPool {
  readonly #sessions: SessionAccess;
  readonly #idleTimeoutMs: number;
  readonly #clients = new Map<string, Map<string, S3Client>>();
  /** Bucket names are global, so a bucket's region holds across sessions. */
  readonly #bucketRegions = new Map<string, string>();

  constructor(sessions: SessionAccess, options: ClientPoolOptions = {}) {
    this.#sessions = sessions;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  }

  forRegion(sessionId: string, region: string): S3Client {
    let byRegion = this.#clients.get(sessionId);
    if (!byRegion) {
      byRegion = new Map();
      this.#clients.set(sessionId, byRegion);
    }
    const cached = byRegion.get(region);
    if (cached) return cached;
    const client = this.#create(sessionId, region);
    byRegion.set(region, client);
    return client;
  }

  async forBucket(sessionId: string, bucket: string): Promise<S3Client> {
    return this.forRegion(sessionId, this.regionOf(sessionId, bucket));
  }

  /** The bucket's known region, else the session's: what `forBucket` will use. */
  regionOf(sessionId: string, bucket: string): string {
    return this.#bucketRegions.get(bucket) ?? this.#sessions.context(sessionId).region;
  }

  rememberRegion(bucket: string, region: string): void {
    this.#bucketRegions.set(bucket, region);
  }

  /**
   * Runs `fn` against the bucket's client; when S3 answers that the bucket lives elsewhere,
   * learns the region and retries once there. A second redirect is a real error.
   */
  async withBucket<T>(sessionId: string, bucket: string, fn: (client: S3Client) => Promise<T>): Promise<T> {
    const first = await this.forBucket(sessionId, bucket);
    try {
      return await fn(first);
    } catch (err) {
      if (!isWrongRegion(err)) throw err;
      const region = regionFromError(err) ?? (await this.#probeRegion(sessionId, bucket));
      if (!region || region === (await first.config.region())) throw err;
      this.rememberRegion(bucket, region);
      return fn(this.forRegion(sessionId, region));
    }
  }

  dropSession(sessionId: string): void {
    const byRegion = this.#clients.get(sessionId);
    if (!byRegion) return;
    for (const client of byRegion.values()) client.destroy();
    this.#clients.delete(sessionId);
  }

  #create(sessionId: string, region: string): S3Client {
    const { s3Endpoint } = this.#sessions.context(sessionId);
    const agentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS };
    const client = new S3Client({
      region,
      credentials: this.#credentialsOf(sessionId),
      // The SDK ignores a profile's endpoint_url when several profiles are in use, so the
      // session resolves it and we always pass it explicitly; custom endpoints need path style.
      ...(s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true } : {}),
      requestHandler: {
        httpAgent: new HttpAgent(agentOptions),
        httpsAgent: new HttpsAgent(agentOptions),
        connectionTimeout: 10_000,
        // Idle time, not a limit on the whole request: a 5 GiB part may take an hour and be healthy.
        socketTimeout: this.#idleTimeoutMs,
      },
    });
    shareSigner(client);
    return client;
  }

  /**
   * The session store caches and renews credentials itself. Marked as already memoized so
   * the SDK asks the store on every request instead of holding the first credentials until
   * shortly before they expire: a renewal takes effect at once and a lapsed session fails
   * with the store's token-expired error rather than a signature error from AWS.
   */
  #credentialsOf(sessionId: string): AwsCredentialIdentityProvider {
    return Object.assign(() => this.#sessions.credentials(sessionId), { memoized: true });
  }

  /** HeadBucket answers with the region header even when it is a redirect or denied. */
  async #probeRegion(sessionId: string, bucket: string): Promise<string | undefined> {
    try {
      const out = await this.forRegion(sessionId, PROBE_REGION).send(
        new HeadBucketCommand({ Bucket: bucket }),
      );
      return out.BucketRegion;
    } catch (err) {
      return regionFromError(err);
    }
  }
}
