/**
 * Reads the timestamps other AWS tools leave in files Crossbucket shares with them: the SSO
 * token cache's `expiresAt` and a credential_process's `Expiration`. botocore reads both with
 * `dateutil.parser.parse` and compares the result with an aware UTC "now", so every ISO 8601
 * spelling with a zone works there — `Z`, `UTC` (botocore's own JSON cache and CLI versions
 * before 2.1.14 wrote `2026-12-06T19:28:42UTC`), `+00:00`, `+0000`, fractional seconds, a space
 * instead of `T` — and a time without a zone fails (a naive datetime cannot be compared).
 * The RFC 1123 form (`Sun, 06 Dec 2026 19:28:42 GMT`) is read as well. Other free text that
 * dateutil happens to understand is refused: no AWS tool writes it.
 */

const ISO =
  /^(\d{4})-?(\d{2})-?(\d{2})[Tt ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?\s*(?:([Zz]|UTC|GMT)|([+-])(\d{2}):?(\d{2})?)$/;

const RFC1123 = /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Milliseconds since the epoch, or undefined when botocore would not read it as a zoned time. */
export function parseAwsTimestamp(text: string): number | undefined {
  const value = text.trim();
  const iso = ISO.exec(value);
  if (iso) {
    const [, year, month, day, hour, minute, second = '0', fraction = '', utc, sign, offH, offM = '00'] = iso;
    const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
    const local = Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute),
      Number(second),
      ms,
    );
    // Date.UTC rolls 2026-02-30 over into March; dateutil refuses it.
    const check = new Date(local);
    const fields = [check.getUTCMonth() + 1, check.getUTCDate(), check.getUTCHours(), check.getUTCMinutes()];
    if (fields.join() !== [month, day, hour, minute].map(Number).join()) return undefined;
    if (Number(second) > 59) return undefined;
    if (utc) return local;
    const offset = (Number(offH) * 60 + Number(offM)) * 60_000;
    return sign === '+' ? local - offset : local + offset;
  }
  if (RFC1123.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
