import {
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
} from '@aws-sdk/client-s3';
import { AppFailure } from '../../../shared/errors/app-error';
import type { DeletedListing, UndeleteSummary } from '../../../shared/models/objects';
import type { ObjectEntry } from '../../../shared/models/s3';
import { bucketArn, objectArn } from '../../s3/arns';
import type { S3ClientPool } from '../../s3/client-pool';
import type { ObjectDetailsService } from '../../s3/object-details';
import { eachKey, failuresOf } from '../each-object';
import type { CopyOverService } from '../edit/copy-over';
import { objectStep } from '../object-errors';

const DELETED_SCAN_LIMIT = 50_000;

export interface VersionOptions {
  /** Versions and delete markers looked at before "show deleted" stops and says so. */
  readonly scanLimit?: number;
  /** ListObjectVersions page size (S3's own maximum is 1,000). */
  readonly pageSize?: number;
}

export interface VersionRef {
  readonly sessionId: string;
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
}

/**
 * The version-history actions: deleted objects of a folder on demand, a previous version
 * made current again, one version deleted for good, deleted objects brought back.
 */
export class VersionService {
  readonly #pool: S3ClientPool;
  readonly #copier: CopyOverService;
  readonly #details: ObjectDetailsService;
  readonly #scanLimit: number;
  readonly #pageSize: number;

  constructor(
    pool: S3ClientPool,
    copier: CopyOverService,
    details: ObjectDetailsService,
    options: VersionOptions = {},
  ) {
    this.#pool = pool;
    this.#copier = copier;
    this.#details = details;
    this.#scanLimit = options.scanLimit ?? DELETED_SCAN_LIMIT;
    this.#pageSize = options.pageSize ?? 1000;
  }

  /**
   * One folder level of ListObjectVersions: objects whose current version is a delete marker,
   * and subfolders (the renderer keeps those the live listing lacks: folders only old
   * versions hold). Stops after the scan limit (50,000 entries unless set) and says so.
   */
  async listDeleted(sessionId: string, bucket: string, prefix: string): Promise<DeletedListing> {
    return this.#pool.withBucket(sessionId, bucket, async (client) => {
      const versioning = await objectStep(
        { action: 's3:GetBucketVersioning', resource: bucketArn(bucket) },
        () => client.send(new GetBucketVersioningCommand({ Bucket: bucket })),
      );
      const deleted = new Map<string, { lastModified?: string; size?: number }>();
      const newestSize = new Map<string, number>();
      const folders = new Set<string>();
      let scanned = 0;
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      let truncated = false;
      do {
        const out = await objectStep({ action: 's3:ListBucketVersions', resource: bucketArn(bucket) }, () =>
          client.send(
            new ListObjectVersionsCommand({
              Bucket: bucket,
              Prefix: prefix,
              Delimiter: '/',
              KeyMarker: keyMarker,
              VersionIdMarker: versionMarker,
              MaxKeys: this.#pageSize,
            }),
          ),
        );
        for (const p of out.CommonPrefixes ?? []) if (p.Prefix) folders.add(p.Prefix);
        for (const m of out.DeleteMarkers ?? []) {
          if (m.IsLatest && m.Key !== undefined && m.Key !== prefix) {
            deleted.set(m.Key, m.LastModified ? { lastModified: m.LastModified.toISOString() } : {});
          }
        }
        // Versions come newest first per key: the first one seen is what was deleted.
        for (const v of out.Versions ?? []) {
          if (v.Key !== undefined && !newestSize.has(v.Key)) newestSize.set(v.Key, v.Size ?? 0);
        }
        scanned += (out.Versions?.length ?? 0) + (out.DeleteMarkers?.length ?? 0);
        keyMarker = out.IsTruncated ? out.NextKeyMarker : undefined;
        versionMarker = out.IsTruncated ? out.NextVersionIdMarker : undefined;
        if (keyMarker !== undefined && scanned >= this.#scanLimit) {
          truncated = true;
          break;
        }
      } while (keyMarker !== undefined);

      const entries: ObjectEntry[] = [
        ...[...folders].map((key) => ({ kind: 'folder' as const, key, deleted: true as const })),
        ...[...deleted].map(([key, info]) => {
          const size = newestSize.get(key);
          return {
            kind: 'object' as const,
            key,
            ...(size !== undefined ? { size } : {}),
            ...(info.lastModified ? { lastModified: info.lastModified } : {}),
            deleted: true as const,
          };
        }),
      ];
      return { entries, truncated, versioning: versioning.Status ?? 'Off' };
    });
  }

  /** Copies a previous version over the key: it becomes the current version, as it was. */
  async restoreVersion({
    sessionId,
    bucket,
    key,
    versionId,
  }: VersionRef): Promise<{ readonly restored: true }> {
    await this.#pool.withBucket(sessionId, bucket, async (client) => {
      const head = await objectStep({ action: 's3:GetObjectVersion', resource: objectArn(bucket, key) }, () =>
        client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId })),
      );
      await this.#copier.copyOver(client, { bucket, key, sourceVersionId: versionId, head });
    });
    return { restored: true };
  }

  /** Deletes one version (or delete marker) for good. */
  async deleteVersion({ sessionId, bucket, key, versionId }: VersionRef): Promise<null> {
    await this.#pool.withBucket(sessionId, bucket, (client) =>
      objectStep({ action: 's3:DeleteObjectVersion', resource: objectArn(bucket, key) }, () =>
        client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId })),
      ),
    );
    return null;
  }

  /** Brings deleted objects back by removing the delete marker that hides each one. */
  async undelete(sessionId: string, bucket: string, keys: readonly string[]): Promise<UndeleteSummary> {
    const results = await eachKey(keys, async (key) => {
      const versions = await this.#details.versions(sessionId, bucket, key);
      const marker = versions.find((v) => v.isLatest && v.isDeleteMarker);
      if (!marker) {
        throw new AppFailure(
          'conflict',
          'The object is not deleted: its current version is not a delete marker.',
          { details: { resource: objectArn(bucket, key) } },
        );
      }
      await this.deleteVersion({ sessionId, bucket, key, versionId: marker.versionId });
    });
    const failed = failuresOf(results);
    return { restored: keys.length - failed.length, failed };
  }
}
