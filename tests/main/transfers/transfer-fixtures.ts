// Shared pieces for the transfer tests: a world with two accounts, a SessionAccess whose
// credentials can be made to expire, clients built from the world's users, and an event recorder.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { EventSink } from '../../../src/main/events/event-sink';
import type { SessionAccess, SessionContext } from '../../../src/main/sessions/session-access';
import type { EngineLauncher } from '../../../src/main/transfers/engine-link/engine-channel';
import { localEngine } from '../../../src/main/transfers/engine-link/fork-engine';
import type { SessionReopener } from '../../../src/main/transfers/journal/interrupted-items';
import type { S3Clients } from '../../../src/main/transfers/transfer-task';
import { AppFailure } from '../../../src/shared/errors/app-error';
import type { EventName } from '../../../src/shared/ipc/channels';
import type { EventPayloads } from '../../../src/shared/ipc/contract';
import { createWorld, type World, type WorldUser } from '../../support/aws-world';
import { type FaultProxy, type ProxyRequest, startFaultProxy } from '../../support/fault-proxy';
import { allow, policy } from '../../support/policies';

export const ALPHA = '111111111111';
export const BETA = '222222222222';

/** alice (account ALPHA, bucket alpha-data) and bob (account BETA, bucket beta-data), each allowed all of S3. */
export function transferWorld(): Promise<World> {
  return createWorld({
    accounts: {
      [ALPHA]: { users: { alice: { policies: [policy(allow('s3:*'))] } }, buckets: { 'alpha-data': {} } },
      [BETA]: { users: { bob: { policies: [policy(allow('s3:*'))] } }, buckets: { 'beta-data': {} } },
    },
  });
}

/** Sessions backed by fixed user keys; `expireAfter` makes one start failing with token-expired. */
export class FakeSessions implements SessionAccess {
  readonly #users = new Map<string, WorldUser>();
  readonly #budget = new Map<string, number>();
  readonly #listeners = new Set<(sessionId: string) => void>();

  /** `s3Endpoint`: where the real client pool sends S3 requests (a fault proxy, say). */
  constructor(
    users: Record<string, WorldUser>,
    private readonly s3Endpoint?: string,
  ) {
    for (const [sessionId, user] of Object.entries(users)) this.#users.set(sessionId, user);
  }

