import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { EngineCredentials, Place } from '../shared/engine/protocol';
import { AppFailure } from '../shared/errors/app-error';
import { shareSigner } from '../shared/s3/shared-signer';
import type { S3Clients } from './transfers/task';

/** Enough sockets for many parts in parallel on one region. */
const MAX_SOCKETS = 64;
/**
 * A connection that sends and receives nothing for this long is given up (a TimeoutError, which
 * the SDK and the tasks retry). The AWS CLI's read timeout is the same 60 s.
 */
export const IDLE_TIMEOUT_MS = 60_000;
/** Credentials this close to their expiry are asked for again before a request is signed. */
const RENEW_BEFORE_MS = 60_000;

/** Asks main for a session's credentials; rejects with main's error (token-expired when it lapsed). */
export type CredentialsRequest = (sessionId: string) => Promise<void>;

/**
 * The engine's S3 clients: one per session, region and endpoint, built from the places main named
 * for each job, signing with the short-lived credentials main handed over. Credentials are looked
 * up per request, so a renewal main pushes applies at once; when none are held (or they are about
 * to expire) main is asked, and a lapsed session fails the request as token-expired.
 */
export class EngineClients {
  readonly #places = new Map<string, Place>();
  readonly #clients = new Map<string, S3Client>();
  readonly #credentials = new Map<string, AwsCredentialIdentity>();
  readonly #asking = new Map<string, Promise<void>>();

  constructor(
    private readonly ask: CredentialsRequest,
    private readonly idleTimeoutMs = IDLE_TIMEOUT_MS,
  ) {}

  /** Where each session of a job reaches its bucket; later places replace earlier ones. */
  learn(places: readonly Place[]): void {
    for (const place of places) this.#places.set(`${place.sessionId}\n${place.bucket}`, place);
  }

  setCredentials(sessionId: string, given: EngineCredentials): void {
    this.#credentials.set(sessionId, {
      accessKeyId: given.accessKeyId,
      secretAccessKey: given.secretAccessKey,
      ...(given.sessionToken !== undefined && { sessionToken: given.sessionToken }),
      ...(given.expiresAt !== undefined && { expiration: new Date(given.expiresAt) }),
    });
  }

  dropCredentials(sessionId: string): void {
    this.#credentials.delete(sessionId);
  }

  /** The clients of one job, as the tasks ask for them. */
  readonly view: S3Clients = {
    forBucket: async (sessionId, bucket) => this.#clientFor(sessionId, bucket),
  };

  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
    this.#credentials.clear();
  }

  #clientFor(sessionId: string, bucket: string): S3Client {
    const place = this.#places.get(`${sessionId}\n${bucket}`);
    if (!place) throw new AppFailure('internal', `No place was given for s3://${bucket} in this session.`);
    const name = `${sessionId}\n${place.region}\n${place.endpoint ?? ''}`;
    let client = this.#clients.get(name);
    if (!client) {
      const agentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS };
      client = new S3Client({
        region: place.region,
        credentials: this.#provider(sessionId),
        // Custom endpoints (moto, MinIO, a profile's endpoint_url) need path-style addressing.
        ...(place.endpoint !== undefined && { endpoint: place.endpoint, forcePathStyle: true }),
        // Main resolved the session's endpoint (profile, services block, AWS_ENDPOINT_URL*): the
        // engine's own environment and config files must not point it anywhere else.
        ignoreConfiguredEndpointUrls: true,
        requestHandler: {
          httpAgent: new HttpAgent(agentOptions),
          httpsAgent: new HttpsAgent(agentOptions),
          connectionTimeout: 10_000,
          // Idle time, not a limit on the whole request: a 5 GiB part may take an hour and be healthy.
          socketTimeout: this.idleTimeoutMs,
        },
      });
      shareSigner(client);
      this.#expectOwners(client, sessionId);
      this.#clients.set(name, client);
    }
    return client;
  }

  /**
   * Every request to a bucket whose place names its owner carries x-amz-expected-bucket-owner, so
   * a bucket that changed hands (deleted, its name taken by another account) is refused by S3
   * rather than read from or written to. Added to the client, not to each command, so no call a
   * task makes (HEAD, GET, the multipart calls, ListParts, the stray-upload clean-up) goes without.
   */
  #expectOwners(client: S3Client, sessionId: string): void {
    client.middlewareStack.add(
      (next) => (args) => {
        const { Bucket, ExpectedBucketOwner } = args.input as {
          Bucket?: unknown;
          ExpectedBucketOwner?: unknown;
        };
        const owner =
          typeof Bucket === 'string' ? this.#places.get(`${sessionId}\n${Bucket}`)?.owner : undefined;
        if (owner === undefined || ExpectedBucketOwner !== undefined) return next(args);
        return next({ ...args, input: { ...args.input, ExpectedBucketOwner: owner } });
      },
      { step: 'initialize', name: 'crossbucketExpectedBucketOwner' },
    );
  }

  /** Marked memoized, so the SDK asks on every request and a renewal or an expiry applies at once. */
  #provider(sessionId: string): AwsCredentialIdentityProvider {
    return Object.assign(() => this.#current(sessionId), { memoized: true });
  }

  async #current(sessionId: string): Promise<AwsCredentialIdentity> {
    const held = this.#credentials.get(sessionId);
    const fresh = (c: AwsCredentialIdentity | undefined): c is AwsCredentialIdentity =>
      c !== undefined &&
      (c.expiration === undefined || c.expiration.getTime() - Date.now() > RENEW_BEFORE_MS);
    if (fresh(held)) return held;
    let asking = this.#asking.get(sessionId);
    if (!asking) {
      asking = this.ask(sessionId).finally(() => this.#asking.delete(sessionId));
      this.#asking.set(sessionId, asking);
    }
    await asking;
    const now = this.#credentials.get(sessionId);
    if (!now) throw new AppFailure('token-expired', 'The session credentials have expired.');
    return now;
  }
}
