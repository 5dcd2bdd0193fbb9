import type { S3Client } from '@aws-sdk/client-s3';
import type { Verification } from '../../shared/models/transfer';
import type { EtagCheck, Verdict } from './integrity';

/**
 * Whom a download talks to. On AWS itself a single-part ETag of an object not encrypted with KMS
 * or a customer key is the MD5 of its bytes and a multipart one is the MD5 of its parts' MD5s,
 * always; S3-compatible servers behind a custom endpoint_url may use other ETags that look the same.
 */
export type EndpointKind = 'aws' | 'custom';

/**
 * Read from the client itself: the SDK marks it custom when it was given an endpoint (the client
 * pool passes the session's endpoint_url) or found one in AWS_ENDPOINT_URL* on its first request.
 */
export const endpointOf = (client: S3Client): EndpointKind =>
  client.config.isCustomEndpoint ? 'custom' : 'aws';

/** Whole downloads of one object before its mismatch counts as a failure. */
export const MAX_PASSES = 3;

/** What one pass over the object's bytes found, and what came before it. */
export interface PassFacts {
  /** What the object's ETag can prove (integrity.ts). */
  readonly check: EtagCheck;
  /** What the bytes hashed to against the ETag; undefined when the part layout could not be learned. */
  readonly verdict?: Verdict;
  /** What the last pass that disagreed with the ETag hashed to. */
  readonly previous?: string;
  /** This pass, from 1. */
  readonly pass: number;
  readonly endpoint: EndpointKind;
}

export type PassOutcome =
  /** Keep the bytes, with this verification. */
  | { readonly kind: 'keep'; readonly verification: Verification }
  /** Fetch every byte again: the mismatch may be a passing fault. */
  | { readonly kind: 'again' }
  /** Keep nothing: the bytes that arrived are not the object. */
  | { readonly kind: 'fail'; readonly why: string };

/**
 * The rule for "done" (issue 25). Verified only when the bytes hash to what the server said. Bytes
 * that cannot be checked are kept as "saved, not verified", with the reason. A mismatch is fetched
 * again; the same wrong bytes twice are a fault that repeats itself (a broken proxy, a bad NIC)
 * or a server whose ETags are not MD5s: on AWS it can only be the first, so it fails; behind a
 * custom endpoint it may be the second, so the bytes are kept, but never as verified.
 */
export function judgePass(facts: PassFacts): PassOutcome {
  const { check, verdict } = facts;
  if (check.kind === 'none') return notVerified(check.reason);
  if (!verdict) return notVerified('layout-unknown');
  if (verdict.ok) return { kind: 'keep', verification: verifiedAs(check) };
  if (verdict.found === facts.previous) {
    if (facts.endpoint === 'custom') return notVerified('etag-disagrees');
    return { kind: 'fail', why: `the same wrong bytes arrived twice (they hash to ${verdict.found})` };
  }
  if (facts.pass >= MAX_PASSES) return { kind: 'fail', why: `no download of ${facts.pass} matched` };
  return { kind: 'again' };
}

/** What bytes that hashed to this ETag were verified by. */
export const verifiedAs = (check: Extract<EtagCheck, { kind: 'md5' | 'multipart' }>): Verification => ({
  state: 'verified',
  by: check.kind === 'md5' ? 'md5' : 'multipart-etag',
});

const notVerified = (reason: Extract<Verification, { state: 'not-verified' }>['reason']): PassOutcome => ({
  kind: 'keep',
  verification: { state: 'not-verified', reason },
});
