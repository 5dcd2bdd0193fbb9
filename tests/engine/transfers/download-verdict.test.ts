// The rule for what a finished download is (issue 25), over facts alone: every way a pass can end,
// against AWS and behind a custom endpoint.
import { describe, expect, it } from 'vitest';
import {
  type EndpointKind,
  judgePass,
  MAX_PASSES,
  type PassFacts,
} from '../../../src/engine/transfers/download-verdict';
import { etagCheck } from '../../../src/engine/transfers/integrity';

const MD5 = '9e107d9d372bb6826bd81d3542a419d6';
const WRONG = '0123456789abcdef0123456789abcdef';
const OTHER = 'fedcba9876543210fedcba9876543210';
const single = etagCheck({ etag: `"${MD5}"` });
const multi = etagCheck({ etag: `"${MD5}-3"` });

const facts = (over: Partial<PassFacts>): PassFacts => ({ check: single, pass: 1, endpoint: 'aws', ...over });
const endpoints: readonly EndpointKind[] = ['aws', 'custom'];

describe('judgePass', () => {
  it('verifies bytes that hash to the single-part or multipart ETag, on any endpoint', () => {
    for (const endpoint of endpoints) {
      expect(judgePass(facts({ endpoint, verdict: { ok: true, found: MD5 } }))).toEqual({
        kind: 'keep',
        verification: { state: 'verified', by: 'md5' },
      });
      expect(judgePass(facts({ endpoint, check: multi, verdict: { ok: true, found: `${MD5}-3` } }))).toEqual({
        kind: 'keep',
        verification: { state: 'verified', by: 'multipart-etag' },
      });
    }
  });

  it('keeps what cannot be checked as not verified, with the reason, never as verified', () => {
    const cases = [
      [{ etag: `"${MD5}"`, serverSideEncryption: 'aws:kms' }, 'kms'],
      [{ etag: `"${MD5}"`, serverSideEncryption: 'aws:kms:dsse' }, 'kms'],
      [{ etag: `"${MD5}"`, sseCustomerAlgorithm: 'AES256' }, 'sse-c'],
      [{ etag: '"not-an-md5"' }, 'etag-not-md5'],
      [{}, 'no-etag'],
    ] as const;
    for (const endpoint of endpoints)
      for (const [object, reason] of cases)
        expect(judgePass(facts({ endpoint, check: etagCheck(object) }))).toEqual({
          kind: 'keep',
          verification: { state: 'not-verified', reason },
        });
    // A multipart ETag whose part layout the server would not tell: nothing to hash against.
    expect(judgePass(facts({ check: multi }))).toEqual({
      kind: 'keep',
      verification: { state: 'not-verified', reason: 'layout-unknown' },
    });
  });

  it('fetches a first mismatch again, and different mismatches until the last pass, which fails', () => {
    for (const endpoint of endpoints) {
      expect(judgePass(facts({ endpoint, verdict: { ok: false, found: WRONG } }))).toEqual({ kind: 'again' });
      expect(
        judgePass(facts({ endpoint, pass: 2, previous: WRONG, verdict: { ok: false, found: OTHER } })),
      ).toEqual({ kind: 'again' });
      expect(
        judgePass(
          facts({ endpoint, pass: MAX_PASSES, previous: OTHER, verdict: { ok: false, found: WRONG } }),
        ).kind,
      ).toBe('fail');
    }
  });

  it('against AWS, the same wrong bytes twice are a failure, single-part or multipart', () => {
    expect(judgePass(facts({ pass: 2, previous: WRONG, verdict: { ok: false, found: WRONG } })).kind).toBe(
      'fail',
    );
    expect(
      judgePass(
        facts({ check: multi, pass: 2, previous: `${WRONG}-3`, verdict: { ok: false, found: `${WRONG}-3` } }),
      ).kind,
    ).toBe('fail');
  });

  it('behind a custom endpoint, the same wrong bytes twice are kept, but only as not verified', () => {
    expect(
      judgePass(
        facts({ endpoint: 'custom', pass: 2, previous: WRONG, verdict: { ok: false, found: WRONG } }),
      ),
    ).toEqual({ kind: 'keep', verification: { state: 'not-verified', reason: 'etag-disagrees' } });
  });
});
