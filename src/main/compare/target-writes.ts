import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  type S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { copyHeaders } from '../../shared/engine/copy-headers';
import type { CopyCare } from '../../shared/engine/records';
import { toAppError } from '../../shared/errors/to-app-error';
import type { CompareLocation, SyncReportRow } from '../../shared/models/compare';
import type { AppError } from '../../shared/models/errors';
import { objectArn } from '../s3/arns';
import { copySource } from '../s3/copy-source';
import { mapConcurrent } from '../s3/map-concurrent';
import { multipartCopy } from '../s3/multipart-copy';
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
  readonly owners: ReadonlyMap<string, string>;
  /** What every copy writes besides the bytes (sync-care.ts), as a copy through this machine does. */
  readonly care: CopyCare;
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
  const { client, source, target, copies, settle, owners, care } = job;
  const targetOwner = owners.get(target.bucket);
  const sourceOwner = owners.get(source.bucket);
  // What every copy carries: the owners it expects, the ACL a foreign bucket needs, its KMS key.
  const common = {
    ...(targetOwner && { ExpectedBucketOwner: targetOwner }),
    ...(sourceOwner && { ExpectedSourceBucketOwner: sourceOwner }),
    ...(care.acl && { ACL: care.acl }),
    ...(care.kmsKeyId && { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: care.kmsKeyId }),
  };
  const headOfSource = (key: string) =>
    client.send(
      new HeadObjectCommand({
        Bucket: source.bucket,
        Key: key,
        ...(sourceOwner && { ExpectedBucketOwner: sourceOwner }),
      }),
    );
  await mapConcurrent(copies, SERVER_SIDE_CONCURRENCY, async (c, i) => {
    const sourceKey = source.prefix + c.key;
    const targetKey = target.prefix + c.key;
    // CopyObject gives STANDARD unless told: the source's class (from its listing) is kept by naming it.
    const storageClass = (care.storageClass ?? c.storageClass) as StorageClass | undefined;
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
        // Kept metadata and tags are copied by S3 itself (COPY, its default for both); dropped
        // metadata means REPLACE with the content headers alone, which only the source's HEAD knows.
        const replaced =
          care.metadata === 'drop' ? copyHeaders(await headOfSource(sourceKey), care) : undefined;
        await client.send(
          new CopyObjectCommand({
            Bucket: target.bucket,
            Key: targetKey,
            CopySource: copySource(source.bucket, sourceKey),
            ...(replaced && {
              MetadataDirective: 'REPLACE' as const,
              ContentType: replaced.ContentType,
              CacheControl: replaced.CacheControl,
              ContentDisposition: replaced.ContentDisposition,
              ContentEncoding: replaced.ContentEncoding,
              ContentLanguage: replaced.ContentLanguage,
              Expires: replaced.Expires,
            }),
            ...(care.tags === 'drop' && { TaggingDirective: 'REPLACE' as const }),
            ...(storageClass && { StorageClass: storageClass }),
            ...common,
          }),
        );
      } else {
        const head = await headOfSource(sourceKey);
        // A multipart upload starts blank: the tags are read and set again like the headers.
        const tags =
          care.tags === 'keep'
            ? ((
                await client.send(
                  new GetObjectTaggingCommand({
                    Bucket: source.bucket,
                    Key: sourceKey,
                    ...(sourceOwner && { ExpectedBucketOwner: sourceOwner }),
                  }),
                )
              ).TagSet ?? [])
            : [];
        const { StorageClass: _class, ...headers } = copyHeaders(head, care, tags);
        const { ExpectedSourceBucketOwner: _source, ...extra } = common;
        await multipartCopy(client, {
          sourceBucket: source.bucket,
          sourceKey,
          source: storageClass ? { ...head, StorageClass: storageClass } : head,
          targetBucket: target.bucket,
          targetKey,
          partSize: 512 * 1024 ** 2,
          // The care decides the user metadata, not the source's HEAD.
          extra: { Metadata: undefined, ...headers, ...extra },
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
