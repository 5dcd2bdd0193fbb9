/**
 * A second line of defence for anything written to a log: masks strings shaped like AWS
 * access key IDs, secret keys, session tokens and IAM Identity Center tokens and client
 * secrets even if a bug tries to log them.
 */
const patterns: readonly RegExp[] = [
  /\b(?:AKIA|ASIA|AIDA|AROA|ANPA|ANVA|AGPA|ABIA|ACCA)[A-Z0-9]{12,}\b/g,
  // Identity Center client secrets are JWTs (three base64url parts); authorization codes and
  // device codes are long base64url runs.
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{60,}(?![A-Za-z0-9_-])/g,
  // Session tokens are long base64; secret keys are exactly 40 base64 characters.
  /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{100,}={0,2}(?![A-Za-z0-9+/=])/g,
  /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/g,
];

export function redact(text: string): string {
  return patterns.reduce((out, pattern) => out.replace(pattern, '[redacted]'), text);
}
