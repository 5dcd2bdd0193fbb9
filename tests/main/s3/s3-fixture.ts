// Drives the S3 services against a test world: a stand-in for the session store that hands out
// a world user's static keys with moto as the S3 endpoint.
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { afterAll, beforeAll } from 'vitest';
import { S3ClientPool } from '../../../src/main/s3/client-pool';
import type { SessionAccess, SessionContext } from '../../../src/main/sessions/session-access';
import { type AccountSpec, createWorld, type World } from '../../support/aws-world';

/** The one account of each suite's world. */
export const ACCOUNT = '111111111111';

export class FakeSessions implements SessionAccess {
  readonly #sessions = new Map<string, { credentials: AwsCredentialIdentity; context: SessionContext }>();

  add(sessionId: string, credentials: AwsCredentialIdentity, context: SessionContext): void {
    this.#sessions.set(sessionId, { credentials, context });
  }

  async credentials(sessionId: string): Promise<AwsCredentialIdentity> {
    return this.#get(sessionId).credentials;
  }

  context(sessionId: string): SessionContext {
    return this.#get(sessionId).context;
  }

  onRenewed(): () => void {
    return () => undefined;
  }

  onLapsed(): () => void {
    return () => undefined;
  }

  #get(sessionId: string): { credentials: AwsCredentialIdentity; context: SessionContext } {
    const session = this.#sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    return session;
  }
}

/** One session per world user, named after the user, in `region` unless given. */
export function sessionsFor(
  world: World,
  region = 'us-east-1',
  extra: Partial<SessionContext> = {},
): { sessions: FakeSessions; pool: S3ClientPool } {
  const sessions = new FakeSessions();
  for (const [name, user] of Object.entries(world.users)) {
    sessions.add(
      name,
      { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
      { region, s3Endpoint: world.moto.endpoint, ...extra },
    );
  }
  return { sessions, pool: new S3ClientPool(sessions) };
}

/**
 * moto's signature check re-encodes the query string and so rejects any correctly signed
 * request with '/' in a query value (getmoto/moto#5948): every ListObjectsV2 with
 * Delimiter '/' or a folder prefix. Tests that list folders therefore lift auth; moto still
 * resolves each request's account from its access key. Access-denied cases are tested with
 * auth enforced on calls whose query carries no '/'.
 */
export async function liftAuth(world: World): Promise<void> {
  await world.moto.setNoAuthActions(Number.MAX_SAFE_INTEGER);
}

/** What {@link useS3World} gives the tests of its suite, once its `beforeAll` has run. */
export interface S3World {
  readonly world: World;
  readonly sessions: FakeSessions;
  readonly pool: S3ClientPool;
}

/**
 * Registers, in the enclosing describe, a world of one account ({@link ACCOUNT}) created before
 * its tests and disposed after them, with a session per user in `region`. `liftAuth` for suites
 * that list folders (see {@link liftAuth}).
 */
export function useS3World(account: AccountSpec, options: { liftAuth: boolean; region?: string }): S3World {
  let world: World | undefined;
  let clients: { sessions: FakeSessions; pool: S3ClientPool } | undefined;
  beforeAll(async () => {
    world = await createWorld({ accounts: { [ACCOUNT]: account } });
    if (options.liftAuth) await liftAuth(world);
    clients = sessionsFor(world, options.region);
  });
  afterAll(async () => {
    await world?.dispose();
  });
  // Getters, because the tests are collected before beforeAll has made anything.
  const ready = () => {
    if (!world || !clients)
      throw new Error('the S3 world is made in beforeAll: use it inside hooks and tests');
    return { world, ...clients };
  };
  return {
    get world() {
      return ready().world;
    },
    get sessions() {
      return ready().sessions;
    },
    get pool() {
      return ready().pool;
    },
  };
}
