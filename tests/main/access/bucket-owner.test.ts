// How the bucket owner is learnt, in order, and what is said when it cannot be. The probing
// path against a server (x-amz-expected-bucket-owner) is proven in statements-unlock.moto.test.ts.
import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { findBucketOwner, type OwnerProbeInput } from '../../../src/main/access/bucket-owner';

const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });

/** A fake S3 client: `allow(command)` decides each call, recording what was sent. */
function input(
  over: Partial<OwnerProbeInput>,
  allow: (name: string, owner?: string) => boolean,
): OwnerProbeInput {
  const client = {
    send: async (command: { constructor: { name: string }; input: { ExpectedBucketOwner?: string } }) => {
      if (!allow(command.constructor.name, command.input.ExpectedBucketOwner)) throw denied;
      return {};
    },
  } as unknown as S3Client;
  return {
    bucket: 'share',
    callerAccount: '111111111111',
    candidates: ['222222222222', '333333333333'],
    withBucket: (fn) => fn(client),
    ownBuckets: async () => undefined,
    otherListers: async () => [],
    ...over,
  };
}

describe('the bucket owner', () => {
  it('is the caller’s account when the session’s own ListBuckets lists the bucket', async () => {
    const owner = await findBucketOwner(input({ ownBuckets: async () => ['share'] }, () => false));
    expect(owner).toEqual({
      account: '111111111111',
      how: expect.stringMatching(/this session’s ListBuckets/),
    });
  });

  it('is another open session’s account when its ListBuckets lists the bucket', async () => {
    const owner = await findBucketOwner(
      input({ otherListers: async () => [{ account: '222222222222', label: 'prod' }] }, () => false),
    );
    expect(owner).toEqual({ account: '222222222222', how: 'ListBuckets of the open session prod lists it' });
  });

  it('is probed with x-amz-expected-bucket-owner on the first read call the session may make', async () => {
    const sent: string[] = [];
    const owner = await findBucketOwner(
      input({ key: 'a.txt' }, (name, expected) => {
        sent.push(`${name}:${expected ?? '-'}`);
        return name === 'HeadObjectCommand' && (expected === undefined || expected === '333333333333');
      }),
    );
    expect(owner.account).toBe('333333333333');
    expect(owner.how).toMatch(/^HeadObject with x-amz-expected-bucket-owner 333333333333 succeeded/);
    // The caller's own account is tried first, then the candidates in order.
    expect(sent).toEqual([
      'GetBucketLocationCommand:-',
      'ListObjectsV2Command:-',
      'HeadObjectCommand:-',
      'HeadObjectCommand:111111111111',
      'HeadObjectCommand:222222222222',
      'HeadObjectCommand:333333333333',
    ]);
  });

  it('says which accounts it ruled out when none of them owns the bucket', async () => {
    const owner = await findBucketOwner(
      input({}, (name, expected) => name === 'GetBucketLocationCommand' && !expected),
    );
    expect(owner).toEqual({
      how: 'none of the accounts Crossbucket knows (111111111111, 222222222222, 333333333333) owns it: GetBucketLocation with x-amz-expected-bucket-owner failed for each',
    });
  });

  it('says why it cannot tell when every read call is refused', async () => {
    const owner = await findBucketOwner(input({}, () => false));
    expect(owner.account).toBeUndefined();
    expect(owner.how).toMatch(
      /^unknown: .*x-amz-expected-bucket-owner cannot be probed; no other open session lists it$/,
    );
  });
});
