import {
  type AccessControlPolicy,
  CopyObjectCommand,
  type CopyObjectCommandInput,
  GetObjectAclCommand,
  GetObjectTaggingCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AppFailure } from '../../../shared/errors/app-error';
import { copySource } from '../../../shared/s3/copy-source';
import { objectArn } from '../../s3/arns';
import { multipartCopy } from '../../s3/multipart-copy';
import { objectStep } from '../object-errors';
import type { Rewrite } from './edit-plan';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export interface CopyOverOptions {
  /** CopyObject's own limit is 5 GiB; larger objects are copied in parts. */
  readonly multipartThreshold?: number;
  readonly partSize?: number;
}

export interface CopyOver {
  readonly bucket: string;
  readonly key: string;
  /** The version whose content becomes current; absent for an edit of the current version. */
  readonly sourceVersionId?: string;
  /** HeadObject of the source (the version when one is given). */
  readonly head: HeadObjectCommandOutput;
  /** New headers, metadata and storage class; absent keeps the source's as they are. */
  readonly rewrite?: Rewrite;
}

const step = <T>(action: string, bucket: string, key: string, call: () => Promise<T>): Promise<T> =>
  objectStep({ action, resource: objectArn(bucket, key) }, call);

/**
 * A copy only keeps what it is told to keep: encryption falls back to the bucket default,
 * the storage class to STANDARD, the ACL to private, and with REPLACE every header not sent
 * is dropped. So each is read from the source and sent again with the copy.
 */
const keptAttributes = (head: HeadObjectCommandOutput) => {
  const kms = head.ServerSideEncryption?.startsWith('aws:kms') === true;
  return {
    ...(head.ServerSideEncryption ? { ServerSideEncryption: head.ServerSideEncryption } : {}),
    ...(kms && head.SSEKMSKeyId ? { SSEKMSKeyId: head.SSEKMSKeyId } : {}),
    ...(kms && head.BucketKeyEnabled !== undefined ? { BucketKeyEnabled: head.BucketKeyEnabled } : {}),
    ...(head.ObjectLockMode ? { ObjectLockMode: head.ObjectLockMode } : {}),
    ...(head.ObjectLockRetainUntilDate ? { ObjectLockRetainUntilDate: head.ObjectLockRetainUntilDate } : {}),
    ...(head.ObjectLockLegalHoldStatus ? { ObjectLockLegalHoldStatus: head.ObjectLockLegalHoldStatus } : {}),
  };
};

/** Headers that REPLACE would drop and the edit does not offer: kept as the source has them. */
const untouchedHeaders = (head: HeadObjectCommandOutput) => ({
  ...(head.Expires ? { Expires: head.Expires } : {}),
  ...(head.WebsiteRedirectLocation ? { WebsiteRedirectLocation: head.WebsiteRedirectLocation } : {}),
});

const replacedHeaders = (rewrite: Rewrite) => ({
  ContentType: rewrite.headers.contentType,
  CacheControl: rewrite.headers.cacheControl,
  ContentDisposition: rewrite.headers.contentDisposition,
  ContentEncoding: rewrite.headers.contentEncoding,
  ContentLanguage: rewrite.headers.contentLanguage,
  Metadata: { ...rewrite.metadata },
});

type Grants = Pick<
  CopyObjectCommandInput,
  'GrantFullControl' | 'GrantRead' | 'GrantReadACP' | 'GrantWriteACP'
>;

const grantFields = {
  FULL_CONTROL: 'GrantFullControl',
  READ: 'GrantRead',
  READ_ACP: 'GrantReadACP',
  WRITE_ACP: 'GrantWriteACP',
} as const;

/**
 * An ACL as the x-amz-grant-* headers of a copy (`id="…"`, `uri="…"`, `emailAddress="…"`).
 * WRITE has no meaning on an object and is not carried.
 */
export function grantHeaders(acl: AccessControlPolicy | undefined): Grants {
  const lists: Partial<Record<keyof typeof grantFields, string[]>> = {};
  for (const grant of acl?.Grants ?? []) {
    const permission = grant.Permission as keyof typeof grantFields | undefined;
    if (!permission || !(permission in grantFields)) continue;
    const { ID, URI, EmailAddress } = grant.Grantee ?? {};
    const grantee = ID
      ? `id="${ID}"`
      : URI
        ? `uri="${URI}"`
        : EmailAddress
          ? `emailAddress="${EmailAddress}"`
          : '';
    if (grantee) lists[permission] = [...(lists[permission] ?? []), grantee];
  }
  return Object.fromEntries(
    Object.entries(lists).map(([permission, grantees]) => [
      grantFields[permission as keyof typeof grantFields],
      grantees.join(', '),
    ]),
  );
}

/** Only the owner's FULL_CONTROL is what every new object gets anyway: nothing to put back. */
const isPrivate = (acl: AccessControlPolicy): boolean => {
  const grants = acl.Grants ?? [];
  return (
    grants.length === 0 ||
    (grants.length === 1 &&
      grants[0]?.Permission === 'FULL_CONTROL' &&
      grants[0].Grantee?.Type === 'CanonicalUser' &&
      grants[0].Grantee.ID === acl.Owner?.ID)
  );
};

