import { describe, expect, it } from 'vitest';
import { statusText, verificationText } from '../../src/renderer/features/transfers/status-text';
import type { TransferItem } from '../../src/shared/models/transfer';

const item = (over: Partial<TransferItem>): TransferItem => ({
  id: '1',
  jobId: 'j',
  direction: 'download',
  source: 's3://b/k',
  target: '/tmp/k',
  sessionId: 's',
  bytesTotal: 10,
  bytesDone: 5,
  status: 'running',
  rate: 0,
  ...over,
});

describe('statusText', () => {
  it('says which retry is under way and why', () => {
    expect(statusText(item({ retry: { attempt: 2, of: 5, reason: 'connection reset' }, retries: 1 }))).toBe(
      'Retrying (2/5): connection reset',
    );
  });

  it('says how many retries a finished or failed item needed', () => {
    expect(statusText(item({ status: 'done', retries: 3 }))).toBe('Done after 3 retries');
    expect(statusText(item({ status: 'failed', retries: 1 }))).toBe('Failed after 1 retry');
    expect(statusText(item({ status: 'done' }))).toBe('Done');
  });

  it('shows a paused item as paused even if it had retried', () => {
    expect(statusText(item({ status: 'paused', retries: 2 }))).toBe('Paused');
    expect(statusText(item({ status: 'running' }))).toBe('Running');
  });

  it('says whether a done download was verified, and why not when it was not', () => {
    const verified = item({ status: 'done', verification: { state: 'verified', by: 'md5' } });
    expect(statusText(verified)).toBe('Done, verified');
    expect(statusText({ ...verified, retries: 2 })).toBe('Done after 2 retries, verified');
    const unverified = item({ status: 'done', verification: { state: 'not-verified', reason: 'kms' } });
    expect(statusText(unverified)).toBe('Saved, not verified');
    expect(verificationText({ state: 'not-verified', reason: 'kms' })).toBe(
      'Saved, not verified: the object is encrypted with a KMS key, so its ETag is not an MD5 of its bytes.',
    );
    expect(verificationText({ state: 'verified', by: 'multipart-etag' })).toMatch(/^Verified: /);
  });
});
