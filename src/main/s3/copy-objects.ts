import {
  CopyObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { fail } from '../../shared/errors/app-error';
import { toAppError } from '../../shared/errors/to-app-error';
import type { CopySummary } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/models/errors';
import { copySource } from '../../shared/s3/copy-source';
import { objectArn } from './arns';
import { attempt } from './call-failure';
import type { S3ClientPool } from './client-pool';
import { deleteKeys } from './delete-objects';
import { mapConcurrent } from './map-concurrent';
import { multipartCopy } from './multipart-copy';
import { expandSelection, type SelectedObject, type Selection } from './selection';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const MAX_KEY_BYTES = 1024;
const COPY_CONCURRENCY = 8;

export interface CopyRequest extends Selection {
  readonly targetBucket: string;
  readonly targetPrefix: string;
  readonly move: boolean;
  /** Renames the single picked object or folder. */
  readonly newName?: string;
}

export interface CopyOptions {
  /** CopyObject's own limit is 5 GiB; larger objects are copied in parts. */
  readonly multipartThreshold?: number;
  readonly partSize?: number;
}

interface PlannedCopy {
  readonly key: string;
  readonly size?: number;
  readonly target: string;
}

type Failure = { readonly key: string; readonly error: AppError };

/** Server-side copy and move within one session: rename is a move to a new name. */
export class CopyService {
  readonly #pool: S3ClientPool;
  readonly #threshold: number;
  readonly #partSize: number;

  constructor(pool: S3ClientPool, options: CopyOptions = {}) {
    this.#pool = pool;
    this.#threshold = options.multipartThreshold ?? 5 * GiB;
    this.#partSize = options.partSize ?? 512 * MiB;
  }

  async copy(request: CopyRequest): Promise<CopySummary> {
    const { sessionId, bucket, targetBucket, move } = request;
    const plan = await this.#plan(request);
    if (targetBucket === bucket && plan.some((item) => item.target === item.key)) {
      fail('conflict', 'The selection would be copied onto itself; pick another folder or name.', {
        details: { bucket, targetPrefix: request.targetPrefix },
      });
    }
    if (request.newName !== undefined && request.prefixes.length === 1) await this.#refuseMerge(request);
    else if (request.newName !== undefined && plan.length === 1)
      await this.#refuseOverwrite(request, plan[0]!);

    const results = await mapConcurrent(plan, COPY_CONCURRENCY, (item) => this.#copyOne(request, item));
    const failed: Failure[] = results.filter((r): r is Failure => r !== null);
    const copied = plan.length - failed.length;
    if (!move) return { copied, failed };

    // Only sources whose copy succeeded are deleted: a failed copy must not lose data.
    const failedKeys = new Set(failed.map((f) => f.key));
    const done = plan.filter((item) => !failedKeys.has(item.key)).map((item) => item.key);
    const removal = await this.#pool.withBucket(sessionId, bucket, (client) =>
      deleteKeys(client, bucket, done),
    );
    return { copied, failed: [...failed, ...removal.failed] };
  }

  /**
   * Lists every source before the first copy, so copying a folder into itself cannot pick
   * up its own copies and so the self-copy check covers the whole selection.
   */
  async #plan(request: CopyRequest): Promise<readonly PlannedCopy[]> {
    const { sessionId, bucket, newName } = request;
    if (newName !== undefined && request.keys.length + request.prefixes.length !== 1) {
      fail('validation', 'Only a single object or folder can be renamed at a time.');
    }
    const renamedFolder = newName !== undefined && request.prefixes.length === 1;
    return this.#pool.withBucket(sessionId, bucket, async (client) => {
      const plan: PlannedCopy[] = [];
      for await (const item of expandSelection(client, request)) {
        plan.push({
          key: item.key,
          size: item.size,
          target: request.targetPrefix + this.#targetName(request, item, renamedFolder),
        });
      }
      return plan;
    });
  }

  #targetName(request: CopyRequest, item: SelectedObject, renamedFolder: boolean): string {
    const { newName } = request;
    if (newName === undefined) return item.relative;
    if (!renamedFolder) return newName;
    const folder = request.prefixes[0] ?? '';
    return `${newName.endsWith('/') ? newName : `${newName}/`}${item.key.slice(folder.length)}`;
  }

  /** Renaming a folder onto one that holds keys would mix the two and replace same-named objects. */
  async #refuseMerge(request: CopyRequest): Promise<void> {
    const { sessionId, targetBucket, targetPrefix, newName = '' } = request;
    const folder = targetPrefix + (newName.endsWith('/') ? newName : `${newName}/`);
    const listed = await this.#pool.withBucket(sessionId, targetBucket, (client) =>
      client.send(new ListObjectsV2Command({ Bucket: targetBucket, Prefix: folder, MaxKeys: 1 })),
    );
    if ((listed.KeyCount ?? 0) > 0)
      fail('conflict', 'A folder with that name already exists.', { details: { key: folder } });
  }

  /** A rename that lands on an existing object would silently replace it. */
  async #refuseOverwrite(request: CopyRequest, item: PlannedCopy): Promise<void> {
    const { sessionId, targetBucket } = request;
    const exists = await this.#pool.withBucket(sessionId, targetBucket, (client) =>
      client.send(new HeadObjectCommand({ Bucket: targetBucket, Key: item.target })).then(
        () => true,
        (err: unknown) => {
          if (toAppError(err).code === 'no-such-key') return false;
          throw err;
        },
      ),
    );
    if (exists)
      fail('conflict', 'An object with that name already exists.', { details: { key: item.target } });
  }

  async #copyOne(request: CopyRequest, item: PlannedCopy): Promise<Failure | null> {
    const { sessionId, bucket, targetBucket } = request;
    if (Buffer.byteLength(item.target, 'utf8') > MAX_KEY_BYTES) {
      return {
        key: item.key,
        error: { code: 'validation', message: 'The new key would be longer than the 1,024 bytes S3 allows.' },
      };
    }
    try {
      // Picked keys come without a size; the head also supplies a large object's headers.
      const head = item.size === undefined ? await this.#headSource(sessionId, bucket, item.key) : undefined;
      const size = item.size ?? head?.ContentLength ?? 0;
      await this.#pool.withBucket(sessionId, targetBucket, async (client) => {
        if (size <= this.#threshold) {
          await client.send(
            new CopyObjectCommand({
              Bucket: targetBucket,
              Key: item.target,
              CopySource: copySource(bucket, item.key),
            }),
          );
          return;
        }
        const source = head ?? (await this.#headSource(sessionId, bucket, item.key));
        await multipartCopy(client, {
          sourceBucket: bucket,
          sourceKey: item.key,
          source,
          targetBucket,
          targetKey: item.target,
          partSize: this.#partSize,
        });
      });
      return null;
    } catch (err) {
      // A copy needs s3:GetObject on the source and s3:PutObject on the target; S3 does not
      // say which one was refused, so the error names the target and carries the source.
      const error = toAppError(err, {
        action: 's3:PutObject',
        resource: objectArn(targetBucket, item.target),
      });
      return {
        key: item.key,
        error: { ...error, details: { ...error.details, source: objectArn(bucket, item.key) } },
      };
    }
  }

  #headSource(sessionId: string, bucket: string, key: string): Promise<HeadObjectCommandOutput> {
    return this.#pool.withBucket(sessionId, bucket, (client) =>
      attempt({ action: 's3:GetObject', resource: objectArn(bucket, key) }, () =>
        client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
      ),
    );
  }
}
