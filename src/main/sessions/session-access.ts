import type { AwsCredentialIdentity } from '@aws-sdk/types';

/** What a session offers the S3 and transfer services: credentials on demand, never stored by them. */
export interface SessionContext {
  readonly region: string;
  /** A custom S3 endpoint from the profile (`endpoint_url`, `services`) or the environment. */
  readonly s3Endpoint?: string;
  /** A custom S3 Control endpoint (Batch Operations jobs), resolved the same way. */
  readonly s3ControlEndpoint?: string;
  readonly expiresAt?: Date;
}

export interface SessionAccess {
  /** Rejects with an AppFailure `token-expired` once the session has lapsed and was not renewed. */
  credentials(sessionId: string): Promise<AwsCredentialIdentity>;
  context(sessionId: string): SessionContext;
  /** Called after a session got fresh credentials (renewal), so paused work can resume. */
  onRenewed(listener: (sessionId: string) => void): () => void;
  /**
   * Called when a session's credentials lapse by main's clock, or it is closed: whoever holds a
   * copy of them (the transfer engine) must drop it and ask again, which then fails as expired.
   */
  onLapsed(listener: (sessionId: string) => void): () => void;
}
