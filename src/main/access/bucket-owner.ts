import {
  GetBucketLocationCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { OwnerFact } from './facts';

/** How many accounts `x-amz-expected-bucket-owner` probing tries before giving up. */
const MAX_CANDIDATES = 20;

export interface OwnerProbeInput {
  readonly bucket: string;
  /** A key in the bucket, when one is known: HeadObject is another call that may be allowed. */
  readonly key?: string;
  readonly prefix?: string;
  readonly callerAccount?: string;
  /** Accounts worth trying: the caller's, those of every profile's role_arn, other sessions'. */
  readonly candidates: readonly string[];
  /** Runs a call with the session's client for the bucket (its region, redirects handled). */
  readonly withBucket: <T>(fn: (client: S3Client) => Promise<T>) => Promise<T>;
  /** The session's own ListBuckets, undefined when it may not list buckets. */
  readonly ownBuckets: () => Promise<readonly string[] | undefined>;
  /** Other open sessions whose ListBuckets lists the bucket, with their accounts. */
  readonly otherListers: () => Promise<readonly { account: string; label: string }[]>;
}

/** The read calls that can carry ExpectedBucketOwner, cheapest first. */
type Probe = (client: S3Client, expectedOwner?: string) => Promise<unknown>;

function probesFor(input: OwnerProbeInput): readonly { name: string; run: Probe }[] {
  const owner = (expected?: string) => (expected ? { ExpectedBucketOwner: expected } : {});
  const probes: { name: string; run: Probe }[] = [
    {
      name: 'GetBucketLocation',
      run: (c, e) => c.send(new GetBucketLocationCommand({ Bucket: input.bucket, ...owner(e) })),
    },
    {
      name: 'ListObjectsV2',
      run: (c, e) =>
        c.send(
          new ListObjectsV2Command({
            Bucket: input.bucket,
            MaxKeys: 1,
            ...(input.prefix ? { Prefix: input.prefix } : {}),
            ...owner(e),
          }),
        ),
    },
  ];
  if (input.key) {
    const key = input.key;
    probes.push({
      name: 'HeadObject',
      run: (c, e) => c.send(new HeadObjectCommand({ Bucket: input.bucket, Key: key, ...owner(e) })),
    });
  }
  return probes;
}

const succeeds = async (call: () => Promise<unknown>): Promise<boolean> =>
  call().then(
    () => true,
    () => false,
  );

/**
 * Learns which account owns a bucket, with only read calls the session may already make:
 * its own ListBuckets (only the owner's account lists a bucket), another open session's, or
 * a call that succeeds repeated with `x-amz-expected-bucket-owner` set to each known account
 * (S3 refuses it unless the account owns the bucket). Says why when none of these works.
 */
export async function findBucketOwner(input: OwnerProbeInput): Promise<OwnerFact> {
  const own = await input.ownBuckets().catch(() => undefined);
  if (own?.includes(input.bucket) && input.callerAccount) {
    return {
      account: input.callerAccount,
      how: 'this session’s ListBuckets lists it, so your own account owns it',
    };
  }
  const others = await input.otherListers().catch(() => []);
  const lister = others[0];
  if (lister) {
    return { account: lister.account, how: `ListBuckets of the open session ${lister.label} lists it` };
  }
  const candidates = [
    ...new Set([input.callerAccount, ...input.candidates].filter((a): a is string => !!a)),
  ].slice(0, MAX_CANDIDATES);
  for (const probe of probesFor(input)) {
    if (!(await succeeds(() => input.withBucket((c) => probe.run(c))))) continue;
    for (const account of candidates) {
      if (await succeeds(() => input.withBucket((c) => probe.run(c, account)))) {
        return {
          account,
          how: `${probe.name} with x-amz-expected-bucket-owner ${account} succeeded (S3 refuses it for any other owner)`,
        };
      }
    }
    return {
      how: `none of the accounts Crossbucket knows (${candidates.join(', ')}) owns it: ${probe.name} with x-amz-expected-bucket-owner failed for each`,
    };
  }
  return {
    how: `unknown: this session may not list buckets${own ? ' (and its list does not include it)' : ''}, may not ${input.key ? 'read the bucket’s location, list it nor read the object' : 'read the bucket’s location nor list it'}, so x-amz-expected-bucket-owner cannot be probed; no other open session lists it`,
  };
}

/** The session's ListBuckets (first page is enough to look one name up in most accounts). */
export async function listBucketNames(client: S3Client): Promise<readonly string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const out = await client.send(new ListBucketsCommand({ ContinuationToken: token }));
    for (const b of out.Buckets ?? []) if (b.Name) names.push(b.Name);
    token = out.ContinuationToken;
  } while (token);
  return names;
}
