import { describe, expect, it } from 'vitest';
import { assertComparable } from '../../../src/main/compare/locations';

const at = (sessionId: string, prefix: string) => ({ kind: 's3' as const, sessionId, bucket: 'b', prefix });
const nested =
  /s3:\/\/b\/data\/copy\/ is inside s3:\/\/b\/data\/: comparing or syncing them would copy the copies/;

describe('a target prefix inside the source prefix (it would copy itself)', () => {
  it('is refused whichever side holds the other', () => {
    expect(() => assertComparable(at('s', 'data/'), at('s', 'data/copy/'))).toThrow(nested);
    expect(() => assertComparable(at('s', 'data/copy/'), at('s', 'data/'))).toThrow(nested);
  });

  it('is refused when two sessions (two accounts or roles) name the same bucket', () => {
    expect(() => assertComparable(at('alice', 'data/'), at('bob', 'data/copy/'))).toThrow(nested);
    expect(() => assertComparable(at('bob', 'data/copy/'), at('alice', 'data/'))).toThrow(nested);
    expect(() => assertComparable(at('alice', 'data/'), at('bob', 'data/'))).toThrow(
      /pick two different locations/,
    );
  });

  it('is refused against the whole bucket, and not for a sibling that only shares the name’s start', () => {
    expect(() => assertComparable(at('s', ''), at('t', 'data/'))).toThrow(/is inside s3:\/\/b\/:/);
    expect(() => assertComparable(at('s', 'data/'), at('t', 'data-copy/'))).not.toThrow();
    expect(() =>
      assertComparable(at('s', 'data/'), {
        kind: 's3',
        sessionId: 't',
        bucket: 'other',
        prefix: 'data/copy/',
      }),
    ).not.toThrow();
  });
});
