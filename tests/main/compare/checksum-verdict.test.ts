import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byChecksum, readHead } from '../../../src/main/compare/checksum-verdict';
import { checksumOfFile } from '../../../src/main/compare/local-checksum';

/**
 * HEAD answers (checksum mode) as recorded: moto 5.2.1 for 6 MiB of "x" (one PUT, and in parts of
 * 5 + 1 MiB and 5.5 + 0.5 MiB without a checksum type), moto for a full-object multipart upload of 6
 * MiB of "y" and its single PUT; AWS's documented forms for the rest (a composite value ends in `-N`,
 * and HEAD names the type).
 */
const moto = {
  single: readHead({ algorithm: 'CRC32', value: 'JC/+Kw==', etag: '3349dc700140d7f86a078484278075a9' }),
  parts5: readHead({ algorithm: 'CRC32', value: 'XwnwMQ==', etag: '7d368e72ecdd3ff1d9b28f29481a125f-2' }),
  parts55: readHead({ algorithm: 'CRC32', value: 'O2JeHg==', etag: '29295f3af40e6947c96cd95725ed1899-2' }),
  fullParts: readHead({ algorithm: 'CRC32', value: 'Vi0RIg==', type: 'FULL_OBJECT', etag: 'a-2' }),
  fullSingle: readHead({ algorithm: 'CRC32', value: 'Vi0RIg==', etag: '8efda8be206636a695359836fe0a0e0a' }),
};
const aws = {
  composite3: readHead({ algorithm: 'CRC32C', value: 'AAAAAA==-3', type: 'COMPOSITE', etag: 'e-3' }),
  composite3b: readHead({ algorithm: 'CRC32C', value: 'AAAAAQ==-3', type: 'COMPOSITE', etag: 'f-3' }),
  crc64: readHead({ algorithm: 'CRC64NVME', value: 'rosUhgp5mIg=', type: 'FULL_OBJECT', etag: 'g-40' }),
  crc64b: readHead({ algorithm: 'CRC64NVME', value: 'rosUhgp5mIg=', type: 'FULL_OBJECT', etag: 'h' }),
};

describe('reading a HEAD answer', () => {
  it('takes one PUT’s checksum as of every byte, and a multipart one without a type as composite', () => {
    expect(moto.single).toEqual({ algorithm: 'CRC32', value: 'JC/+Kw==', type: 'FULL_OBJECT' });
    expect(moto.parts5).toEqual({ algorithm: 'CRC32', value: 'XwnwMQ==', type: 'COMPOSITE', parts: 2 });
    expect(moto.fullParts).toMatchObject({ type: 'FULL_OBJECT', parts: 2 });
  });

  it('strips AWS’s part count from a composite value', () => {
    expect(aws.composite3).toEqual({ algorithm: 'CRC32C', value: 'AAAAAA==', type: 'COMPOSITE', parts: 3 });
    expect(readHead({ algorithm: 'SHA256', value: 'abc=-4' })).toMatchObject({ type: 'COMPOSITE', parts: 4 });
  });
});

describe('deciding by checksums', () => {
  it('decides full-object checksums of one algorithm whatever the upload’s parts', () => {
    expect(byChecksum(moto.fullSingle, moto.fullParts)).toEqual({
      status: 'same',
      reasons: ['checksum'],
      checksum: 'CRC32',
    });
    expect(byChecksum(moto.single, moto.fullParts)).toMatchObject({
      status: 'different',
      reasons: ['checksum'],
    });
    expect(byChecksum(aws.crc64, aws.crc64b)).toMatchObject({ status: 'same', checksum: 'CRC64NVME' });
  });

  it('never compares a composite checksum with a full-object one, nor two algorithms', () => {
    // The same bytes: moto's composite CRC32 differs from the single PUT's, so it must not decide.
    expect(byChecksum(moto.single, moto.parts5)).toEqual({
      status: 'undecided',
      reasons: ['checksum-layout'],
    });
    expect(byChecksum(moto.single, aws.crc64)).toEqual({
      status: 'undecided',
      reasons: ['checksum-algorithm'],
    });
  });

  it('compares composite checksums only once equal part sizes are known', () => {
    expect(byChecksum(moto.parts5, moto.parts55)).toBe('layouts');
    expect(byChecksum(moto.parts5, moto.parts55, false)).toEqual({
      status: 'undecided',
      reasons: ['checksum-layout'],
    });
    expect(byChecksum(aws.composite3, aws.composite3b, true)).toMatchObject({
      status: 'different',
      checksum: 'CRC32C',
    });
    // Other part counts: no layout can match, so nothing more is asked.
    expect(byChecksum(moto.parts5, aws.composite3)).toMatchObject({ status: 'undecided' });
    expect(byChecksum(moto.parts5, { ...moto.parts55, parts: 3 })).toEqual({
      status: 'undecided',
      reasons: ['checksum-layout'],
    });
  });
});

describe('a local file’s checksum', () => {
  it('is what S3 keeps of the same bytes (the standard check values of "123456789")', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crossbucket-crc-'));
    try {
      const path = join(dir, 'check');
      await writeFile(path, '123456789');
      const hex = async (algorithm: Parameters<typeof checksumOfFile>[1]) =>
        Buffer.from(await checksumOfFile(path, algorithm), 'base64').toString('hex');
      expect(await hex('CRC32')).toBe('cbf43926');
      expect(await hex('CRC32C')).toBe('e3069283');
      expect(await hex('CRC64NVME')).toBe('ae8b14860a799888');
      expect(await hex('SHA256')).toBe('15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225');
      await writeFile(path, Buffer.alloc(6 * 1024 * 1024, 'x'));
      expect(await checksumOfFile(path, 'CRC32')).toBe(moto.single.value);
      await expect(checksumOfFile(join(dir, 'gone'), 'CRC32')).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
