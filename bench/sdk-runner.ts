/**
 * The "bare SDK" contender: the plainest fast AWS SDK v3 code for each workload, with high
 * concurrency and none of Crossbucket's bookkeeping (no conflict checks, resumability,
 * progress or temp files). It anchors the limit and the listing target.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { targetFromEnv, type Workload, workloadFromArgv } from './lib/workload';

const PART = 16 * 1024 * 1024;
const PART_CONCURRENCY = 16;
const FILE_CONCURRENCY = 64;

const target = targetFromEnv();
const client = new S3Client({
  region: 'us-east-1',
  endpoint: target.endpoint,
  forcePathStyle: true,
  credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
  requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: FILE_CONCURRENCY }) },
});

async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function keysUnder(bucket: string, prefix: string, delimiter?: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        Delimiter: delimiter,
        ContinuationToken: token,
      }),
    );
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) keys.push(p.Prefix);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

async function downloadRanged(bucket: string, key: string, path: string): Promise<void> {
  const size = (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength ?? 0;
  const handle = await open(path, 'w');
  try {
    const starts = Array.from({ length: Math.ceil(size / PART) }, (_, i) => i * PART);
    await pool(starts, PART_CONCURRENCY, async (start) => {
      const end = Math.min(size, start + PART) - 1;
      const out = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end}` }),
      );
      let position = start;
      for await (const chunk of out.Body as AsyncIterable<Buffer>) {
        await handle.write(chunk, 0, chunk.length, position);
        position += chunk.length;
      }
    });
  } finally {
    await handle.close();
  }
}

async function runWorkload(workload: Workload): Promise<void> {
  switch (workload.kind) {
    case 'upload-file':
      await new Upload({
        client,
        params: {
          Bucket: workload.bucket,
          Key: workload.prefix + basename(workload.file),
          Body: createReadStream(workload.file),
        },
        partSize: PART,
        queueSize: PART_CONCURRENCY,
      }).done();
      return;
    case 'upload-dir': {
      const names = await readdir(workload.dir);
      const base = `${workload.prefix}${basename(workload.dir)}/`;
      await pool(names, FILE_CONCURRENCY, async (name) => {
        const Body = await readFile(join(workload.dir, name));
        await client.send(new PutObjectCommand({ Bucket: workload.bucket, Key: base + name, Body }));
      });
      return;
    }
    case 'download-file':
      await downloadRanged(workload.bucket, workload.key, join(workload.dir, basename(workload.key)));
      return;
    case 'download-prefix': {
      const keys = await keysUnder(workload.bucket, workload.prefix);
      const parent = dirname(workload.prefix);
      await mkdir(join(workload.dir, basename(workload.prefix)), { recursive: true });
      await pool(keys, FILE_CONCURRENCY, async (key) => {
        const out = await client.send(new GetObjectCommand({ Bucket: workload.bucket, Key: key }));
        await pipeline(
          out.Body as Readable,
          createWriteStream(join(workload.dir, key.slice(parent.length + 1))),
        );
      });
      return;
    }
    case 'list':
      // Delimited like the app's folder view, so both ask the server for the same thing.
      process.stdout.write(`${(await keysUnder(workload.bucket, workload.prefix, '/')).length}\n`);
      return;
  }
}

await runWorkload(workloadFromArgv());
client.destroy();
