/** Past this many one-sided keys the look-alike check stops, so memory stays bounded. */
const MAX_REMEMBERED = 200_000;

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

/**
 * Keys on one side only that another key differs from only in case or Unicode normalisation:
 * on a local folder (macOS, Windows) the two are one file, so copying both would overwrite one
 * with the other. Remembers the keys it has seen, up to a bound.
 */
export class LookAlikes {
  readonly #seen = new Map<string, string>();

  /** The earlier key this one looks like, if any. */
  check(key: string): string | undefined {
    const form = folded(key);
    const earlier = this.#seen.get(form);
    if (earlier !== undefined && earlier !== key) return earlier;
    if (this.#seen.size < MAX_REMEMBERED) this.#seen.set(form, key);
    return undefined;
  }
}
