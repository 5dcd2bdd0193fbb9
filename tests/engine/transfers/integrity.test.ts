import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ByteRange } from '../../../src/engine/transfers/byte-ranges';
import {
  alignedRanges,
  etagCheck,
  holdsExactly,
  md5OfFile,
  multipartEtag,
  PartDigests,
  partLayout,
  storedAsSent,
} from '../../../src/engine/transfers/integrity';
import { md5OfRanges } from '../../../src/engine/transfers/md5-worker';

const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');
const parts = (sizes: readonly number[]): ByteRange[] => {
  let start = 0;
  return sizes.map((length, i) => {
    const range = { number: i + 1, start, end: start + length - 1, length };
    start += length;
    return range;
  });
};

describe('what an ETag lets a download check', () => {
  it('reads single-part and multipart ETags, and trusts none under KMS or a customer key', () => {
    expect(etagCheck({ etag: '"9E107D9D372BB6826BD81D3542A419D6"' })).toEqual({
      kind: 'md5',
      hex: '9e107d9d372bb6826bd81d3542a419d6',
    });
    expect(etagCheck({ etag: '"01e0c752bb2bf8c7280c1c3fa00ec883-3"' })).toEqual({
      kind: 'multipart',
      hex: '01e0c752bb2bf8c7280c1c3fa00ec883',
      parts: 3,
    });
    expect(
      etagCheck({ etag: '"9e107d9d372bb6826bd81d3542a419d6"', serverSideEncryption: 'aws:kms' }).kind,
    ).toBe('none');
    expect(
      etagCheck({ etag: '"9e107d9d372bb6826bd81d3542a419d6"', sseCustomerAlgorithm: 'AES256' }).kind,
    ).toBe('none');
    expect(etagCheck({ etag: '"abc"' }).kind).toBe('none');
    expect(etagCheck({}).kind).toBe('none');
  });

  it('computes the multipart ETag S3 gives (MD5 of the binary part MD5s, then the count)', () => {
    const a = Buffer.alloc(5 * 1024 * 1024, 1);
    const b = Buffer.alloc(1000, 2);
    const expected = `${createHash('md5')
      .update(Buffer.concat([createHash('md5').update(a).digest(), createHash('md5').update(b).digest()]))
      .digest('hex')}-2`;
    expect(multipartEtag([md5(a), md5(b)])).toBe(expected);
  });

  it('tells bytes stored as sent from altered ones, and proves ownership only with an MD5 ETag', () => {
    expect(storedAsSent(md5(Buffer.from('x')), { etag: `"${md5(Buffer.from('x'))}"` })).toBe(true);
    expect(storedAsSent(md5(Buffer.from('x')), { etag: `"${md5(Buffer.from('y'))}"` })).toBe(false);
    // Cannot tell: not a failure.
    expect(storedAsSent(md5(Buffer.from('x')), { etag: '"zz"', serverSideEncryption: 'aws:kms' })).toBe(true);
    // …but not a proof either.
    expect(holdsExactly(md5(Buffer.from('x')), { etag: '"zz"', serverSideEncryption: 'aws:kms' })).toBe(
      false,
    );
    expect(holdsExactly(md5(Buffer.from('x')), { etag: `"${md5(Buffer.from('x'))}"` })).toBe(true);
  });
});

describe('the part layout of a multipart object', () => {
  const server = (sizes: readonly number[]) => {
    const asked: number[] = [];
    return {
      asked,
      headPart: async (n: number) => {
        asked.push(n);
        return { size: sizes[n - 1], parts: sizes.length };
      },
    };
  };

  it('confirms equal parts with two lookups', async () => {
    const { asked, headPart } = server([8, 8, 8, 3]);
    expect(await partLayout(27, 4, headPart)).toEqual(parts([8, 8, 8, 3]));
    expect(asked).toEqual([1, 4]);
  });

  it('looks every part up when they differ, and gives up on a count that does not match', async () => {
    const { headPart } = server([10, 5, 12]);
    expect(await partLayout(27, 3, headPart)).toEqual(parts([10, 5, 12]));
    expect(await partLayout(27, 4, server([10, 5, 12]).headPart)).toBeUndefined();
    expect(await partLayout(30, 3, server([10, 5, 12]).headPart)).toBeUndefined();
  });
});

