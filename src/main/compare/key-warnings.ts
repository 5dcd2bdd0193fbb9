// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
const CONTROL = /[\u0000-\u001f\u007f]/;

/** What is odd about a key itself: it would be written somewhere else than it says, or not at all. */
export function keyWarning(key: string): string | undefined {
  if (CONTROL.test(key)) return 'The key holds control characters: it is never written to a local folder.';
  const segments = key.split('/');
  if (segments.some((s) => s === '.' || s === '..'))
    return 'The key has "." or ".." segments: a local folder would place it elsewhere, so it is left out there.';
  if (segments.slice(0, -1).some((s) => s === ''))
    return 'The key has an empty segment ("//"): a local folder cannot hold it as named.';
  return undefined;
}

const folded = (key: string): string => key.normalize('NFC').toLowerCase();

/** Look-alikes are named while this many one-sided keys have been seen; past it, "another key". */
const NAMED = 20_000;
const FIRST_SLOTS = 1 << 12;
/** The fingerprint table's ceiling: 2^22 slots of 8 bytes (32 MiB) hold about 3 million keys. */
const MAX_SLOTS = 1 << 22;

/** A 64-bit fingerprint of a string as two 32-bit halves (FNV-1a and a Murmur-style mix); never 0:0, the empty slot. */
function fingerprint(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, b >>> 0 || 1];
}

/** A key that looks like one seen earlier; `earlier` is named while the compare is small enough. */
export interface LookAlike {
  readonly earlier?: string;
}

/**
 * Keys on one side only that another key differs from only in case or Unicode normalisation:
 * on a local folder (macOS, Windows) the two are one file, so copying both would overwrite one
 * with the other. S3's order does not put look-alikes side by side ("Photos/…" and "photos/…"
 * have every key from "P" to "p" between them), so a window of recent keys would miss most:
 * every folded form is remembered instead, as an 8-byte fingerprint in a table that stops
 * growing at 32 MiB (about 3 million keys, then later keys are not checked). Only the first
 * 20,000 keys are remembered by name, to say which key a look-alike resembles. A key is
 * checked once (one-sided keys are unique across both sides), so any match is a look-alike;
 * a false one needs a 64-bit collision (about 1 in 4 million at 3 million keys).
 */
export class LookAlikes {
  readonly #named = new Map<string, string>();
  #high = new Uint32Array(FIRST_SLOTS);
  #low = new Uint32Array(FIRST_SLOTS);
  #count = 0;

  /** The earlier key this one looks like, if any. */
  check(key: string): LookAlike | undefined {
    const form = folded(key);
    const named = this.#named.get(form);
    if (named !== undefined) return named === key ? undefined : { earlier: named };
    const [high, low] = fingerprint(form);
    const at = this.#slot(high, low);
    if (this.#low[at] !== 0) return {};
    if (this.#named.size < NAMED) this.#named.set(form, key);
    if (this.#count < this.#high.length * 0.75 || this.#grow()) {
      const free = this.#slot(high, low);
      this.#high[free] = high;
      this.#low[free] = low;
      this.#count++;
    }
    return undefined;
  }

  /** Where the fingerprint is, or the empty slot it would go in (linear probing). */
  #slot(high: number, low: number): number {
    const mask = this.#high.length - 1;
    let at = (high ^ low) & mask;
    while (this.#low[at] !== 0 && (this.#high[at] !== high || this.#low[at] !== low)) at = (at + 1) & mask;
    return at;
  }

  /** Doubles the table; false at the ceiling, where keys are no longer remembered. */
  #grow(): boolean {
    if (this.#high.length >= MAX_SLOTS) return false;
    const [high, low] = [this.#high, this.#low];
    this.#high = new Uint32Array(high.length * 2);
    this.#low = new Uint32Array(low.length * 2);
    for (let i = 0; i < high.length; i++) {
      if (low[i] === 0) continue;
      const at = this.#slot(high[i] as number, low[i] as number);
      this.#high[at] = high[i] as number;
      this.#low[at] = low[i] as number;
    }
    return true;
  }
}
