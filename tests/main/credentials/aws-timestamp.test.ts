import { describe, expect, it } from 'vitest';
import { parseAwsTimestamp } from '../../../src/main/credentials/aws-timestamp';

describe('parseAwsTimestamp', () => {
  it('reads zoned ISO times and RFC 1123 as one instant', () => {
    const instant = Date.UTC(2026, 11, 6, 19, 28, 42);
    for (const text of [
      '2026-12-06T19:28:42Z',
      '2026-12-06T19:28:42UTC',
      '2026-12-06T19:28:42+00:00',
      '2026-12-06T14:28:42-05:00',
      '2026-12-06T21:28:42+0200',
      '20261206T192842Z',
      'Sun, 06 Dec 2026 19:28:42 GMT',
    ]) {
      expect(parseAwsTimestamp(text), text).toBe(instant);
    }
    expect(parseAwsTimestamp('2026-12-06T19:28:42.25Z')).toBe(instant + 250);
  });

  it('refuses what botocore cannot use: no zone, impossible dates, free text', () => {
    for (const text of ['2026-12-06T19:28:42', '2026-02-30T00:00:00Z', '2026-12-06T24:00:00Z', 'soon', '']) {
      expect(parseAwsTimestamp(text), text).toBeUndefined();
    }
  });
});
