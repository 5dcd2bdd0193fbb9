import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import type { DeleteSummary } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/models/errors';
import { objectArn } from './arns';
import type { S3ClientPool } from './client-pool';
import { expandSelection, type Selection } from './selection';

/** DeleteObjects takes at most this many keys per request. */
const BATCH = 1000;

type Failure = { readonly key: string; readonly error: AppError };

const deleteError = (err: unknown, bucket: string, key: string): AppError =>
  toAppError(err, { action: 's3:DeleteObject', resource: objectArn(bucket, key) });

/** Deletes keys in batches; a key S3 refuses is reported, never thrown, so the rest still go. */
export async function deleteKeys(
  client: S3Client,
  bucket: string,
  keys: readonly string[],
): Promise<DeleteSummary> {
  let deleted = 0;
  const failed: Failure[] = [];
  for (let start = 0; start < keys.length; start += BATCH) {
    const batch = keys.slice(start, start + BATCH);
    try {
      const out = await client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      const errors = out.Errors ?? [];
      for (const e of errors) {
        const key = e.Key ?? '';
        failed.push({ key, error: deleteError({ name: e.Code, message: e.Message }, bucket, key) });
      }
      deleted += batch.length - errors.length;
    } catch (err) {
      for (const key of batch) failed.push({ key, error: deleteError(err, bucket, key) });
    }
  }
  return { deleted, failed };
}

export class DeleteService {
  readonly #pool: S3ClientPool;

  constructor(pool: S3ClientPool) {
    this.#pool = pool;
  }

  /** Deletes the picked objects and everything under the picked folders. */
  async delete(selection: Selection): Promise<DeleteSummary> {
    const { sessionId, bucket } = selection;
    return this.#pool.withBucket(sessionId, bucket, async (client) => {
      let deleted = 0;
      const failed: Failure[] = [];
      let batch: string[] = [];
      const flush = async (): Promise<void> => {
        const summary = await deleteKeys(client, bucket, batch);
        deleted += summary.deleted;
        failed.push(...summary.failed);
        batch = [];
      };
      // Delete while listing, so a huge folder never sits in memory; S3 continuation tokens
      // point at a key, not an offset, so removing listed keys does not skip any.
      for await (const { key } of expandSelection(client, selection)) {
        batch.push(key);
        if (batch.length === BATCH) await flush();
      }
      if (batch.length > 0) await flush();
      return { deleted, failed };
    });
  }
}