  #user(sessionId: string): WorldUser {
    const user = this.#users.get(sessionId);
    if (!user) throw new AppFailure('not-found', `no session ${sessionId}`);
    return user;
  }

  async credentials(sessionId: string): Promise<AwsCredentialIdentity> {
    const user = this.#user(sessionId);
    const left = this.#budget.get(sessionId);
    if (left !== undefined) {
      if (left <= 0) throw new AppFailure('token-expired', 'The session credentials have expired.');
      this.#budget.set(sessionId, left - 1);
    }
    // An expiration inside the SDK's refresh window makes it ask again for every request.
    return { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey, expiration: new Date() };
  }

  context(sessionId: string): SessionContext {
    this.#user(sessionId);
    return { region: 'us-east-1', ...(this.s3Endpoint && { s3Endpoint: this.s3Endpoint }) };
  }

  onRenewed(listener: (sessionId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onLapsed(): () => void {
    return () => undefined;
  }

  expireAfter(sessionId: string, calls: number): void {
    this.#budget.set(sessionId, calls);
  }

  renew(sessionId: string): void {
    this.#budget.delete(sessionId);
    for (const listener of this.#listeners) listener(sessionId);
  }
}

/** Sent S3 commands, by name, with the part number for UploadPart. */
export interface SentCommand {
  readonly name: string;
  readonly key?: string;
  readonly partNumber?: number;
}

/** The SDK command a request the engine sent stands for, read from its method and query. */
function commandOf(req: ProxyRequest): SentCommand {
  const key = req.path.split('/').slice(2).join('/');
  const part = req.query.get('partNumber');
  const name =
    req.method === 'PUT'
      ? req.query.has('uploadId')
        ? 'UploadPartCommand'
        : 'PutObjectCommand'
      : req.method === 'POST'
        ? req.query.has('uploads')
          ? 'CreateMultipartUploadCommand'
          : 'CompleteMultipartUploadCommand'
        : req.method === 'HEAD'
          ? 'HeadObjectCommand'
          : req.method === 'DELETE'
            ? req.query.has('uploadId')
              ? 'AbortMultipartUploadCommand'
              : 'DeleteObjectCommand'
            : req.query.get('x-id') === 'GetObject'
              ? 'GetObjectCommand'
              : 'ListCommand';
  return { name, key, ...(part !== null && req.method === 'PUT' && { partNumber: Number(part) }) };
}

export interface TestS3 {
  readonly sessions: FakeSessions;
  /** Main's clients (listing, aborts): one per session, credentials per request, straight to moto. */
  readonly clients: S3Clients & { destroy(): void };
  /** The engine's requests pass this proxy on their way to moto: what was sent, and faults to script. */
  readonly proxy: FaultProxy;
  /** Every request of the engine's that S3 answered with success, as SDK command names. */
  sent(): SentCommand[];
  /**
   * Uploads (PUTs) whose whole body reached S3 but whose answer the engine gave up on (it aborted
   * them, e.g. when its credentials lapsed): S3 may have stored what they carried, unanswered.
   */
  cut(): SentCommand[];
  /** Starts the engine process (the source, through tsx). */
  readonly engine: EngineLauncher;
  close(): Promise<void>;
}

/**
 * The S3 side of a queue test: sessions over the world's users whose endpoint is a pass-through
 * proxy in front of moto (so a test sees, and can script faults into, what the engine process sends),
 * and main's own clients straight to moto.
 */
export async function testS3(world: World, users: Record<string, WorldUser>): Promise<TestS3> {
  const proxy = await startFaultProxy({ upstream: world.moto.endpoint, seed: 1 });
  const sessions = new FakeSessions(users, proxy.endpoint);
  const cache = new Map<string, S3Client>();
  const clients = {
    async forBucket(sessionId: string) {
      let client = cache.get(sessionId);
      if (!client) {
        client = new S3Client({
          endpoint: world.moto.endpoint,
          forcePathStyle: true,
          region: 'us-east-1',
          credentials: () => sessions.credentials(sessionId),
        });
        cache.set(sessionId, client);
      }
      return client;
    },
    regionOf: () => 'us-east-1',
    destroy() {
      for (const client of cache.values()) client.destroy();
    },
  };
  return {
    sessions,
    clients,
    proxy,
    sent: () => {
      const all: SentCommand[] = [];
      proxy.count((req) => {
        // Answered with success, as the SDK counts a command sent: a retried attempt counts once.
        if (req.status !== undefined && req.status < 300) all.push(commandOf(req));
        return false;
      });
      return all;
    },
    cut: () => {
      const all: SentCommand[] = [];
      proxy.count((req) => {
        const whole = proxy.bytes((r) => r === req).sent === Number(req.headers['content-length']);
        if (req.method === 'PUT' && req.abandoned && whole) all.push(commandOf(req));
        return false;
      });
      return all;
    },
    engine: localEngine(),
    async close() {
      clients.destroy();
      await proxy.close();
    },
  };
}

export class RecordingSink implements EventSink {
  readonly events: { name: EventName; payload: unknown }[] = [];
  readonly #waiters: { name: EventName; test: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];

  emit<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    this.events.push({ name, payload });
    for (const waiter of [...this.#waiters]) {
      if (waiter.name === name && waiter.test(payload)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(payload);
      }
    }
  }

  of<E extends EventName>(name: E): EventPayloads[E][] {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as EventPayloads[E]);
  }

  next<E extends EventName>(
    name: E,
    test: (p: EventPayloads[E]) => boolean = () => true,
  ): Promise<EventPayloads[E]> {
    return new Promise((resolve) =>
      this.#waiters.push({
        name,
        test: (p) => test(p as EventPayloads[E]),
        resolve: (p) => resolve(p as EventPayloads[E]),
      }),
    );
  }
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean,
  what: string,
  timeoutMs = 60_000,
  state: () => unknown = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(state())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Writes `size` bytes of random data a MiB at a time, returning their SHA-256. */
export async function writeRandomFile(path: string, size: number): Promise<string> {
  const MiB = 1024 * 1024;
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let written = 0; written < size; written += MiB) {
    const chunk = randomBytes(Math.min(MiB, size - written));
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return hash.digest('hex');
}

/**
 * Opens a journal's sessions again as the sessions named after their profiles (the world's users);
 * `reopened` lists the profiles the queue asked for, in order.
 */
export function profileReopener(reopened: string[] = []): SessionReopener {
  return {
    describe: (sessionId) => ({
      source: { kind: 'profile', profile: sessionId },
      name: sessionId,
      label: sessionId,
    }),
    reopen: async (source) => {
      const name = source.kind === 'profile' ? source.profile : '?';
      reopened.push(name);
      return { sessionId: name, source: name };
    },
    openAs: () => undefined,
  };
}
