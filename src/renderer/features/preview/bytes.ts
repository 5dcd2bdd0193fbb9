/** Object bytes arrive as base64 (see PreviewChunk); these turn them back into bytes and text. */

export function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const BYTES_PER_LINE = 16;

/**
 * The classic dump: offset, sixteen bytes in hex, then the printable ASCII ones
 * (anything else as a dot, so no control character reaches the page).
 */
export function hexDump(bytes: Uint8Array, startOffset = 0): string {
  const width = Math.max(8, (startOffset + bytes.length).toString(16).length);
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += BYTES_PER_LINE) {
    const row = bytes.subarray(at, at + BYTES_PER_LINE);
    let hex = '';
    let text = '';
    for (let i = 0; i < BYTES_PER_LINE; i++) {
      const b = row[i];
      hex += b === undefined ? '   ' : `${HEX[b]} `;
      if (i === 7) hex += ' ';
      if (b !== undefined) text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    lines.push(`${(startOffset + at).toString(16).padStart(width, '0')}  ${hex} |${text}|`);
  }
  return lines.join('\n');
}