/**
 * Copies an object (or one of its versions) over its own key: how S3 changes metadata or a
 * storage class, and how a previous version becomes current again. Tags, encryption,
 * object-lock settings and the ACL stay as the source has them.
 */
export class CopyOverService {
  readonly #threshold: number;
  readonly #partSize: number;

  constructor(options: CopyOverOptions = {}) {
    this.#threshold = options.multipartThreshold ?? 5 * GiB;
    this.#partSize = options.partSize ?? 512 * MiB;
  }

  async copyOver(client: S3Client, copy: CopyOver): Promise<void> {
    const { bucket, key, sourceVersionId, head, rewrite } = copy;
    if (head.SSECustomerAlgorithm) {
      throw new AppFailure(
        'conflict',
        'The object is encrypted with a customer-provided key (SSE-C), which Crossbucket does not hold.',
        {
          details: { resource: objectArn(bucket, key) },
          hints: ['Copy it with the AWS CLI, passing the key.'],
        },
      );
    }
    // Sent with the copy itself, so the new object never exists with fewer grants.
    const grants = grantHeaders(await this.#readAcl(client, bucket, key, sourceVersionId));
    const storageClass = rewrite?.storageClass ?? head.StorageClass;
    if ((head.ContentLength ?? 0) <= this.#threshold) {
      const input: CopyObjectCommandInput = {
        Bucket: bucket,
        Key: key,
        CopySource: copySource(bucket, key, sourceVersionId),
        // Refuses to copy if the object changed since it was read: no edit lands on content
        // the user did not see.
        ...(head.ETag ? { CopySourceIfMatch: head.ETag } : {}),
        MetadataDirective: rewrite?.replace ? 'REPLACE' : 'COPY',
        TaggingDirective: 'COPY',
        ...(rewrite?.replace ? { ...replacedHeaders(rewrite), ...untouchedHeaders(head) } : {}),
        ...(storageClass ? { StorageClass: storageClass as CopyObjectCommandInput['StorageClass'] } : {}),
        ...keptAttributes(head),
        ...grants,
      };
      await step('s3:PutObject', bucket, key, () => client.send(new CopyObjectCommand(input)));
    } else {
      await this.#copyInParts(client, copy, storageClass, grants);
    }
  }

  /** Above 5 GiB: a multipart copy, which starts blank, so headers and tags are sent again. */
  async #copyInParts(
    client: S3Client,
    copy: CopyOver,
    storageClass: string | undefined,
    grants: Grants,
  ): Promise<void> {
    const { bucket, key, sourceVersionId, head, rewrite } = copy;
    const tagging = await step('s3:GetObjectTagging', bucket, key, () =>
      client.send(
        new GetObjectTaggingCommand({
          Bucket: bucket,
          Key: key,
          ...(sourceVersionId ? { VersionId: sourceVersionId } : {}),
        }),
      ),
    );
    const tags = (tagging.TagSet ?? []).map(
      (t) => `${encodeURIComponent(t.Key ?? '')}=${encodeURIComponent(t.Value ?? '')}`,
    );
    const source: HeadObjectCommandOutput = rewrite ? { ...head, ...replacedHeaders(rewrite) } : head;
    await step('s3:PutObject', bucket, key, () =>
      multipartCopy(client, {
        sourceBucket: bucket,
        sourceKey: key,
        source: { ...source, StorageClass: storageClass as HeadObjectCommandOutput['StorageClass'] },
        targetBucket: bucket,
        targetKey: key,
        partSize: this.#partSize,
        ...(sourceVersionId ? { sourceVersionId } : {}),
        extra: {
          ...keptAttributes(head),
          ...untouchedHeaders(head),
          ...grants,
          ...(tags.length > 0 ? { Tagging: tags.join('&') } : {}),
        },
      }),
    );
  }

  /** The grants to put back after the copy, or undefined when the object is private. */
  async #readAcl(
    client: S3Client,
    bucket: string,
    key: string,
    versionId: string | undefined,
  ): Promise<AccessControlPolicy | undefined> {
    const action = versionId ? 's3:GetObjectVersionAcl' : 's3:GetObjectAcl';
    const out = await step(action, bucket, key, () =>
      client.send(
        new GetObjectAclCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
      ),
    ).catch((err: AppFailure) => {
      // Copying would silently drop grants nobody could read: refuse instead.
      throw new AppFailure(
        err.appError.code,
        `The object's ACL could not be read, so it was left unchanged (a copy would drop its grants): ${err.appError.message}`,
        { details: err.appError.details, hints: err.appError.hints },
      );
    });
    const acl: AccessControlPolicy = { Grants: out.Grants ?? [], ...(out.Owner ? { Owner: out.Owner } : {}) };
    return isPrivate(acl) ? undefined : acl;
  }
}
