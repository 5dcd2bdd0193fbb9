import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/main/compare/classify';
import { compareKeys } from '../../../src/main/compare/key-order';
import { keyWarning, LookAlikes } from '../../../src/main/compare/key-warnings';
import { walkLocal } from '../../../src/main/compare/local-source';
import { assertComparable } from '../../../src/main/compare/locations';
import { type Listed, mergeSorted, OutOfOrderError } from '../../../src/main/compare/merge';

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const tricky = [
  'a',
  'a-b',
  'a.b',
  'a/',
  'a/x',
  'a0',
  'B',
  'b',
  'é',
  'e\u0301',
  '\uffff',
  '😀',
  '\ue000',
  'z',
  '',
];

async function* listOf(keys: readonly string[], failAfter?: number): AsyncGenerator<Listed<number>> {
  let n = 0;
  for (const key of keys) {
    if (failAfter !== undefined && n++ >= failAfter) throw new Error('listing failed mid-way');
    yield { key, facts: 1 };
  }
}

const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe("S3's key order", () => {
  it('is UTF-8 byte order, including characters beyond U+FFFF that UTF-16 sorts differently', () => {
    const ours = [...tricky].sort(compareKeys);
    expect(ours).toEqual([...tricky].sort(byBytes));
    // JavaScript's own order puts the emoji before U+E000; S3 puts it after.
    expect([...tricky].sort()).not.toEqual(ours);
  });

  it('walks a local folder in the same order, a subfolder sorting as its name plus "/"', async () => {
    const root = await mkdtemp(join(tmpdir(), 'walk-'));
    try {
      for (const dir of ['a', 'a/deep']) await mkdir(join(root, dir), { recursive: true });
      for (const file of ['a-b', 'a.b', 'a0', 'a/x', 'a/deep/y', 'b', '😀', '\ue000'])
        await writeFile(join(root, file), file);
      const keys = (await collect(walkLocal(root, new AbortController().signal))).map((l) => l.key);
      expect(keys).toEqual([...keys].sort(byBytes));
      expect(keys).toEqual(['a-b', 'a.b', 'a/deep/y', 'a/x', 'a0', 'b', '\ue000', '😀']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('merging two sorted listings', () => {
  it('pairs equal keys and leaves the rest on their side', async () => {
    const pairs = await collect(mergeSorted(listOf(['a', 'c', 'd']), listOf(['b', 'c', 'e'])));
    expect(pairs.map((p) => [p.key, p.left !== undefined, p.right !== undefined])).toEqual([
      ['a', true, false],
      ['b', false, true],
      ['c', true, true],
      ['d', true, false],
      ['e', false, true],
    ]);
  });

  it('stops with the side named when a listing comes out of order', async () => {
    const failed = collect(mergeSorted(listOf(['a', 'c', 'b']), listOf([])));
    await expect(failed).rejects.toBeInstanceOf(OutOfOrderError);
    await expect(failed).rejects.toThrow(/left listing is not in S3's key order/);
  });

  it('passes on a failure of one side mid-way, after the rows before it', async () => {
    const seen: string[] = [];
    const run = async () => {
      for await (const p of mergeSorted(listOf(['a', 'b', 'c']), listOf(['a', 'b', 'c'], 2)))
        seen.push(p.key);
    };
    await expect(run()).rejects.toThrow('listing failed mid-way');
    expect(seen).toEqual(['a', 'b']);
  });
});

describe('deciding same or different from listings', () => {
  const plain = { left: { kms: false }, right: { kms: false } };
  it('content: size, then ETag; other part layouts and SSE-KMS are undecided', () => {
    expect(classify({ size: 1, etag: 'x' }, { size: 2, etag: 'x' }, 'content', plain)).toEqual({
      status: 'different',
      reasons: ['size'],
    });
    expect(classify({ size: 1, etag: 'x' }, { size: 1, etag: 'y' }, 'content', plain).reasons).toEqual([
      'etag',
    ]);
    expect(classify({ size: 1, etag: 'x-2' }, { size: 1, etag: 'y' }, 'content', plain)).toEqual({
      status: 'undecided',
      reasons: ['part-layout'],
    });
    expect(
      classify({ size: 1, etag: 'x' }, { size: 1, etag: 'x' }, 'content', { ...plain, right: { kms: true } }),
    ).toEqual({ status: 'undecided', reasons: ['kms'] });
    expect(classify({ size: 1 }, { size: 1, etag: 'x' }, 'content', plain).reasons).toEqual(['not-hashed']);
  });

  it('size and time: as aws s3 sync, strictly newer on the left (a local file by a fraction too), same-size older changes missed', () => {
    const at = (s: string) => ({ size: 3, lastModified: s, etag: s });
    expect(
      classify(at('2026-01-01T00:00:01.900Z'), at('2026-01-01T00:00:01.000Z'), 'size-and-time', plain)
        .reasons,
    ).toEqual(['last-modified']);
    expect(
      classify(at('2026-01-01T00:00:01.000Z'), at('2026-01-01T00:00:01.000Z'), 'size-and-time', plain).status,
    ).toBe('same');
    expect(
      classify(at('2026-01-01T00:00:02Z'), at('2026-01-01T00:00:01Z'), 'size-and-time', plain).reasons,
    ).toEqual(['last-modified']);
    expect(
      classify(at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:01Z'), 'size-and-time', plain).status,
    ).toBe('same');
    // Into a folder the CLI turns the time test round: a file newer than its object is fetched again.
    expect(
      classify(at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:01Z'), 'size-and-time', plain, 'folder')
        .reasons,
    ).toEqual(['last-modified']);
    expect(
      classify(at('2026-01-01T00:00:02Z'), at('2026-01-01T00:00:01Z'), 'size-and-time', plain, 'folder')
        .status,
    ).toBe('same');
  });
});

describe('bad keys and locations', () => {
  it('says what is wrong with control characters, dot segments and empty segments', () => {
    expect(keyWarning('a\u0007b')).toMatch(/control characters/);
    expect(keyWarning('a/../b')).toMatch(/"\." or "\.\." segments/);
    expect(keyWarning('a//b')).toMatch(/empty segment/);
    expect(keyWarning('a/b.txt')).toBeUndefined();
  });

  it('finds keys that differ only in case or normalisation', () => {
    const seen = new LookAlikes();
    expect(seen.check('Photos/é.jpg')).toBeUndefined();
    expect(seen.check('photos/e\u0301.jpg')).toEqual({ earlier: 'Photos/é.jpg' });
    expect(seen.check('photos/f.jpg')).toBeUndefined();
  });

  it('still finds look-alikes among hundreds of thousands of keys, naming the earlier one while it can', () => {
    const seen = new LookAlikes();
    let found = 0;
    for (let i = 0; i < 300_000; i++) if (seen.check(`data/Key-${i}`)) found++;
    expect(found).toBe(0);
    // Remembered by name (among the first keys) and by fingerprint only (past them).
    expect(seen.check('data/key-7')).toEqual({ earlier: 'data/Key-7' });
    expect(seen.check('data/KEY-299999')).toEqual({});
    expect(seen.check('data/other')).toBeUndefined();
  });

  it('refuses a target prefix inside the source prefix, and the same location twice', () => {
    const at = (prefix: string) => ({ kind: 's3' as const, sessionId: 's', bucket: 'b', prefix });
    expect(() => assertComparable(at('data/'), at('data/copy/'))).toThrow(
      /s3:\/\/b\/data\/copy\/ is inside s3:\/\/b\/data\/: comparing or syncing them would copy the copies/,
    );
    expect(() => assertComparable(at('data/'), at('data/'))).toThrow(/pick two different locations/);
    expect(() => assertComparable(at('data/'), at('datab/'))).not.toThrow();
  });
});
