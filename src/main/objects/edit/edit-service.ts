import {
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AppFailure } from '../../../shared/errors/app-error';
import type { AppError } from '../../../shared/models/errors';
import type { EditSummary, MapPatch } from '../../../shared/models/objects';
import { objectArn } from '../../s3/arns';
import type { S3ClientPool } from '../../s3/client-pool';
import type { Selection } from '../../s3/selection';
import { eachObject, failuresOf, valuesOf } from '../each-object';
import { objectStep } from '../object-errors';
import type { CopyOverService } from './copy-over';
import {
  applyMapPatch,
  type EditChanges,
  MAX_TAGS,
  MAX_USER_METADATA_BYTES,
  planRewrite,
  sameMap,
  userMetadataBytes,
} from './edit-plan';

export interface EditRequest extends Selection, EditChanges {
  readonly tags?: MapPatch;
}

type Outcome = 'changed' | 'unchanged';

const failure = (code: AppError['code'], message: string, bucket: string, key: string): AppFailure =>
  new AppFailure(code, message, { details: { resource: objectArn(bucket, key) } });

/**
 * Edits what the S3 Console edits, for one object or a whole selection: headers and user
 * metadata (a copy onto itself with REPLACE), the storage class (a copy with a new class) and
 * tags (PutObjectTagging, which makes no new version). Each object is read first, so only
 * real changes are sent, and one object's failure does not stop the others.
 */
export class EditService {
  readonly #pool: S3ClientPool;
  readonly #copier: CopyOverService;

  constructor(pool: S3ClientPool, copier: CopyOverService) {
    this.#pool = pool;
    this.#copier = copier;
  }

  async edit(request: EditRequest): Promise<EditSummary> {
    const { sessionId, bucket } = request;
    return this.#pool.withBucket(sessionId, bucket, async (client) => {
      const results = await eachObject(client, request, (key) => this.#editOne(client, request, key));
      const values = valuesOf(results);
      return {
        changed: values.filter((v) => v === 'changed').length,
        unchanged: values.filter((v) => v === 'unchanged').length,
        failed: failuresOf(results),
      };
    });
  }

  async #editOne(client: S3Client, request: EditRequest, key: string): Promise<Outcome> {
    const { bucket } = request;
    const head = await objectStep({ action: 's3:GetObject', resource: objectArn(bucket, key) }, () =>
      client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
    );
    let changed = false;
    const rewrite = planRewrite(head, request);
    if (rewrite) {
      if (userMetadataBytes(rewrite.metadata) > MAX_USER_METADATA_BYTES) {
        throw failure(
          'validation',
          `User metadata would take more than the ${MAX_USER_METADATA_BYTES.toLocaleString('en-US')} bytes S3 allows; nothing was changed.`,
          bucket,
          key,
        );
      }
      await this.#copier.copyOver(client, { bucket, key, head, rewrite });
      changed = true;
    }
    if (request.tags && (await this.#retag(client, bucket, key, request.tags))) changed = true;
    return changed ? 'changed' : 'unchanged';
  }

  /** Puts the patched tag set; false when it would be the set the object already has. */
  async #retag(client: S3Client, bucket: string, key: string, patch: MapPatch): Promise<boolean> {
    const resource = objectArn(bucket, key);
    const out = await objectStep({ action: 's3:GetObjectTagging', resource }, () =>
      client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key })),
    );
    const current = Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    const next = applyMapPatch(current, patch);
    if (sameMap(current, next)) return false;
    if (Object.keys(next).length > MAX_TAGS) {
      throw failure(
        'validation',
        `The object would have ${Object.keys(next).length} tags; S3 allows at most ${MAX_TAGS}. Its tags were left as they were.`,
        bucket,
        key,
      );
    }
    await objectStep({ action: 's3:PutObjectTagging', resource }, () =>
      client.send(
        new PutObjectTaggingCommand({
          Bucket: bucket,
          Key: key,
          Tagging: { TagSet: Object.entries(next).map(([Key, Value]) => ({ Key, Value })) },
        }),
      ),
    );
    return true;
  }
}
