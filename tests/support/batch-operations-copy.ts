// What an S3PutObjectCopy operation asks of each copy, as the Batch Operations stand-in reads it
// from CreateJob's XML and turns it into the CopyObject it sends as the job's role:
// CannedAccessControlList → x-amz-acl; SSEAwsKmsKeyId (+ BucketKeyEnabled) → SSE-KMS with that
// key; MetadataDirective REPLACE → NewObjectMetadata's content type and user metadata (the other
// content headers are not served here); NewObjectTagging → TaggingDirective REPLACE with those
// tags (an empty set: no tags); absent → the source's tags, read as the role (s3:GetObjectTagging)
// and written with REPLACE, because moto 5.2.1 loses tags on a CopyObject across accounts;
// StorageClass.
// The access guard judges the CopyObject like any other: s3:PutObject on the target, s3:GetObject
// on the source, kms:GenerateDataKey on the key — and, in a world that asks for it
// (`headerActions`), s3:PutObjectAcl / s3:PutObjectTagging for the ACL and tags the copy writes.
import { type CopyObjectCommandInput, GetObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';

export interface CopySpec {
  readonly acl?: string;
  readonly kmsKeyId?: string;
  readonly bucketKeyEnabled?: boolean;
  readonly metadataDirective: 'COPY' | 'REPLACE';
  readonly contentType?: string;
  readonly userMetadata?: Readonly<Record<string, string>>;
  /** Absent: the source's tags are copied. */
  readonly tags?: readonly { readonly Key: string; readonly Value: string }[];
  readonly storageClass?: string;
}

type Xml = Record<string, unknown>;
const child = (node: unknown, name: string): unknown =>
  node && typeof node === 'object' ? (node as Xml)[name] : undefined;
const text = (node: unknown): string | undefined => (typeof node === 'string' ? node : undefined);
const list = (node: unknown): unknown[] => {
  const m = child(node, 'member');
  return Array.isArray(m) ? m : m === undefined ? [] : [m];
};

/** Reads the S3PutObjectCopy element of a CreateJob request (parsed by @aws-sdk/xml-builder). */
export function copySpecOf(copy: unknown): CopySpec {
  const acl = text(child(copy, 'CannedAccessControlList'));
  const kmsKeyId = text(child(copy, 'SSEAwsKmsKeyId'));
  const bucketKey = text(child(copy, 'BucketKeyEnabled'));
  const metadata = child(copy, 'NewObjectMetadata');
  const contentType = text(child(metadata, 'ContentType'));
  const userMetadata = Object.fromEntries(
    // The SDK writes a map as entries of key and value.
    [child(child(metadata, 'UserMetadata'), 'entry')]
      .flat()
      .filter((e) => e !== undefined)
      .map((e) => [text(child(e, 'key')) ?? '', text(child(e, 'value')) ?? '']),
  );
  const tagging = child(copy, 'NewObjectTagging');
  const storageClass = text(child(copy, 'StorageClass'));
  return {
    ...(acl && { acl }),
    ...(kmsKeyId && { kmsKeyId }),
    ...(bucketKey !== undefined && { bucketKeyEnabled: bucketKey === 'true' }),
    metadataDirective: text(child(copy, 'MetadataDirective')) === 'REPLACE' ? 'REPLACE' : 'COPY',
    ...(contentType && { contentType }),
    ...(Object.keys(userMetadata).length > 0 && { userMetadata }),
    // `<NewObjectTagging/>` (parsed as '') is an empty set: the copies get no tags.
    ...(tagging !== undefined && {
      tags: list(tagging).map((t) => ({
        Key: text(child(t, 'Key')) ?? '',
        Value: text(child(t, 'Value')) ?? '',
      })),
    }),
    ...(storageClass && { storageClass }),
  };
}

/** The tags a copy writes: the operation's, or the source's as the role may read them (throws when it may not). */
export async function tagsOfCopy(
  s3: S3Client,
  spec: CopySpec,
  source: { readonly bucket: string; readonly key: string; readonly versionId?: string },
): Promise<CopySpec['tags']> {
  if (spec.tags) return spec.tags;
  const out = await s3.send(
    new GetObjectTaggingCommand({
      Bucket: source.bucket,
      Key: source.key,
      ...(source.versionId ? { VersionId: source.versionId } : {}),
    }),
  );
  return (out.TagSet ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
}

/** The CopyObject fields one task sends besides the bucket, key and source; `tags` from tagsOfCopy. */
export function copyObjectFields(spec: CopySpec, tags: CopySpec['tags']): Partial<CopyObjectCommandInput> {
  return {
    MetadataDirective: spec.metadataDirective,
    ...(spec.metadataDirective === 'REPLACE' && {
      Metadata: { ...spec.userMetadata },
      ...(spec.contentType && { ContentType: spec.contentType }),
    }),
    ...(spec.acl && { ACL: spec.acl as CopyObjectCommandInput['ACL'] }),
    ...(spec.kmsKeyId && {
      ServerSideEncryption: 'aws:kms' as const,
      SSEKMSKeyId: spec.kmsKeyId,
      ...(spec.bucketKeyEnabled !== undefined && { BucketKeyEnabled: spec.bucketKeyEnabled }),
    }),
    ...(tags && {
      TaggingDirective: 'REPLACE' as const,
      Tagging: new URLSearchParams(tags.map((t): [string, string] => [t.Key, t.Value])).toString(),
    }),
    ...(spec.storageClass && { StorageClass: spec.storageClass as CopyObjectCommandInput['StorageClass'] }),
  };
}
