/**
 * What an object's bytes are, decided from the bytes themselves (magic numbers, UTF-8
 * validity), with the key's extension and S3's Content-Type only choosing how text is laid
 * out. A `.png` that holds HTML is text; an HTML page named `.txt` is text too.
 */
import type { PreviewImageType, TextFormat } from '../../../shared/models/objects';

export type Sniffed =
  | { readonly kind: 'image'; readonly imageType: PreviewImageType }
  | { readonly kind: 'gzip' }
  | { readonly kind: 'text'; readonly format: TextFormat }
  | { readonly kind: 'binary' };

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** The raster formats the preview draws; SVG is text and recognised below. */
export function rasterImageType(bytes: Uint8Array): PreviewImageType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return undefined;
}

export const isGzip = (bytes: Uint8Array): boolean => startsWith(bytes, [0x1f, 0x8b, 0x08]);

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * How many leading bytes form whole UTF-8 characters: a chunk cut mid-character leaves up
 * to three bytes for the next one.
 */
export function wholeUtf8Length(bytes: Uint8Array): number {
  const end = bytes.length;
  // Walk back over continuation bytes (10xxxxxx) to the last lead byte.
  let i = end - 1;
  while (i >= 0 && i > end - 4 && ((bytes[i] ?? 0) & 0xc0) === 0x80) i--;
  if (i < 0) return end;
  const lead = bytes[i] ?? 0;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return end - i < need ? i : end;
}

/** Control characters other than tab, newline, carriage return, form feed and escape mean binary. */
const isControl = (b: number): boolean =>
  (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) || b === 0x7f;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Valid UTF-8 without NUL or other control bytes: what `file` would call text. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const whole = bytes.subarray(0, wholeUtf8Length(bytes));
  for (const b of whole) if (isControl(b)) return false;
  try {
    strictUtf8.decode(whole);
    return true;
  } catch {
    return false;
  }
}

const extensionOf = (key: string): string => {
  const name = key.slice(key.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1);
};

/** The key a gzip object stands for: `logs/app.json.gz` holds `logs/app.json`. */
export const innerKey = (key: string): string => key.replace(/\.(gz|gzip)$/i, '');

const byExtension: Readonly<Record<string, TextFormat>> = {
  json: 'json',
  geojson: 'json',
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  xml: 'xml',
  svg: 'svg',
};

const byContentType = (contentType: string | undefined): TextFormat | undefined => {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'text/csv') return 'csv';
  if (type === 'text/tab-separated-values') return 'tsv';
  if (type === 'text/markdown') return 'markdown';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'image/svg+xml') return 'svg';
  if (type === 'application/xml' || type === 'text/xml') return 'xml';
  return undefined;
};

/** An SVG root element after the prolog (XML declaration, comments, doctype), at the start. */
const SVG_ROOT = /^(?:\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*<svg[\s>]/i;

/** How text is laid out; SVG is recognised from its root element whatever the name says. */
export function textFormat(text: string, key: string, contentType?: string): TextFormat {
  if (SVG_ROOT.test(text.slice(0, 4096))) return 'svg';
  const declared = byExtension[extensionOf(key)] ?? byContentType(contentType);
  // A name or type that says SVG over bytes that are not an SVG: show the bytes as they are.
  return declared === 'svg' ? 'xml' : (declared ?? 'plain');
}

/** Sniffs the first bytes of an object (or of its decompressed content). */
export function sniff(bytes: Uint8Array, key: string, contentType?: string): Sniffed {
  const imageType = rasterImageType(bytes);
  if (imageType) return { kind: 'image', imageType };
  if (isGzip(bytes)) return { kind: 'gzip' };
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
  if (!looksLikeText(body)) return { kind: 'binary' };
  const head = new TextDecoder().decode(body.subarray(0, wholeUtf8Length(body.subarray(0, 4096))));
  return { kind: 'text', format: textFormat(head, key, contentType) };
}
