import { randomFillSync } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Server } from './server';

const CHUNK = 16 * 1024 * 1024;
const SEED_CONCURRENCY = 64;

/** Random bytes, so no client or server can win by compressing or deduplicating. */
export async function writeRandomFile(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'w');
  const buffer = Buffer.allocUnsafe(CHUNK);
  try {
    for (let done = 0; done < bytes; done += CHUNK) {
      const length = Math.min(CHUNK, bytes - done);
      randomFillSync(buffer, 0, length);
      await handle.write(buffer, 0, length, done);
    }
  } finally {
    await handle.close();
  }
}

export async function writeSmallFiles(dir: string, count: number, bytes: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const width = String(count).length;
  for (let i = 0; i < count; i++)
    await writeFile(
      join(dir, `f${String(i).padStart(width, '0')}.bin`),
      randomFillSync(Buffer.allocUnsafe(bytes)),
    );
}

async function pool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(SEED_CONCURRENCY, items.length) }, worker));
}

/** Set-up and clean-up between runs, done in the orchestrator and never timed. */
export class Seeder {
  readonly #client: S3Client;

  constructor(server: Server) {
    this.#client = new S3Client({
      region: 'us-east-1',
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      requestHandler: {
        httpAgent: new Agent({ keepAlive: true, maxSockets: SEED_CONCURRENCY }),
        httpsAgent: new HttpsAgent({
          keepAlive: true,
          maxSockets: SEED_CONCURRENCY,
          ...(server.caFile && { ca: readFileSync(server.caFile) }),
        }),
      },
    });
  }

  async createBucket(bucket: string): Promise<void> {
    await this.#client.send(new CreateBucketCommand({ Bucket: bucket }));
  }

  async putFile(bucket: string, key: string, path: string): Promise<void> {
    await new Upload({
      client: this.#client,
      params: { Bucket: bucket, Key: key, Body: createReadStream(path) },
      partSize: CHUNK,
      queueSize: 8,
    }).done();
  }

  async putMany(bucket: string, keys: readonly string[], body: (key: string) => Buffer): Promise<void> {
    await pool(keys, async (key) => {
      await this.#client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body(key) }));
    });
  }

  async deletePrefix(bucket: string, prefix: string): Promise<void> {
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      const objects = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (objects.length > 0)
        await this.#client.send(
          new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
        );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  destroy(): void {
    this.#client.destroy();
  }
}
