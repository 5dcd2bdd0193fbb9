import { GetBucketLocationCommand, ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import { AppFailure } from '../../shared/errors/app-error';
import { toAppError } from '../../shared/errors/to-app-error';
import type { BucketSummary } from '../../shared/models/s3';
import type { SessionAccess } from '../sessions/session-access';
import { bucketArn } from './arns';
import { callFailure } from './call-failure';
import type { S3ClientPool } from './client-pool';
import { mapConcurrent } from './map-concurrent';

const LOCATION_CONCURRENCY = 8;

/** GetBucketLocation predates regions as names: empty means us-east-1 and 'EU' is Ireland. */
export const regionFromLocation = (constraint: string | undefined | null): string => {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
};

export class BucketService {
  readonly #pool: S3ClientPool;
  readonly #sessions: SessionAccess;

  constructor(pool: S3ClientPool, sessions: SessionAccess) {
    this.#pool = pool;
    this.#sessions = sessions;
  }

  async listBuckets(sessionId: string): Promise<readonly BucketSummary[]> {
    const sessionRegion = this.#sessions.context(sessionId).region;
    const client = this.#pool.forRegion(sessionId, sessionRegion);
    const names = await this.#listAll(client);
    return mapConcurrent(names, LOCATION_CONCURRENCY, async ({ name, creationDate }) => {
      const base = creationDate ? { name, creationDate } : { name };
      try {
        const out = await client.send(new GetBucketLocationCommand({ Bucket: name }));
        const region = regionFromLocation(out.LocationConstraint);
        this.#pool.rememberRegion(name, region);
        return { ...base, region };
      } catch (err) {
        // A role may list buckets yet not read their location; the bucket stays usable with
        // the session's region (and withBucket corrects it on the first redirect).
        const regionError = toAppError(err, { action: 's3:GetBucketLocation', resource: bucketArn(name) });
        return { ...base, region: sessionRegion, regionError };
      }
    });
  }

  async #listAll(client: S3Client): Promise<readonly { name: string; creationDate?: string }[]> {
    const buckets: { name: string; creationDate?: string }[] = [];
    let token: string | undefined;
    try {
      do {
        const out = await client.send(new ListBucketsCommand({ ContinuationToken: token }));
        for (const b of out.Buckets ?? []) {
          if (!b.Name) continue;
          buckets.push(
            b.CreationDate ? { name: b.Name, creationDate: b.CreationDate.toISOString() } : { name: b.Name },
          );
        }
        token = out.ContinuationToken;
      } while (token);
    } catch (err) {
      const failure = callFailure(err, { action: 's3:ListAllMyBuckets', resource: '*' });
      if (failure.appError.code !== 'access-denied') throw failure;
      throw new AppFailure('access-denied', 'This session may not list buckets (s3:ListAllMyBuckets).', {
        details: failure.appError.details,
        ...(failure.appError.access ? { access: failure.appError.access } : {}),
        hints: [
          'You can still open a bucket by typing its name, if the role may list or read it.',
          ...(failure.appError.hints ?? []),
        ],
      });
    }
    return buckets;
  }
}
