import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { fail } from '../../shared/errors/app-error';
import type { CopyReceipt } from '../../shared/ipc/contract';
import type { Clipboard } from '../platform/platform';
import type { SessionAccess } from '../sessions/session-access';
import type { S3ClientPool } from './client-pool';

/** SigV4 presigned URLs are valid for at most 7 days. */
const MAX_LIFETIME_SECONDS = 7 * 24 * 3600;

export interface PresignRequest {
  readonly sessionId: string;
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly expiresInSeconds: number;
}

export class PresignService {
  readonly #pool: S3ClientPool;
  readonly #sessions: SessionAccess;
  readonly #now: () => number;

  constructor(pool: S3ClientPool, sessions: SessionAccess, now: () => number = Date.now) {
    this.#pool = pool;
    this.#sessions = sessions;
    this.#now = now;
  }

  async presign(
    { sessionId, bucket, key, versionId, expiresInSeconds }: PresignRequest,
    clipboard: Clipboard,
  ): Promise<CopyReceipt & { readonly expiresAt: string }> {
    // A URL signed with temporary credentials stops working when they expire, whatever
    // X-Amz-Expires says, so promising a longer lifetime would be a lie.
    const { expiresAt } = this.#sessions.context(sessionId);
    const now = this.#now();
    const remaining = expiresAt ? Math.floor((expiresAt.getTime() - now) / 1000) : MAX_LIFETIME_SECONDS;
    if (remaining <= 0) {
      fail('token-expired', 'The session credentials have expired.', {
        hints: ['Renew the session, then copy the link again.'],
      });
    }
    const expiresIn = Math.min(expiresInSeconds, MAX_LIFETIME_SECONDS, remaining);
    const client = await this.#pool.forBucket(sessionId, bucket);
    const url = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
      {
        expiresIn,
      },
    );
    // The URL embeds the session token, so it goes to the clipboard, never back over IPC.
    clipboard.writeText(url);
    return { ...clipboard.receipt, expiresAt: new Date(now + expiresIn * 1000).toISOString() };
  }
}
