import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { SelectionCount } from '../../shared/ipc/contract';
import { objectArn } from './arns';
import { attempt } from './call-failure';
import type { S3ClientPool } from './client-pool';
import { mapConcurrent } from './map-concurrent';
import { expandSelection, type Selection } from './selection';

const HEAD_CONCURRENCY = 16;

/** How many objects and bytes a delete, copy or download would touch, for its confirmation. */
export class SelectionCounter {
  readonly #pool: S3ClientPool;

  constructor(pool: S3ClientPool) {
    this.#pool = pool;
  }

  async count(selection: Selection): Promise<SelectionCount> {
    const { sessionId, bucket } = selection;
    return this.#pool.withBucket(sessionId, bucket, async (client) => {
      let objects = 0;
      let bytes = 0;
      const unsized: string[] = [];
      for await (const item of expandSelection(client, selection)) {
        objects++;
        if (item.size === undefined) unsized.push(item.key);
        else bytes += item.size;
      }
      // Explicitly picked keys carry no size over IPC; ask S3 rather than trust the renderer.
      const sizes = await mapConcurrent(unsized, HEAD_CONCURRENCY, async (key) => {
        const head = await attempt({ action: 's3:GetObject', resource: objectArn(bucket, key) }, () =>
          client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
        );
        return head.ContentLength ?? 0;
      });
      return { objects, bytes: sizes.reduce((sum, size) => sum + size, bytes) };
    });
  }
}
