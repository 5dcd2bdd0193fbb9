/**
 * Session colours. The AWS Console lets a switched role carry one of five colours; people
 * already associate those with "which account am I in", so Crossbucket uses the same
 * palette, picked from the account ID so the same account always gets the same colour.
 */
export const consoleColors = [
  { name: 'Red', value: '#f2b0a9' },
  { name: 'Orange', value: '#fbbf93' },
  { name: 'Yellow', value: '#fad791' },
  { name: 'Green', value: '#b7ca9d' },
  { name: 'Blue', value: '#99bce3' },
] as const;

const neutral = '#c8ccd2';

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return h;
}

/** The user's choice for this source wins; otherwise a colour derived from the account. */
export function sessionColor(
  source: string,
  account: string | undefined,
  chosen: Readonly<Record<string, string>>,
): string {
  const picked = chosen[source];
  if (picked) return picked;
  if (!account) return neutral;
  return consoleColors[hash(account) % consoleColors.length]?.value ?? neutral;
}
