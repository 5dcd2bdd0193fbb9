import { GetBucketPolicyCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AccessDenial } from '../../shared/models/access';
import type { ProfileSummary } from '../../shared/models/profile';
import type { SessionState } from '../../shared/models/session';
import type { ResolvedProfile } from '../profiles/profile-model';
import { findBucketOwner, listBucketNames } from './bucket-owner';
import type { DenialFacts, EncryptionFact } from './facts';
import { readsObjectData } from './grants';
import { parsePolicy } from './policy-document';
import { accountOf, s3Target } from './principals';

/** What the access service reads about sessions and profiles; the stores implement it. */
export interface AccessContext {
  state(sessionId: string): SessionState;
  sessions(): readonly SessionState[];
  profile(name: string): ResolvedProfile | undefined;
  profiles(): readonly ProfileSummary[];
  /** Runs a call with a session's client for a bucket (its region; redirects followed). */
  withBucket<T>(sessionId: string, bucket: string, fn: (client: S3Client) => Promise<T>): Promise<T>;
  /** A session's client in its own region, for ListBuckets. */
  client(sessionId: string): S3Client;
}

export interface ExplainRequest {
  readonly sessionId?: string;
  readonly denial: AccessDenial;
  /** The folder the user was in when the call failed. */
  readonly scopePrefix?: string;
}

const rolesOf = (profile: ResolvedProfile | undefined): string[] =>
  profile?.steps.map((s) => s.roleArn) ?? [];

async function encryptionOf(
  ctx: AccessContext,
  sessionId: string,
  bucket: string,
  key: string,
): Promise<EncryptionFact> {
  try {
    const head = await ctx.withBucket(sessionId, bucket, (c) =>
      c.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
    );
    return {
      ...(head.ServerSideEncryption ? { sse: head.ServerSideEncryption } : {}),
      ...(head.SSEKMSKeyId ? { keyArn: head.SSEKMSKeyId } : {}),
      how: 'HeadObject of this session',
    };
  } catch {
    return { how: 'unknown: HeadObject is denied too, so the object’s encryption cannot be read' };
  }
}

async function currentBucketPolicy(ctx: AccessContext, sessionId: string, bucket: string) {
  try {
    const out = await ctx.withBucket(sessionId, bucket, (c) =>
      c.send(new GetBucketPolicyCommand({ Bucket: bucket })),
    );
    return parsePolicy(out.Policy);
  } catch {
    return undefined;
  }
}

/** Which account owns a bucket, learnt with the session's own read calls (see findBucketOwner). */
export async function ownerOfBucket(
  ctx: AccessContext,
  sessionId: string,
  bucket: string,
  scope: { readonly key?: string; readonly prefix?: string; readonly callerAccount?: string } = {},
) {
  const { key, prefix, callerAccount } = scope;
  const others = ctx
    .sessions()
    .filter((s) => s.sessionId !== sessionId && s.identity && s.status !== 'expired');
  const candidates: string[] = [];
  for (const account of [
    ...ctx.profiles().map((p) => accountOf(p.roleArn)),
    ...others.map((s) => s.identity?.account),
  ]) {
    if (account) candidates.push(account);
  }
  return findBucketOwner({
    bucket,
    ...(key ? { key } : {}),
    ...(prefix ? { prefix } : {}),
    ...(callerAccount ? { callerAccount } : {}),
    candidates,
    withBucket: (fn) => ctx.withBucket(sessionId, bucket, fn),
    ownBuckets: () => listBucketNames(ctx.client(sessionId)),
    otherListers: async () => {
      const found: { account: string; label: string }[] = [];
      for (const s of others) {
        if (!s.identity || s.identity.account === callerAccount) continue;
        const names: readonly string[] = await listBucketNames(ctx.client(s.sessionId)).catch(() => []);
        if (names.includes(bucket)) found.push({ account: s.identity.account, label: s.label });
      }
      return found;
    },
  });
}

/** The facts about an S3 denial that only AWS can tell: who owns the bucket, how the object is encrypted. */
async function s3Facts(
  ctx: AccessContext,
  sessionId: string,
  request: ExplainRequest,
  callerAccount?: string,
) {
  const target = s3Target(request.denial.resource);
  if (!target) return {};
  const { bucket, key } = target;
  const owner = await ownerOfBucket(ctx, sessionId, bucket, {
    ...(key ? { key } : {}),
    ...(request.scopePrefix ? { prefix: request.scopePrefix } : {}),
    ...(callerAccount ? { callerAccount } : {}),
  });
  const encryption =
    key && readsObjectData(request.denial.action)
      ? await encryptionOf(ctx, sessionId, bucket, key)
      : undefined;
  const bucketPolicy = await currentBucketPolicy(ctx, sessionId, bucket);
  return { owner, ...(encryption ? { encryption } : {}), ...(bucketPolicy ? { bucketPolicy } : {}) };
}

/**
 * Everything the reasoning needs, learnt with the session's own credentials and read-only
 * calls: GetCallerIdentity (kept on the session since it opened), the profile's role chain,
 * the bucket owner, the object's encryption, and the bucket policy when it may be read.
 */
export async function gatherFacts(ctx: AccessContext, request: ExplainRequest): Promise<DenialFacts> {
  const { denial } = request;
  const session = request.sessionId ? ctx.state(request.sessionId) : undefined;
  const profileName = denial.assumeRole?.profile ?? session?.source;
  const profile = profileName ? ctx.profile(profileName) : undefined;
  const chain = rolesOf(profile);
  const step = denial.assumeRole ? profile?.steps.find((s) => s.roleArn === denial.resource) : undefined;
  const callerArn = session?.identity?.arn ?? denial.principal;
  const base: DenialFacts = {
    denial,
    chain,
    ...(callerArn ? { callerArn } : {}),
    ...(session?.identity ? { callerHow: `GetCallerIdentity of session ${session.label}` } : {}),
    ...(request.scopePrefix ? { scopePrefix: request.scopePrefix } : {}),
    ...(session ? { region: session.region } : {}),
    ...(denial.assumeRole && denial.resource
      ? {
          step: {
            roleArn: denial.resource,
            ...(step?.externalId !== undefined ? { externalId: step.externalId } : {}),
            ...(denial.assumeRole.externalIdSent && step?.externalId === undefined
              ? { externalIdUnknown: true }
              : {}),
            ...(step?.mfaSerial ? { mfaSerial: step.mfaSerial } : {}),
          },
        }
      : {}),
  };
  if (!request.sessionId || denial.assumeRole) return base;
  return { ...base, ...(await s3Facts(ctx, request.sessionId, request, accountOf(callerArn))) };
}
