// Which KMS permission an S3 request needs besides its S3 action, as AWS documents SSE-KMS:
// reading an object encrypted with a KMS key needs kms:Decrypt on that key; writing one (a
// PutObject or CreateMultipartUpload that asks for aws:kms, or lands in a bucket whose default
// encryption is aws:kms) needs kms:GenerateDataKey. Both are judged by the key's policy in the
// key's account and by the caller's identity policy. moto stores the key on the object but
// checks neither, so the access guard asks this module and evaluates the key policy itself.
import { GetKeyPolicyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { GetBucketEncryptionCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3Authorization } from './s3-actions';

export interface KmsUse {
  readonly action: 'kms:Decrypt' | 'kms:GenerateDataKey';
  readonly keyArn: string;
  /** The region S3 calls KMS from (`kms:ViaService`). */
  readonly region: string;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** A key named by id or ARN, as a key ARN in the bucket owner's account. */
const keyArnOf = (id: string, owner: string, region: string): string =>
  id.startsWith('arn:') ? id : `arn:aws:kms:${region}:${owner}:key/${id}`;

/** The region of a SigV4 request: `Credential=AKID/date/region/s3/aws4_request`. */
export const signingRegion = (headers: Headers): string =>
  /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(header(headers, 'authorization') ?? '')?.[1] ?? 'us-east-1';

async function defaultKey(s3: S3Client, bucket: string): Promise<string | undefined> {
  try {
    const out = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
    return rule?.SSEAlgorithm === 'aws:kms' ? rule.KMSMasterKeyID : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The KMS use of an S3 request the guard has already allowed, or undefined. `ownerS3` is an
 * administrator client of the bucket's owner, to read the object's and the bucket's encryption.
 */
export async function kmsUseOf(
  method: string,
  url: URL,
  headers: Headers,
  auth: S3Authorization,
  owner: string,
  ownerS3: S3Client,
): Promise<KmsUse | undefined> {
  const region = signingRegion(headers);
  const { bucket, key } = auth;
  if (!bucket || key === undefined) return undefined;
  const reads = method === 'GET' && (auth.action === 's3:GetObject' || auth.action === 's3:GetObjectVersion');
  if (reads) {
    const versionId = url.searchParams.get('versionId') ?? undefined;
    const head = await ownerS3
      .send(
        new HeadObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
      )
      .catch(() => undefined);
    if (head?.ServerSideEncryption !== 'aws:kms' || !head.SSEKMSKeyId) return undefined;
    return { action: 'kms:Decrypt', keyArn: keyArnOf(head.SSEKMSKeyId, owner, region), region };
  }
  const q = url.searchParams;
  const creates =
    auth.action === 's3:PutObject' &&
    ((method === 'PUT' && !q.has('uploadId')) || (method === 'POST' && q.has('uploads')));
  if (!creates) return undefined;
  const asked = header(headers, 'x-amz-server-side-encryption');
  if (asked !== undefined && asked !== 'aws:kms') return undefined;
  const named = header(headers, 'x-amz-server-side-encryption-aws-kms-key-id');
  const id = named ?? (await defaultKey(ownerS3, bucket));
  return id ? { action: 'kms:GenerateDataKey', keyArn: keyArnOf(id, owner, region), region } : undefined;
}

/** The key's `default` policy as KMS holds it now. */
export async function keyPolicy(kms: KMSClient, keyArn: string): Promise<unknown> {
  const out = await kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }));
  return out.Policy ? JSON.parse(out.Policy) : undefined;
}
