import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { DeepChecked, RangeSource } from '../shared/engine/protocol';
import { toAppError } from '../shared/errors/to-app-error';
import type { S3Clients } from './transfers/task';

/** Bytes hashed per range: a differing object is usually found in its first range or two. */
export const DEEP_RANGE = 8 * 1024 * 1024;

type ReadRange = (start: number, end: number) => Promise<Uint8Array>;

function reader(clients: S3Clients, source: RangeSource, signal: AbortSignal): ReadRange {
  if (source.kind === 'local') {
    const { path } = source;
    return async (start, end) => {
      const file = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(end - start + 1);
        const { bytesRead } = await file.read(buffer, 0, buffer.length, start);
        return buffer.subarray(0, bytesRead);
      } finally {
        await file.close();
      }
    };
  }
  const { place, key, expectedOwner } = source;
  return async (start, end) => {
    const client = await clients.forBucket(place.sessionId, place.bucket);
    const got = await client.send(
      new GetObjectCommand({
        Bucket: place.bucket,
        Key: key,
        Range: `bytes=${start}-${end}`,
        ExpectedBucketOwner: expectedOwner,
      }),
      { abortSignal: signal },
    );
    return got.Body ? got.Body.transformToByteArray() : new Uint8Array();
  };
}

const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Decides a row the listings could not: both sides are read range by range and each range's
 * SHA-256 compared, stopping at the first that differs. Runs in the engine, so main's event loop
 * neither waits for the bytes nor hashes them.
 */
export async function deepCheck(
  clients: S3Clients,
  check: {
    readonly checkId: string;
    readonly left: RangeSource;
    readonly right: RangeSource;
    readonly size: number;
  },
  signal: AbortSignal,
): Promise<DeepChecked> {
  const { checkId, size } = check;
  const readLeft = reader(clients, check.left, signal);
  const readRight = reader(clients, check.right, signal);
  try {
    for (let start = 0; start < size; start += DEEP_RANGE) {
      const end = Math.min(size, start + DEEP_RANGE) - 1;
      const [a, b] = await Promise.all([readLeft(start, end), readRight(start, end)]);
      if (a.length !== b.length || digest(a) !== digest(b))
        return { checkId, status: 'different', differsAt: start };
    }
    return { checkId, status: 'same' };
  } catch (err) {
    const s3 = [check.left, check.right].find((side) => side.kind === 's3');
    const resource = s3?.kind === 's3' ? `arn:aws:s3:::${s3.place.bucket}/${s3.key}` : undefined;
    return { checkId, status: 'failed', error: toAppError(err, { action: 's3:GetObject', resource }) };
  }
}
