/**
 * S3 lists keys in UTF-8 byte order, which is code point order. JavaScript compares UTF-16
 * code units, which agrees except that surrogates (code points above U+FFFF) sort before
 * U+E000–U+FFFF there and after them in UTF-8. Shifting the two ranges past each other at the
 * first differing unit gives the byte order without encoding either key.
 */
const unitRank = (unit: number): number => {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
};

/** Negative when `a` comes first in S3's order, positive when `b` does, 0 when equal. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return unitRank(x) - unitRank(y);
  }
  return a.length - b.length;
}
