import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { AppFailure } from '../../shared/errors/app-error';
import type { SignInContext } from '../sessions/session-store';

/** How long the short-lived credentials of a long-term key last: the shortest STS allows is 15 min. */
const DURATION_SECONDS = 3600;
/** Asked for again this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface ShortLivedDeps {
  /** The session's credentials as the store holds them (rejects with token-expired once lapsed). */
  credentials(sessionId: string): Promise<AwsCredentialIdentity>;
  /** Where the session reaches STS. */
  signInContext(sessionId: string): Pick<SignInContext, 'region' | 'stsEndpoint'>;
}

/**
 * Credentials fit to hand to another process: a session's own when they are temporary (roles,
 * Identity Center, anything with a session token), and for a long-term access key (an IAM user's
 * profile) a GetSessionToken of it, kept until shortly before it expires. The long-term secret
 * never leaves main.
 */
export class ShortLivedCredentials {
  readonly #issued = new Map<
    string,
    { readonly from: string; readonly credentials: AwsCredentialIdentity }
  >();

  constructor(private readonly deps: ShortLivedDeps) {}

  async get(sessionId: string): Promise<AwsCredentialIdentity> {
    const own = await this.deps.credentials(sessionId);
    if (own.sessionToken) return own;
    const issued = this.#issued.get(sessionId);
    const expires = issued?.credentials.expiration?.getTime() ?? 0;
    if (issued?.from === own.accessKeyId && expires - Date.now() > RENEW_BEFORE_MS) return issued.credentials;
    const { region, stsEndpoint } = this.deps.signInContext(sessionId);
    const sts = new STSClient({ region, credentials: own, ...(stsEndpoint && { endpoint: stsEndpoint }) });
    try {
      const out = await sts.send(new GetSessionTokenCommand({ DurationSeconds: DURATION_SECONDS }));
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
        throw new AppFailure('internal', 'STS answered GetSessionToken without credentials.');
      const credentials: AwsCredentialIdentity = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration ?? new Date(Date.now() + DURATION_SECONDS * 1000),
      };
      this.#issued.set(sessionId, { from: own.accessKeyId, credentials });
      return credentials;
    } finally {
      sts.destroy();
    }
  }
}
