import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { fail } from '../../shared/errors/app-error';
import type { CopyPlanItem, CopyPlanSides } from '../../shared/models/copy-plan';

/** S3PutObjectCopy copies with one CopyObject per task: AWS's limit for it is 5 GiB. */
export const MAX_BATCH_COPY_BYTES = 5 * 1024 ** 3;

/**
 * A manifest key, URL-encoded as AWS asks for CSV manifests. `encodeURIComponent` encodes a
 * comma, a newline and `+` too, so a key reads back the same whether the reader decodes `+` as
 * a space (form encoding, as S3 Inventory writes) or not; `/` stays readable.
 */
export const encodeManifestKey = (key: string): string => encodeURIComponent(key).replace(/%2F/g, '/');

export function manifestLine(item: CopyPlanItem, withVersions: boolean): string {
  const fields = [item.sourceBucket, encodeManifestKey(item.sourceKey)];
  if (withVersions) fields.push(item.sourceVersionId ?? '');
  return `${fields.join(',')}\n`;
}

/** What the manifest holds, learnt while it is written; CreateJob and the policies need it. */
export interface ManifestShape {
  objects: number;
  bytes: number;
  /** The VersionId column: decided by the first item, so every row has the same fields. */
  withVersions: boolean;
  /**
   * S3PutObjectCopy writes each object to TargetKeyPrefix + its source key: one prefix for
   * the whole job, learnt from the first item and required of every other.
   */
  targetKeyPrefix: string;
}

/**
 * Checks each item against what one S3PutObjectCopy job can do, and yields its manifest line.
 * A plan the job cannot express fails with the item that breaks it, before CreateJob.
 */
export async function* manifestLines(
  items: AsyncIterable<CopyPlanItem> | Iterable<CopyPlanItem>,
  sides: CopyPlanSides,
  shape: ManifestShape,
): AsyncGenerator<string> {
  for await (const item of items) {
    if (item.sourceBucket !== sides.source.bucket || item.targetBucket !== sides.target.bucket) {
      fail(
        'validation',
        `The plan copies s3://${item.sourceBucket}/${item.sourceKey} to s3://${item.targetBucket}/, outside the two buckets it was made for (${sides.source.bucket} → ${sides.target.bucket}).`,
      );
    }
    if (!item.sourceKey.startsWith(sides.source.prefix)) {
      fail(
        'validation',
        `"${item.sourceKey}" is outside the source folder "${sides.source.prefix}" the job's role may read.`,
      );
    }
    if (!item.targetKey.endsWith(item.sourceKey)) {
      fail('validation', `S3 Batch Operations cannot rename "${item.sourceKey}" to "${item.targetKey}".`, {
        hints: [
          'A Batch Operations copy keeps each source key whole under one target prefix (prefix + source key).',
          'Copy this plan through Crossbucket instead, or choose a target folder that keeps the source paths.',
        ],
      });
    }
    const prefix = item.targetKey.slice(0, item.targetKey.length - item.sourceKey.length);
    if (shape.objects === 0) {
      if (prefix !== '' && !prefix.endsWith('/')) {
        fail('validation', `S3 Batch Operations copies into a folder: "${prefix}" does not end in "/".`);
      }
      shape.targetKeyPrefix = prefix;
      shape.withVersions = item.sourceVersionId !== undefined;
      refuseSelfCopy(sides, prefix);
    } else if (prefix !== shape.targetKeyPrefix) {
      fail(
        'validation',
        `"${item.sourceKey}" would go under "${prefix}", but the job writes every object under "${shape.targetKeyPrefix}".`,
        {
          hints: [
            'One Batch Operations copy job has one target prefix: split the plan, or copy it through Crossbucket.',
          ],
        },
      );
    }
    if ((item.sourceVersionId !== undefined) !== shape.withVersions) {
      fail(
        'validation',
        'Some of the plan’s objects name a version and others do not: one manifest cannot mix them.',
        {
          hints: ['Copy the current versions only, or name a version for every object.'],
        },
      );
    }
    if (item.size > MAX_BATCH_COPY_BYTES) {
      fail(
        'validation',
        `"${item.sourceKey}" is larger than 5 GiB, the most S3 Batch Operations copies in one task.`,
        {
          hints: [
            'Copy the objects over 5 GiB through Crossbucket (it copies them in parts), and the rest with Batch Operations.',
          ],
        },
      );
    }
    shape.objects += 1;
    shape.bytes += item.size;
    yield manifestLine(item, shape.withVersions);
  }
  if (shape.objects === 0) fail('validation', 'The plan has nothing to copy: there is no manifest to write.');
}

/** A job that writes into its own source would copy objects onto themselves or into the folder it reads. */
export function refuseSelfCopy(sides: CopyPlanSides, targetKeyPrefix: string): void {
  if (sides.source.bucket !== sides.target.bucket) return;
  if (targetKeyPrefix === '') {
    fail('validation', 'The job would copy every object onto itself: the target is the source.', {
      hints: ['Pick another bucket or a target folder.'],
    });
  }
  if (targetKeyPrefix.startsWith(sides.source.prefix)) {
    fail(
      'validation',
      `The target folder "${targetKeyPrefix}" is inside the source folder "${sides.source.prefix}": the copy would copy itself.`,
      { hints: ['Pick a target folder outside the source folder.'] },
    );
  }
}

/**
 * Streams the manifest to S3 (a plan of millions of objects never sits in memory) and returns
 * its ETag. If the plan fails part-way, the upload is aborted: no half manifest is left.
 */
export async function writeManifest(
  client: S3Client,
  location: { readonly bucket: string; readonly key: string; readonly expectedOwner: string },
  lines: AsyncIterable<string>,
): Promise<string> {
  const upload = new Upload({
    client,
    params: {
      Bucket: location.bucket,
      Key: location.key,
      Body: Readable.from(lines),
      ContentType: 'text/csv',
      ExpectedBucketOwner: location.expectedOwner,
    },
    leavePartsOnError: false,
  });
  const out = await upload.done();
  if (!out.ETag)
    fail('internal', `S3 wrote the manifest s3://${location.bucket}/${location.key} but returned no ETag.`);
  return out.ETag as string;
}
