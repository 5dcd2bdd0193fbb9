import { describe, expect, it } from 'vitest';
import { exactWhenRounded, formatExactBytes } from '../../../src/renderer/components/format';

describe('sizes', () => {
  it('counts one byte in the singular', () => {
    expect(formatExactBytes(1)).toBe('1 byte');
    expect(formatExactBytes(0)).toBe('0 bytes');
    expect(formatExactBytes(2)).toBe('2 bytes');
  });

  it('adds the exact count only where the short form rounds ("1 B (1 bytes)" said nothing new)', () => {
    expect(exactWhenRounded(1)).toBeUndefined();
    expect(exactWhenRounded(1023)).toBeUndefined();
    expect(exactWhenRounded(7 * 1024 * 1024 + 3)).toBe(formatExactBytes(7 * 1024 * 1024 + 3));
  });
});
