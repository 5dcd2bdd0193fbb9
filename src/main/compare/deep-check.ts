import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import type { CompareLocation, CompareRow, DeepCheckResult } from '../../shared/models/compare';
import { objectArn } from '../s3/arns';
import type { S3ClientPool } from '../s3/client-pool';

/** Bytes hashed per range: a differing object is usually found in its first range or two. */
export const DEEP_RANGE = 8 * 1024 * 1024;

type ReadRange = (start: number, end: number) => Promise<Uint8Array>;

function reader(pool: S3ClientPool, location: CompareLocation, key: string): ReadRange {
  if (location.kind === 'local') {
    const path = join(location.path, key);
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
  const fullKey = location.prefix + key;
  return (start, end) =>
    pool.withBucket(location.sessionId, location.bucket, async (client) => {
      const got = await client.send(
        new GetObjectCommand({ Bucket: location.bucket, Key: fullKey, Range: `bytes=${start}-${end}` }),
      );
      return got.Body ? got.Body.transformToByteArray() : new Uint8Array();
    });
}

const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Decides a row the listings could not: both sides are read range by range and each range's
 * SHA-256 compared, stopping at the first that differs. The seam where the transfer engine
 * takes this over: one function of two locations and a key, returning a verdict.
 */
export async function deepCheck(
  pool: S3ClientPool,
  left: CompareLocation,
  right: CompareLocation,
  row: CompareRow,
): Promise<DeepCheckResult> {
  const { key } = row;
  if (!row.left || !row.right) return { key, status: 'different', differsAt: 0 };
  if (row.left.size !== row.right.size) return { key, status: 'different', differsAt: 0 };
  const size = row.left.size;
  const readLeft = reader(pool, left, key);
  const readRight = reader(pool, right, key);
  try {
    for (let start = 0; start < size; start += DEEP_RANGE) {
      const end = Math.min(size, start + DEEP_RANGE) - 1;
      const [a, b] = await Promise.all([readLeft(start, end), readRight(start, end)]);
      if (a.length !== b.length || digest(a) !== digest(b))
        return { key, status: 'different', differsAt: start };
    }
    return { key, status: 'same' };
  } catch (err) {
    const where = left.kind === 's3' ? objectArn(left.bucket, left.prefix + key) : undefined;
    return { key, status: 'failed', error: toAppError(err, { action: 's3:GetObject', resource: where }) };
  }
}
