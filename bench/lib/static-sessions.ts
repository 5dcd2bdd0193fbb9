import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { SessionAccess, SessionContext } from '../../src/main/sessions/session-access';

/** The bench's one session: the local server's fixed keys, never expiring, never renewed. */
export class StaticSessions implements SessionAccess {
  readonly #credentials: AwsCredentialIdentity;
  readonly #context: SessionContext;

  constructor(endpoint: string, accessKeyId: string, secretAccessKey: string) {
    this.#credentials = { accessKeyId, secretAccessKey };
    this.#context = { region: 'us-east-1', s3Endpoint: endpoint };
  }

  async credentials(): Promise<AwsCredentialIdentity> {
    return this.#credentials;
  }

  context(): SessionContext {
    return this.#context;
  }

  onRenewed(): () => void {
    return () => {};
  }

  onLapsed(): () => void {
    return () => {};
  }
}
