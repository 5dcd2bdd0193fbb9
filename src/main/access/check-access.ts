import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyStatusCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import type { AccessMatrix, AccessProbe, ProbeOutcome } from '../../shared/models/access';
import { bucketArn, objectArn } from '../s3/arns';
import { regionFromLocation } from '../s3/buckets';
import type { AccessContext } from './gather-facts';

export interface CheckRequest {
  readonly sessionId: string;
  readonly bucket: string;
  readonly prefix: string;
  /** The object to read; absent: the first key listed under the prefix. */
  readonly key?: string;
}

interface ProbeSpec {
  readonly call: string;
  readonly action: string;
  readonly resource: string;
  /** Runs the call; returns what it told, in words. */
  readonly run: (client: S3Client) => Promise<string | undefined>;
}

const outcomeOf = (code: string): ProbeOutcome => {
  if (code === 'access-denied') return 'denied';
  if (code === 'no-such-key' || code === 'no-such-bucket') return 'missing';
  return 'failed';
};

async function runProbe(ctx: AccessContext, request: CheckRequest, spec: ProbeSpec): Promise<AccessProbe> {
  const base = { call: spec.call, action: spec.action, resource: spec.resource };
  try {
    const detail = await ctx.withBucket(request.sessionId, request.bucket, spec.run);
    return { ...base, outcome: 'allowed', ...(detail ? { detail } : {}) };
  } catch (err) {
    const error = toAppError(err, { action: spec.action, resource: spec.resource });
    return { ...base, outcome: outcomeOf(error.code), error };
  }
}

const sizeWords = (bytes: number | undefined): string => (bytes === undefined ? '' : `${bytes} bytes`);

/**
 * Read-only probes with the session's own credentials, one per permission people trip over
 * across accounts. Nothing is written: a ranged GetObject reads one byte and drops the rest.
 */
export async function checkAccess(ctx: AccessContext, request: CheckRequest): Promise<AccessMatrix> {
  const { bucket, prefix } = request;
  const session = ctx.state(request.sessionId);
  let firstKey: string | undefined;
  const bucketProbes: ProbeSpec[] = [
    {
      call: 'GetBucketLocation',
      action: 's3:GetBucketLocation',
      resource: bucketArn(bucket),
      run: async (c) => {
        const out = await c.send(new GetBucketLocationCommand({ Bucket: bucket }));
        return `region ${regionFromLocation(out.LocationConstraint)}`;
      },
    },
    {
      call: `ListObjectsV2 (max-keys 1${prefix ? `, prefix ${prefix}` : ''})`,
      action: 's3:ListBucket',
      resource: bucketArn(bucket),
      run: async (c) => {
        const out = await c.send(
          new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1, ...(prefix ? { Prefix: prefix } : {}) }),
        );
        firstKey = out.Contents?.[0]?.Key;
        return firstKey ? `first key ${firstKey}` : 'no keys under this prefix';
      },
    },
  ];
  const probes: AccessProbe[] = [];
  for (const spec of bucketProbes) probes.push(await runProbe(ctx, request, spec));

  const key = request.key ?? firstKey;
  if (key) {
    const objectProbes: ProbeSpec[] = [
      {
        call: 'HeadObject',
        action: 's3:GetObject',
        resource: objectArn(bucket, key),
        run: async (c) => {
          const out = await c.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
          const sse = out.ServerSideEncryption
            ? `, ${out.ServerSideEncryption}${out.SSEKMSKeyId ? ` with ${out.SSEKMSKeyId}` : ''}`
            : '';
          return `${sizeWords(out.ContentLength)}${sse}`;
        },
      },
      {
        call: 'GetObject (bytes 0-0)',
        action: 's3:GetObject',
        resource: objectArn(bucket, key),
        run: async (c) => {
          const out = await c.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=0-0' }));
          const bytes = await out.Body?.transformToByteArray();
          return `read ${bytes?.length ?? 0} byte${bytes?.length === 1 ? '' : 's'}`;
        },
      },
    ];
    for (const spec of objectProbes) probes.push(await runProbe(ctx, request, spec));
  } else {
    for (const call of ['HeadObject', 'GetObject (bytes 0-0)']) {
      probes.push({
        call,
        action: 's3:GetObject',
        resource: objectArn(bucket, `${prefix}*`),
        outcome: 'skipped',
        detail: 'no key to read: none was listed; name one to test',
      });
    }
  }

  const configProbes: ProbeSpec[] = [
    {
      call: 'GetBucketPolicyStatus',
      action: 's3:GetBucketPolicyStatus',
      resource: bucketArn(bucket),
      run: async (c) => {
        const out = await c.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }));
        return out.PolicyStatus?.IsPublic ? 'the bucket policy makes it public' : 'not public';
      },
    },
    {
      call: 'GetBucketEncryption',
      action: 's3:GetEncryptionConfiguration',
      resource: bucketArn(bucket),
      run: async (c) => {
        const out = await c.send(new GetBucketEncryptionCommand({ Bucket: bucket })).catch((err: unknown) => {
          // The call was allowed; the bucket simply has no default encryption configured.
          if ((err as { name?: string }).name === 'ServerSideEncryptionConfigurationNotFoundError') return {};
          throw err;
        });
        if (!('ServerSideEncryptionConfiguration' in out)) return 'no default encryption configured';
        const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
        return rule
          ? `default ${rule.SSEAlgorithm}${rule.KMSMasterKeyID ? ` with ${rule.KMSMasterKeyID}` : ''}`
          : 'no default encryption';
      },
    },
  ];
  for (const spec of configProbes) probes.push(await runProbe(ctx, request, spec));

  return {
    bucket,
    prefix,
    ...(key ? { key } : {}),
    ...(session.identity ? { callerArn: session.identity.arn } : {}),
    probes,
  };
}
