import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIfSmall } from '../../../src/engine/transfers/read-small';

describe('readIfSmall', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-read-small-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('returns the bytes of a file up to the limit, and only the size above it', async () => {
    const small = randomBytes(4096);
    await writeFile(join(dir, 'small.bin'), small);
    await writeFile(join(dir, 'large.bin'), randomBytes(4097));
    await writeFile(join(dir, 'empty.bin'), '');

    const got = await readIfSmall(join(dir, 'small.bin'), 4096);
    expect(got.size).toBe(4096);
    expect(got.bytes?.equals(small)).toBe(true);
    expect(await readIfSmall(join(dir, 'large.bin'), 4096)).toEqual({ size: 4097 });
    const empty = await readIfSmall(join(dir, 'empty.bin'), 4096);
    expect(empty.size).toBe(0);
    expect(empty.bytes?.length).toBe(0);
  });

  it('fails plainly for a file that is gone', async () => {
    await expect(readIfSmall(join(dir, 'missing.bin'), 10)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
