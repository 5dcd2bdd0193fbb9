import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  type S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import type { CompareLocation, SyncReportRow } from '../../shared/models/compare';
import type { AppError } from '../../shared/models/errors';
import { objectArn } from '../s3/arns';
import { copySource } from '../s3/copy-source';
import { mapConcurrent } from '../s3/map-concurrent';
import { multipartCopy } from '../s3/multipart-copy';
import type { TargetBucket } from './bucket-facts';
import type { PlannedCopy } from './sync-plan';

const GiB = 1024 ** 3;
const SERVER_SIDE_CONCURRENCY = 8;
/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;

type S3Location = Extract<CompareLocation, { kind: 's3' }>;

export interface ServerSideCopies {
  /** The session's client that copies: it reads the source and writes the target. */
  readonly client: S3Client;
  readonly source: S3Location;
  readonly target: S3Location;
  readonly copies: readonly PlannedCopy[];
  /** Told each copy's result, copy i as index i. */
  readonly settle: (index: number, row: SyncReportRow) => void;
  readonly bucket: TargetBucket | undefined;
  readonly owners: ReadonlyMap<string, string>;
  /** Replaces every copy's storage class; absent keeps the source's. */
  readonly storageClass?: string;
  /** The copying session's account. */
  readonly caller?: string;
}

const exists = (client: S3Client, bucket: string, key: string, owner?: string): Promise<boolean> =>
  client
    .send(new HeadObjectCommand({ Bucket: bucket, Key: key, ...(owner && { ExpectedBucketOwner: owner }) }))
    .then(
      () => true,
      (err: unknown) => {
        if (toAppError(err).code === 'no-such-key') return false;
        throw err;
      },
    );

/** S3 copies each object itself (CopyObject, or UploadPartCopy past 5 GiB); each result is kept. */
export async function copyServerSide(job: ServerSideCopies): Promise<void> {
  const { client, source, target, copies, settle, bucket, owners, caller } = job;
  const targetOwner = owners.get(target.bucket);
  const sourceOwner = owners.get(source.bucket);
  // What every copy carries: the owners it expects, the ACL a foreign bucket needs, its KMS key.
  const common = {
    ...(targetOwner && { ExpectedBucketOwner: targetOwner }),
    ...(sourceOwner && { ExpectedSourceBucketOwner: sourceOwner }),
    ...(bucket?.aclsInUse &&
      (targetOwner === undefined || targetOwner !== caller) && {
        ACL: 'bucket-owner-full-control' as const,
      }),
    ...(bucket?.kmsKeyId && { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: bucket.kmsKeyId }),
  };
  await mapConcurrent(copies, SERVER_SIDE_CONCURRENCY, async (c, i) => {
    const sourceKey = source.prefix + c.key;
    const targetKey = target.prefix + c.key;
    const storageClass = (job.storageClass ?? c.storageClass) as StorageClass | undefined;
    try {
      // CopyObject cannot be told to write only if absent: an object that appeared since the
      // plan is found first, and kept.
      if (c.action === 'copy' && (await exists(client, target.bucket, targetKey, targetOwner))) {
        settle(i, {
          key: c.key,
          action: c.action,
          result: 'skipped',
          error: {
            code: 'conflict',
            message: `s3://${target.bucket}/${targetKey} appeared at the target after the plan; it was not overwritten.`,
          },
        });
        return;
      }
      if (c.size <= 5 * GiB) {
        await client.send(
          new CopyObjectCommand({
            Bucket: target.bucket,
            Key: targetKey,
            CopySource: copySource(source.bucket, sourceKey),
            // Metadata and tags are copied as they are (COPY is S3's default for both).
            ...(storageClass && { StorageClass: storageClass }),
            ...common,
          }),
        );
      } else {
        const head = await client.send(
          new HeadObjectCommand({
            Bucket: source.bucket,
            Key: sourceKey,
            ...(sourceOwner && { ExpectedBucketOwner: sourceOwner }),
          }),
        );
        const { ExpectedSourceBucketOwner: _source, ...extra } = common;
        await multipartCopy(client, {
          sourceBucket: source.bucket,
          sourceKey,
          source: storageClass ? { ...head, StorageClass: storageClass } : head,
          targetBucket: target.bucket,
          targetKey,
          partSize: 512 * 1024 ** 2,
          extra,
        });
      }
      settle(i, { key: c.key, action: c.action, result: 'done' });
    } catch (err) {
      const error = toAppError(err, {
        action: 's3:PutObject',
        resource: objectArn(target.bucket, targetKey),
      });
      settle(i, { key: c.key, action: c.action, result: 'failed', error });
    }
  });
}

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
