import {
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  RestoreObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AppFailure } from '../../../shared/errors/app-error';
import { archiveClasses, type RestoreSummary, type RestoreTier } from '../../../shared/models/objects';
import { objectArn } from '../../s3/arns';
import type { S3ClientPool } from '../../s3/client-pool';
import type { Selection } from '../../s3/selection';
import { eachObject, failuresOf, valuesOf } from '../each-object';
import { objectStep } from '../object-errors';
import { parseRestoreStatus } from './restore-status';

export interface RestoreRequest extends Selection {
  /** How long the restored copy stays readable (archive storage classes only). */
  readonly days: number;
  readonly tier: RestoreTier;
}

type Outcome = { readonly started: true } | { readonly skipped: string };

/**
 * What a restore request must look like for this object, or why it needs none. Glacier and
 * Deep Archive restore a temporary copy for some days; Intelligent-Tiering's archive tiers
 * move the object back for good, so they take no days.
 */
export function restorePlan(
  head: HeadObjectCommandOutput,
  request: Pick<RestoreRequest, 'days' | 'tier'>,
): { readonly days?: number } | { readonly skip: string } | { readonly refuse: string } {
  const storageClass = head.StorageClass ?? 'STANDARD';
  const deep = storageClass === 'DEEP_ARCHIVE' || head.ArchiveStatus === 'DEEP_ARCHIVE_ACCESS';
  const archived = archiveClasses.includes(storageClass);
  const tiered = storageClass === 'INTELLIGENT_TIERING' && head.ArchiveStatus !== undefined;
  if (!archived && !tiered) return { skip: `it is in ${storageClass}, which needs no restore` };
  if (parseRestoreStatus(head.Restore)?.ongoing) return { skip: 'a restore is already under way' };
  if (deep && request.tier === 'Expedited') {
    return { refuse: 'Deep Archive has no Expedited retrieval; choose Standard or Bulk.' };
  }
  return archived ? { days: request.days } : {};
}

/** Starts restores of archived objects (RestoreObject), one object or a selection. */
export class RestoreService {
  readonly #pool: S3ClientPool;

  constructor(pool: S3ClientPool) {
    this.#pool = pool;
  }

  async restore(request: RestoreRequest): Promise<RestoreSummary> {
    const { sessionId, bucket } = request;
    return this.#pool.withBucket(sessionId, bucket, async (client) => {
      const results = await eachObject(client, request, (key) => this.#restoreOne(client, request, key));
      const skipped = results.flatMap((r) =>
        'value' in r && 'skipped' in r.value ? [{ key: r.key, reason: r.value.skipped }] : [],
      );
      return {
        started: valuesOf(results).filter((v) => 'started' in v).length,
        skipped,
        failed: failuresOf(results),
      };
    });
  }

  async #restoreOne(client: S3Client, request: RestoreRequest, key: string): Promise<Outcome> {
    const { bucket, tier } = request;
    const resource = objectArn(bucket, key);
    const head = await objectStep({ action: 's3:GetObject', resource }, () =>
      client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
    );
    const plan = restorePlan(head, request);
    if ('skip' in plan) return { skipped: plan.skip };
    if ('refuse' in plan) throw new AppFailure('validation', plan.refuse, { details: { resource } });
    try {
      await objectStep({ action: 's3:RestoreObject', resource }, () =>
        client.send(
          new RestoreObjectCommand({
            Bucket: bucket,
            Key: key,
            RestoreRequest: {
              ...(plan.days !== undefined ? { Days: plan.days } : {}),
              GlacierJobParameters: { Tier: tier },
            },
          }),
        ),
      );
    } catch (err) {
      // Another restore started between the HEAD and this request.
      if ((err as AppFailure).appError?.details?.error === 'RestoreAlreadyInProgress') {
        return { skipped: 'a restore is already under way' };
      }
      throw err;
    }
    return { started: true };
  }
}
