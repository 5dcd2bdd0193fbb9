import {
  AbortMultipartUploadCommand,
  ListMultipartUploadsCommand,
  type ListMultipartUploadsCommandOutput,
  ListPartsCommand,
  type MultipartUpload,
  type S3Client,
} from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import type {
  AbortSummary,
  IncompleteUpload,
  IncompleteUploadList,
} from '../../shared/models/incomplete-upload';
import { bucketArn, objectArn } from './arns';
import { attempt } from './call-failure';
import type { S3ClientPool } from './client-pool';
import { mapConcurrent } from './map-concurrent';

/** The list stops here; S3 bills them all, but no one reviews more than this by hand. */
export const MAX_UPLOADS = 10_000;
/** Parts are counted (one ListParts each) for this many uploads, oldest first. */
const MAX_COUNTED = 1_000;
/** ListParts pages read per upload: 10 pages × 1,000 parts is S3's maximum of 10,000 parts. */
const MAX_PART_PAGES = 10;
const CONCURRENCY = 8;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface UploadRef {
  readonly key: string;
  readonly uploadId: string;
}

const byAge = (a: IncompleteUpload, b: IncompleteUpload): number =>
  (a.initiated ?? '').localeCompare(b.initiated ?? '') || a.key.localeCompare(b.key);

const toUpload = (u: MultipartUpload): IncompleteUpload | undefined =>
  u.Key === undefined || u.UploadId === undefined
    ? undefined
    : {
        key: u.Key,
        uploadId: u.UploadId,
        ...(u.Initiated && { initiated: u.Initiated.toISOString() }),
        ...((u.Initiator?.DisplayName || u.Initiator?.ID) && {
          initiator: u.Initiator.DisplayName || u.Initiator.ID,
        }),
        ...(u.StorageClass && { storageClass: u.StorageClass }),
      };

/**
 * Multipart uploads begun in a bucket and never completed or aborted, by Crossbucket or any other
 * tool. The Console hides them; S3 bills their parts until someone aborts them or a lifecycle
 * rule does (see lifecycle-snippet.ts).
 */
export class IncompleteUploadsService {
  readonly #pool: S3ClientPool;

  constructor(pool: S3ClientPool) {
    this.#pool = pool;
  }

  /** `prefix` narrows the list to uploads of keys under it (a storage summary's folder). */
  async list(sessionId: string, bucket: string, prefix = ''): Promise<IncompleteUploadList> {
    return this.#pool.withBucket(sessionId, bucket, async (client) => {
      const { uploads, truncated } = await this.#listAll(client, bucket, prefix);
      uploads.sort(byAge);
      const counted = await mapConcurrent(uploads.slice(0, MAX_COUNTED), CONCURRENCY, (upload) =>
        this.#countParts(client, bucket, upload),
      );
      return {
        bucket,
        // An upload completed or aborted while we counted is no longer incomplete.
        uploads: [...counted.filter((u) => u !== undefined), ...uploads.slice(MAX_COUNTED)],
        truncated,
        partsSkipped: uploads.length > MAX_COUNTED,
      };
    });
  }

  /** Aborts each upload; one that is already gone counts as aborted. Failures are reported, not thrown. */
  async abort(sessionId: string, bucket: string, uploads: readonly UploadRef[]): Promise<AbortSummary> {
    return this.#pool.withBucket(sessionId, bucket, async (client) => {
      const outcomes = await mapConcurrent(uploads, CONCURRENCY, async ({ key, uploadId }) => {
        try {
          await client.send(
            new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }),
          );
          return undefined;
        } catch (err) {
          if ((err as { name?: string }).name === 'NoSuchUpload') return undefined;
          return {
            key,
            uploadId,
            error: toAppError(err, { action: 's3:AbortMultipartUpload', resource: objectArn(bucket, key) }),
          };
        }
      });
      const failed = outcomes.filter((o) => o !== undefined);
      return { aborted: uploads.length - failed.length, failed };
    });
  }

  /** Aborts every upload begun more than `days` days ago (0: all of them), as listed now. */
  async abortOlderThan(
    sessionId: string,
    bucket: string,
    days: number,
    now = Date.now(),
  ): Promise<AbortSummary> {
    const { uploads } = await this.#pool.withBucket(sessionId, bucket, (client) =>
      this.#listAll(client, bucket),
    );
    const before = now - days * DAY_MS;
    const old = uploads.filter((u) => u.initiated !== undefined && Date.parse(u.initiated) <= before);
    return this.abort(sessionId, bucket, old);
  }

  async #listAll(
    client: S3Client,
    bucket: string,
    prefix = '',
  ): Promise<{ uploads: IncompleteUpload[]; truncated: boolean }> {
    const uploads: IncompleteUpload[] = [];
    let markers: { KeyMarker?: string; UploadIdMarker?: string } = {};
    for (;;) {
      const page: ListMultipartUploadsCommandOutput = await attempt(
        { action: 's3:ListBucketMultipartUploads', resource: bucketArn(bucket) },
        () =>
          client.send(
            new ListMultipartUploadsCommand({
              Bucket: bucket,
              ...(prefix ? { Prefix: prefix } : {}),
              ...markers,
            }),
          ),
      );
      for (const u of page.Uploads ?? []) {
        const upload = toUpload(u);
        if (upload) uploads.push(upload);
      }
      if (!page.IsTruncated) return { uploads, truncated: false };
      if (uploads.length >= MAX_UPLOADS) return { uploads: uploads.slice(0, MAX_UPLOADS), truncated: true };
      markers = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
    }
  }

  async #countParts(
    client: S3Client,
    bucket: string,
    upload: IncompleteUpload,
  ): Promise<IncompleteUpload | undefined> {
    let parts = 0;
    let size = 0;
    let marker: string | undefined;
    try {
      for (let page = 0; page < MAX_PART_PAGES; page++) {
        const out = await client.send(
          new ListPartsCommand({
            Bucket: bucket,
            Key: upload.key,
            UploadId: upload.uploadId,
            PartNumberMarker: marker,
          }),
        );
        for (const part of out.Parts ?? []) {
          parts++;
          size += part.Size ?? 0;
        }
        if (!out.IsTruncated) return { ...upload, parts, size };
        marker = out.NextPartNumberMarker;
      }
      return { ...upload, parts, size, partsCapped: true };
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchUpload') return undefined;
      return {
        ...upload,
        partsError: toAppError(err, {
          action: 's3:ListMultipartUploadParts',
          resource: objectArn(bucket, upload.key),
        }),
      };
    }
  }
}
