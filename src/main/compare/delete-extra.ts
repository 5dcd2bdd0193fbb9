import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import type { CompareLocation, SyncReportRow } from '../../shared/models/compare';
import type { AppError } from '../../shared/models/errors';
import { objectArn } from '../s3/arns';

/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;

type S3Location = Extract<CompareLocation, { kind: 's3' }>;

/**
 * Deletes what only the target holds, in batches, with the owner it expects; a key S3 refuses is
 * reported, never thrown, so the rest still go; key i's result is settled as index i.
 */
export async function deleteExtra(
  client: S3Client,
  target: S3Location,
  keys: readonly string[],
  owner: string | undefined,
  settle: (index: number, row: SyncReportRow) => void,
): Promise<void> {
  for (let start = 0; start < keys.length; start += DELETE_BATCH) {
    const batch = keys.slice(start, start + DELETE_BATCH);
    const failed = new Map<string, AppError>();
    const errorFor = (err: unknown, key: string) =>
      toAppError(err, { action: 's3:DeleteObject', resource: objectArn(target.bucket, key) });
    try {
      const out = await client.send(
        new DeleteObjectsCommand({
          Bucket: target.bucket,
          Delete: { Objects: batch.map((key) => ({ Key: target.prefix + key })), Quiet: true },
          ...(owner && { ExpectedBucketOwner: owner }),
        }),
      );
      for (const e of out.Errors ?? [])
        failed.set(e.Key ?? '', errorFor({ name: e.Code, message: e.Message }, e.Key ?? ''));
    } catch (err) {
      for (const key of batch) failed.set(target.prefix + key, errorFor(err, target.prefix + key));
    }
    batch.forEach((key, j) => {
      const error = failed.get(target.prefix + key);
      settle(start + j, {
        key,
        action: 'delete',
        result: error ? 'failed' : 'done',
        ...(error && { error }),
      });
    });
  }
}
