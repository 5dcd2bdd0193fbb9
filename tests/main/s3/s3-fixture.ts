// Drives the S3 services against a test world: a stand-in for the session store that hands out
// a world user's static keys with moto as the S3 endpoint.
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { S3ClientPool } from '../../../src/main/s3/client-pool';
import type { SessionAccess, SessionContext } from '../../../src/main/sessions/session-access';
import type { World } from '../../support/aws-world';

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
