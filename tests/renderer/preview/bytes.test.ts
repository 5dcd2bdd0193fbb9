import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, hexDump } from '../../../src/renderer/features/preview/bytes';

describe('the preview hex dump', () => {
  it('shows offset, sixteen bytes in two groups, and printable ASCII with dots for the rest', () => {
    const bytes = new Uint8Array([...Buffer.from('Hello, world!\n\0'), 0xff, 0x41]);
    expect(hexDump(bytes).split('\n')).toEqual([
      '00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 ff  |Hello, world!...|',
      '00000010  41                                                |A|',
    ]);
  });

  it('numbers lines from where the chunk sits in the object', () => {
    expect(hexDump(new Uint8Array([1]), 0x10000)).toMatch(/^00010000 {2}01 /);
  });

  it('never lets a control character through to the page', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const text = hexDump(all)
      .split('\n')
      .map((line) => line.slice(line.indexOf('|')))
      .join('');
    const unprintable = [...text].filter((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) >= 0x7f);
    expect(unprintable).toEqual([]);
  });

  it('turns base64 back into the same bytes and joins chunks', () => {
    const original = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    const decoded = fromBase64(original.toString('base64'));
    expect(Buffer.from(decoded)).toEqual(original);
    expect(Array.from(concatBytes(decoded.subarray(0, 2), decoded.subarray(7)))).toEqual([0, 1, 254, 255]);
  });
});
