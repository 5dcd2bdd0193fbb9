import { describe, expect, it } from 'vitest';
import { innerKey, looksLikeText, sniff, wholeUtf8Length } from '../../../src/main/objects/preview/sniff';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('sniffing what an object holds', () => {
  it('recognises the raster images it draws by their magic bytes, whatever the name says', () => {
    expect(sniff(bytes(PNG, 'rest'), 'notes.txt', 'text/plain')).toEqual({
      kind: 'image',
      imageType: 'image/png',
    });
    expect(sniff(bytes([0xff, 0xd8, 0xff, 0xe0]), 'x', undefined)).toEqual({
      kind: 'image',
      imageType: 'image/jpeg',
    });
    expect(sniff(bytes('GIF89a...'), 'x.bin', undefined)).toEqual({ kind: 'image', imageType: 'image/gif' });
    expect(sniff(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'x', undefined)).toEqual({
      kind: 'image',
      imageType: 'image/webp',
    });
    // RIFF without WEBP is a WAV or AVI: not an image.
    expect(sniff(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt ', [0]), 'x', undefined).kind).toBe('binary');
  });

  it('treats HTML as text, even when its name and Content-Type claim an image', () => {
    const html = bytes('<!doctype html><script>alert(1)</script>');
    expect(sniff(html, 'logo.png', 'image/png')).toEqual({ kind: 'text', format: 'plain' });
    expect(sniff(html, 'index.html', 'text/html')).toEqual({ kind: 'text', format: 'html' });
  });

  it('calls a document SVG only when its root element is <svg>, after any prolog', () => {
    const svg =
      '<?xml version="1.0"?>\n<!-- made by hand -->\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg"/>';
    expect(sniff(bytes(svg), 'drawing.txt', 'text/plain')).toEqual({ kind: 'text', format: 'svg' });
    // Named .svg, but an HTML page: shown as markup text, never handed to <img> as SVG.
    expect(sniff(bytes('<html><svg></svg></html>'), 'drawing.svg', 'image/svg+xml')).toEqual({
      kind: 'text',
      format: 'xml',
    });
  });

  it('lays out text by extension first, then Content-Type', () => {
    expect(sniff(bytes('{"a":1}'), 'data.json', undefined)).toEqual({ kind: 'text', format: 'json' });
    expect(sniff(bytes('{"a":1}'), 'data', 'application/vnd.api+json')).toEqual({
      kind: 'text',
      format: 'json',
    });
    expect(sniff(bytes('a,b\n1,2\n'), 'x.CSV', undefined)).toEqual({ kind: 'text', format: 'csv' });
    expect(sniff(bytes('a\tb\n'), 'x', 'text/tab-separated-values; charset=utf-8')).toEqual({
      kind: 'text',
      format: 'tsv',
    });
    expect(sniff(bytes('# Title'), 'README.md', undefined)).toEqual({ kind: 'text', format: 'markdown' });
    expect(sniff(bytes('INFO started'), 'app.log', undefined)).toEqual({ kind: 'text', format: 'plain' });
  });

  it('recognises gzip and names the content by the key without .gz', () => {
    expect(sniff(bytes([0x1f, 0x8b, 0x08, 0x00]), 'logs/app.json.gz', undefined)).toEqual({ kind: 'gzip' });
    expect(innerKey('logs/app.json.gz')).toBe('logs/app.json');
    expect(innerKey('logs/app.GZIP')).toBe('logs/app');
  });

  it('calls NUL bytes, control bytes and invalid UTF-8 binary; a BOM and a cut character are fine', () => {
    expect(looksLikeText(bytes('abc', [0], 'def'))).toBe(false);
    expect(looksLikeText(bytes('abc', [0x07]))).toBe(false);
    expect(looksLikeText(bytes([0xc3, 0x28]))).toBe(false);
    expect(sniff(bytes([0xef, 0xbb, 0xbf], 'héllo'), 'x', undefined)).toEqual({
      kind: 'text',
      format: 'plain',
    });
    // "日" is e6 97 a5: a chunk that ends after e6 97 is still text.
    expect(looksLikeText(bytes('abc', [0xe6, 0x97]))).toBe(true);
    expect(looksLikeText(bytes('tab\tnewline\ncr\r'))).toBe(true);
  });

  it('cuts a chunk before a character split across chunks', () => {
    expect(wholeUtf8Length(bytes('ab', [0xe6, 0x97]))).toBe(2);
    expect(wholeUtf8Length(bytes('ab', [0xe6, 0x97, 0xa5]))).toBe(5);
    expect(wholeUtf8Length(bytes('ab', [0xf0, 0x9f, 0x98]))).toBe(2);
    expect(wholeUtf8Length(bytes('ab', [0xc3]))).toBe(2);
    expect(wholeUtf8Length(bytes('abc'))).toBe(3);
    expect(wholeUtf8Length(bytes())).toBe(0);
  });
});
