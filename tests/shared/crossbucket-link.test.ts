import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatBookmarkLink,
  formatLocationLink,
  linkInArgs,
  parseCrossbucketLink,
} from '../../src/shared/links/crossbucket-link';
import { formatS3Uri } from '../../src/shared/s3-address/format';

describe('crossbucket:// links', () => {
  it('reads a bookmark link and a location link', () => {
    expect(parseCrossbucketLink('crossbucket://bookmark/Q1%20reports')).toEqual({
      ok: true,
      action: { kind: 'bookmark', name: 'Q1 reports' },
    });
    expect(
      parseCrossbucketLink(
        'crossbucket://open?profile=deploy&address=https%3A%2F%2Fprod-222-data.s3.amazonaws.com%2Freports%2F',
      ),
    ).toEqual({
      ok: true,
      action: { kind: 'location', profile: 'deploy', address: { bucket: 'prod-222-data', key: 'reports/' } },
    });
  });

  it.each([
    ['https://example.com/', /not a crossbucket:\/\/ link/],
    ['crossbucket://bookmark/', /names no bookmark/],
    ['crossbucket://bookmark/%E0%A4%A', /names no bookmark/],
    ['crossbucket://open?address=s3%3A%2F%2Fb%2Fk', /no usable profile/],
    ['crossbucket://open?profile=deploy', /names no bucket/],
    ['crossbucket://open?profile=deploy&address=https%3A%2F%2Fexample.com%2Fx', /not an S3 endpoint/],
    ['crossbucket://delete?address=s3%3A%2F%2Fb%2Fk', /open a bookmark or a location, not “delete”/],
    ['a 5,000-character link', /too long/],
  ])('refuses %s', (text, reason) => {
    const url = text === 'a 5,000-character link' ? `crossbucket://bookmark/${'x'.repeat(5000)}` : text;
    const parsed = parseCrossbucketLink(url);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(reason);
  });

  it('finds the link among process arguments', () => {
    expect(linkInArgs(['/opt/Crossbucket/crossbucket', '--no-sandbox', 'crossbucket://bookmark/x'])).toBe(
      'crossbucket://bookmark/x',
    );
    expect(linkInArgs(['/opt/Crossbucket/crossbucket'])).toBeUndefined();
  });

  it('reads back every link it writes', () => {
    const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((n) => n.trim() !== '');
    fc.assert(
      fc.property(name, (n) => {
        expect(parseCrossbucketLink(formatBookmarkLink(n))).toEqual({
          ok: true,
          action: { kind: 'bookmark', name: n },
        });
      }),
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^[\w.:@-]{1,30}$/),
        fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,29}[a-z0-9]$/),
        fc.string({ unit: 'grapheme', maxLength: 40 }).filter((k) => !/[\r\n]$/.test(k)),
        (profile, bucket, key) => {
          expect(parseCrossbucketLink(formatLocationLink(profile, formatS3Uri({ bucket, key })))).toEqual({
            ok: true,
            action: { kind: 'location', profile, address: { bucket, key } },
          });
        },
      ),
    );
  });
});
