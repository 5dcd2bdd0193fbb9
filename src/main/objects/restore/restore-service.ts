import {
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  RestoreObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { AppError } from '../../../shared/models/errors';
import { archiveClasses, type RestoreSummary, type RestoreTier } from '../../../shared/models/objects';
import { AppFailure } from '../../errors/app-error';
import { toAppError } from '../../errors/to-app-error';
import { objectArn } from '../../s3/arns';
import type { S3ClientPool } from '../../s3/client-pool';
import { mapConcurrent } from '../../s3/map-concurrent';
import { expandSelection, type Selection } from '../../s3/selection';
import { objectStep } from '../object-errors';
import { parseRestoreStatus } from './restore-status';

const RESTORE_CONCURRENCY = 8;

export interface RestoreRequest extends Selection {
  /** How long the restored copy stays readable (archive storage classes only). */
  readonly days: number;
  readonly tier: RestoreTier;
}

type Outcome =
  | { readonly started: true }
  | { readonly skipped: string }
  | { readonly key: string; readonly error: AppError };

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
      const keys: string[] = [];
      for await (const item of expandSelection(client, request)) keys.push(item.key);
      const outcomes = await mapConcurrent(keys, RESTORE_CONCURRENCY, (key) =>
        this.#restoreOne(client, request, key).catch(
          (err: unknown): Outcome => ({
            key,
            error: err instanceof AppFailure ? err.appError : toAppError(err),
          }),
        ),
      );
      const summary = {
        started: 0,
        skipped: [] as { key: string; reason: string }[],
        failed: [] as Outcome[],
      };
      outcomes.forEach((outcome, i) => {
        if ('started' in outcome) summary.started++;
        else if ('skipped' in outcome) summary.skipped.push({ key: keys[i] ?? '', reason: outcome.skipped });
        else summary.failed.push(outcome);
      });
      return summary as RestoreSummary;
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
    if ('refuse' in plan)
      return { key, error: { code: 'validation', message: plan.refuse, details: { resource } } };
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
