import type { CopyCare, WriteCare } from './records';

/** What a HeadObject answer says of an object that a copy may carry over (the SDK's names). */
export interface SourceHeaders {
  readonly ContentType?: string;
  readonly CacheControl?: string;
  readonly ContentDisposition?: string;
  readonly ContentEncoding?: string;
  readonly ContentLanguage?: string;
  readonly Expires?: Date;
  readonly Metadata?: Record<string, string>;
  readonly StorageClass?: string;
}

/** A tag as GetObjectTagging lists it. */
export interface SourceTag {
  readonly Key?: string;
  readonly Value?: string;
}

/**
 * The headers a PutObject or CreateMultipartUpload of a copy sends, kept structural (no SDK
 * import) so the engine's copies and main's server-side ones build them the same way.
 */
export interface CopyHeaders extends Omit<SourceHeaders, 'StorageClass'> {
  readonly StorageClass?: string;
  /** URL-encoded `k=v&k2=v2`, as PutObject's x-amz-tagging takes it. */
  readonly Tagging?: string;
  readonly ACL?: 'bucket-owner-full-control';
  readonly ServerSideEncryption?: 'aws:kms';
  readonly SSEKMSKeyId?: string;
}

/** Tags as x-amz-tagging carries them; undefined for none (S3 refuses an empty header). */
export function taggingOf(tags: readonly SourceTag[]): string | undefined {
  const pairs = tags
    .filter((t) => t.Key !== undefined)
    .map((t) => `${encodeURIComponent(t.Key ?? '')}=${encodeURIComponent(t.Value ?? '')}`);
  return pairs.length > 0 ? pairs.join('&') : undefined;
}

/**
 * What the copy of an object (or the upload of a file, whose `head` is its content type alone)
 * writes: its content headers always (they say how to read the bytes), its user metadata and tags
 * when a copy's care keeps them, the storage class chosen or the source's, and the target's ACL and
 * KMS key. `tags`: the source's, read only when kept. Without care (a pane-to-pane copy, a plain
 * upload) only the content type is carried.
 */
export function copyHeaders(
  head: SourceHeaders,
  care: WriteCare | CopyCare | undefined,
  tags: readonly SourceTag[] = [],
): CopyHeaders {
  if (!care) return { ...(head.ContentType && { ContentType: head.ContentType }) };
  const keeps = (what: 'metadata' | 'tags') => what in care && (care as CopyCare)[what] === 'keep';
  const tagging = keeps('tags') ? taggingOf(tags) : undefined;
  const storageClass = care.storageClass ?? head.StorageClass;
  const metadata = keeps('metadata') && head.Metadata && Object.keys(head.Metadata).length > 0;
  return {
    ...(head.ContentType && { ContentType: head.ContentType }),
    ...(head.CacheControl && { CacheControl: head.CacheControl }),
    ...(head.ContentDisposition && { ContentDisposition: head.ContentDisposition }),
    ...(head.ContentEncoding && { ContentEncoding: head.ContentEncoding }),
    ...(head.ContentLanguage && { ContentLanguage: head.ContentLanguage }),
    ...(head.Expires && { Expires: head.Expires }),
    ...(metadata && { Metadata: head.Metadata }),
    ...(storageClass && { StorageClass: storageClass }),
    ...(tagging && { Tagging: tagging }),
    ...(care.acl && { ACL: care.acl }),
    ...(care.kmsKeyId && { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: care.kmsKeyId }),
  };
}
