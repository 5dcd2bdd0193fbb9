import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { fail } from '../../shared/errors/app-error';
import { bucketArn, objectArn } from './arns';
import { attempt } from './call-failure';
import type { S3ClientPool } from './client-pool';

const MAX_KEY_BYTES = 1024;

export interface CreateFolderRequest {
  readonly sessionId: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly name: string;
}

/** S3 has no folders: the console's convention is a zero-byte object whose key ends in '/'. */
export class FolderService {
  readonly #pool: S3ClientPool;

  constructor(pool: S3ClientPool) {
    this.#pool = pool;
  }

  async create({ sessionId, bucket, prefix, name }: CreateFolderRequest): Promise<{ readonly key: string }> {
    if (name.length === 0 || name.startsWith('/') || name.endsWith('/')) {
      fail('validation', 'A folder name must not be empty or start or end with "/".');
    }
    const key = `${prefix}${name}/`;
    if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
      fail('validation', 'The folder path would be longer than the 1,024 bytes S3 allows for a key.');
    }
    return this.#pool.withBucket(sessionId, bucket, async (client) => {
      // A folder "exists" as soon as any key starts with it, placeholder or not.
      const existing = await attempt({ action: 's3:ListBucket', resource: bucketArn(bucket) }, () =>
        client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 })),
      );
      if ((existing.KeyCount ?? existing.Contents?.length ?? 0) > 0) {
        fail('conflict', `A folder named "${name}" already exists here.`, { details: { key } });
      }
      await attempt({ action: 's3:PutObject', resource: objectArn(bucket, key) }, () =>
        client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '', ContentLength: 0 })),
      );
      return { key };
    });
  }
}
