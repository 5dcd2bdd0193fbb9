import {
  GetBucketVersioningCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import type { AppError } from '../../shared/models/errors';
import type { ObjectDetails, ObjectVersion } from '../../shared/models/s3';
import { parseRestoreStatus } from '../objects/restore/restore-status';
import { bucketArn, objectArn } from './arns';
import { attempt } from './call-failure';
import type { S3ClientPool } from './client-pool';

type Tagging = { readonly tags: Readonly<Record<string, string>> } | { readonly tagsError: AppError };

/** What the details panel shows for one object and what its version history lists. */
export class ObjectDetailsService {
  readonly #pool: S3ClientPool;

  constructor(pool: S3ClientPool) {
    this.#pool = pool;
  }

  async head(sessionId: string, bucket: string, key: string, versionId?: string): Promise<ObjectDetails> {
    const action = versionId ? 's3:GetObjectVersion' : 's3:GetObject';
    return this.#pool.withBucket(sessionId, bucket, async (client) => {
      const head = await attempt({ action, resource: objectArn(bucket, key) }, () =>
        client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId })),
      );
      // Tags and versioning are extras: a role that may read the object but not its tags
      // still gets the details, with the reason the tags are missing.
      const [tagging, versioning] = await Promise.all([
        this.#tags(client, bucket, key, versionId),
        this.#versioning(client, bucket),
      ]);
      const restore = parseRestoreStatus(head.Restore);
      return {
        bucket,
        key,
        ...(head.VersionId ? { versionId: head.VersionId } : {}),
        size: head.ContentLength ?? 0,
        ...(head.LastModified ? { lastModified: head.LastModified.toISOString() } : {}),
        ...(head.ETag ? { etag: head.ETag } : {}),
        // S3 omits the header for STANDARD.
        storageClass: head.StorageClass ?? 'STANDARD',
        ...(head.ContentType ? { contentType: head.ContentType } : {}),
        ...(head.CacheControl ? { cacheControl: head.CacheControl } : {}),
        ...(head.ContentDisposition ? { contentDisposition: head.ContentDisposition } : {}),
        ...(head.ContentEncoding ? { contentEncoding: head.ContentEncoding } : {}),
        ...(head.ContentLanguage ? { contentLanguage: head.ContentLanguage } : {}),
        ...(restore ? { restore } : {}),
        metadata: { ...head.Metadata },
        ...(head.ServerSideEncryption ? { encryption: head.ServerSideEncryption } : {}),
        ...(head.SSEKMSKeyId ? { kmsKeyId: head.SSEKMSKeyId } : {}),
        ...tagging,
        ...(versioning ? { versioning } : {}),
      };
    });
  }

  async versions(sessionId: string, bucket: string, key: string): Promise<readonly ObjectVersion[]> {
    return this.#pool.withBucket(sessionId, bucket, async (client) => {
      const found: ObjectVersion[] = [];
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      do {
        const out = await attempt({ action: 's3:ListBucketVersions', resource: bucketArn(bucket) }, () =>
          client.send(
            new ListObjectVersionsCommand({
              Bucket: bucket,
              Prefix: key,
              KeyMarker: keyMarker,
              VersionIdMarker: versionMarker,
            }),
          ),
        );
        // Prefix=key also matches longer keys ("a.txt" matches "a.txt.bak"): keep exact ones.
        for (const v of out.Versions ?? []) {
          if (v.Key !== key) continue;
          found.push({
            versionId: v.VersionId ?? 'null',
            isLatest: v.IsLatest ?? false,
            isDeleteMarker: false,
            size: v.Size ?? 0,
            ...(v.LastModified ? { lastModified: v.LastModified.toISOString() } : {}),
            ...(v.ETag ? { etag: v.ETag } : {}),
          });
        }
        for (const m of out.DeleteMarkers ?? []) {
          if (m.Key !== key) continue;
          found.push({
            versionId: m.VersionId ?? 'null',
            isLatest: m.IsLatest ?? false,
            isDeleteMarker: true,
            ...(m.LastModified ? { lastModified: m.LastModified.toISOString() } : {}),
          });
        }
        // Past the exact key every further entry is a longer key: stop paging there.
        const pastKey = out.NextKeyMarker !== undefined && out.NextKeyMarker !== key;
        keyMarker = out.IsTruncated && !pastKey ? out.NextKeyMarker : undefined;
        versionMarker = out.NextVersionIdMarker;
      } while (keyMarker !== undefined);
      // Newest first; the current version leads even when timestamps tie to the second.
      return found.sort(
        (a, b) =>
          Number(b.isLatest) - Number(a.isLatest) ||
          (b.lastModified ?? '').localeCompare(a.lastModified ?? ''),
      );
    });
  }

  async #tags(client: S3Client, bucket: string, key: string, versionId?: string): Promise<Tagging> {
    const action = versionId ? 's3:GetObjectVersionTagging' : 's3:GetObjectTagging';
    try {
      const out = await client.send(
        new GetObjectTaggingCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
      );
      return { tags: Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])) };
    } catch (err) {
      return { tagsError: toAppError(err, { action, resource: objectArn(bucket, key) }) };
    }
  }

  async #versioning(client: S3Client, bucket: string): Promise<ObjectDetails['versioning']> {
    try {
      const out = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
      return out.Status ?? 'Off';
    } catch {
      // Versioning only decides whether the history button shows; unknown means hidden.
      return undefined;
    }
  }
}
