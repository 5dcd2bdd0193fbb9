import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEEP_RANGE, deepCheck } from '../../src/engine/deep-check';
import type { S3Clients } from '../../src/engine/transfers/task';

const noS3: S3Clients = {
  forBucket: () => Promise.reject(new Error('no S3 in this test')),
};
const SIZE = 2 * DEEP_RANGE + 100;
let dir: string;
const file = (name: string) => ({ kind: 'local' as const, path: join(dir, name) });
const check = (left: string, right: string) =>
  deepCheck(
    noS3,
    { checkId: 'd1', left: file(left), right: file(right), size: SIZE },
    new AbortController().signal,
  );

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crossbucket-deep-'));
  const bytes = Buffer.alloc(SIZE, 3);
  await writeFile(join(dir, 'a'), bytes);
  await writeFile(join(dir, 'b'), bytes);
  bytes[DEEP_RANGE + 5] = 4;
  await writeFile(join(dir, 'c'), bytes);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the engine’s deep check', () => {
  it('finds equal bytes the same and names the range where they first differ', async () => {
    expect(await check('a', 'b')).toEqual({ checkId: 'd1', status: 'same' });
    expect(await check('a', 'c')).toEqual({ checkId: 'd1', status: 'different', differsAt: DEEP_RANGE });
  });

  it('says it failed when a side cannot be read', async () => {
    expect(await check('a', 'gone')).toMatchObject({
      checkId: 'd1',
      status: 'failed',
      error: { message: expect.stringMatching(/ENOENT|gone/) },
    });
  });
});