describe('download ranges aligned to parts', () => {
  it('groups small parts up to the part size and splits large ones', () => {
    const ranges = alignedRanges(33, 10, parts([5, 5, 5, 18]));
    expect(ranges.map((r) => [r.start, r.end])).toEqual([
      [0, 9],
      [10, 14],
      [15, 24],
      [25, 32],
    ]);
    // Every byte exactly once.
    expect(ranges.reduce((n, r) => n + r.length, 0)).toBe(33);
    expect(ranges.map((r) => r.number)).toEqual([1, 2, 3, 4]);
  });

  it('falls back to plain part-size ranges when the layout is unknown', () => {
    expect(alignedRanges(25, 10).map((r) => r.length)).toEqual([10, 10, 5]);
  });
});

describe('part digests', () => {
  const withFile = async (data: Uint8Array, run: (path: string) => Promise<void>): Promise<void> => {
    const dir = await mkdtemp(join(tmpdir(), 'digests-'));
    try {
      const path = join(dir, 'file');
      await writeFile(path, data);
      await run(path);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  const etagOf = (data: Uint8Array, layout: readonly ByteRange[]) =>
    multipartEtag(layout.map((p) => md5(data.subarray(p.start, p.end + 1))));
  const checkOf = (etag: string) => {
    const [hex, count] = etag.split('-');
    return { kind: 'multipart' as const, hex: hex!, parts: Number(count) };
  };

  it('hashes the parts of each range as it lands, the split parts at the end, and matches the ETag', async () => {
    const data = randomBytes(40_000);
    const layout = parts([8000, 8000, 8000, 16_000]);
    const etag = etagOf(data, layout);
    await withFile(data, async (path) => {
      const digests = new PartDigests(checkOf(etag), layout);
      for (const range of alignedRanges(data.length, 10_000, layout)) await digests.hashRange(path, range);
      expect(await digests.verifyFile(path)).toEqual({ ok: true, found: etag });
      // A flipped byte is found once the parts are hashed again.
      data[9000]! ^= 1;
      await writeFile(path, data);
      digests.forget();
      expect((await digests.verifyFile(path)).ok).toBe(false);
    });
  });

  it('does not keep a hash that was under way when the bytes were dropped', async () => {
    const before = randomBytes(100);
    const layout = parts([50, 50]);
    await withFile(before, async (path) => {
      const after = randomBytes(100);
      const digests = new PartDigests(checkOf(etagOf(after, layout)), layout);
      const late = digests.hashRange(path, { number: 1, start: 0, end: 99, length: 100 });
      digests.forget();
      await late;
      // The range is fetched again; only what is on disk now may count.
      await writeFile(path, after);
      expect(await digests.verifyFile(path)).toEqual({ ok: true, found: etagOf(after, layout) });
    });
  });

  it('hashes on a worker thread, says why when it cannot read the file, and keeps working', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 7);
    await withFile(data, async (path) => {
      await expect(md5OfRanges(`${path}.missing`, [{ start: 0, end: 9 }])).rejects.toThrow(/ENOENT/);
      const ranges = [
        { start: 0, end: data.length - 1 },
        { start: 5, end: 5 },
        { start: 1024 * 1024 - 1, end: 2 * 1024 * 1024 + 3 },
      ];
      expect(await md5OfFile(path)).toBe(md5(data));
      const empty = `${path}.empty`;
      await writeFile(empty, '');
      expect(await md5OfFile(empty)).toBe(md5(new Uint8Array()));
      const digests = await md5OfRanges(path, ranges);
      expect(digests.map((d) => d.toString('hex'))).toEqual(
        ranges.map((r) => md5(data.subarray(r.start, r.end + 1))),
      );
    });
  });
});
