// Which IAM action a path-style S3 REST request needs, on which resource, with which S3
// condition keys: the table of "Required permissions for Amazon S3 API operations", for the
// operations Crossbucket and the tests send.

export interface S3Authorization {
  readonly bucket?: string;
  readonly key?: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string>;
  /** CopyObject and UploadPartCopy also read their source. */
  readonly source?: { readonly bucket: string; readonly key: string };
}

const BUCKET_GETS: Readonly<Record<string, string>> = {
  location: 's3:GetBucketLocation',
  policy: 's3:GetBucketPolicy',
  policyStatus: 's3:GetBucketPolicyStatus',
  encryption: 's3:GetEncryptionConfiguration',
  acl: 's3:GetBucketAcl',
  versioning: 's3:GetBucketVersioning',
  versions: 's3:ListBucketVersions',
  uploads: 's3:ListBucketMultipartUploads',
  tagging: 's3:GetBucketTagging',
  ownershipControls: 's3:GetBucketOwnershipControls',
  publicAccessBlock: 's3:GetBucketPublicAccessBlock',
};

const BUCKET_WRITES: Readonly<Record<string, string>> = {
  policy: 's3:PutBucketPolicy',
  versioning: 's3:PutBucketVersioning',
  tagging: 's3:PutBucketTagging',
  encryption: 's3:PutEncryptionConfiguration',
};

const decode = (segment: string): string => decodeURIComponent(segment);

/** The S3 request's bucket and key, or undefined for ListBuckets (`GET /`). */
function target(pathname: string): { bucket?: string; key?: string } {
  const [, bucket = '', ...rest] = pathname.split('/');
  if (!bucket) return {};
  const key = rest.length > 0 ? decode(rest.join('/')) : undefined;
  return key ? { bucket: decode(bucket), key } : { bucket: decode(bucket) };
}

function copySource(header: string | undefined): S3Authorization['source'] {
  if (!header) return undefined;
  const path = decode(header.split('?')[0] ?? '').replace(/^\//, '');
  const slash = path.indexOf('/');
  return slash > 0 ? { bucket: path.slice(0, slash), key: path.slice(slash + 1) } : undefined;
}

export function authorizationFor(
  method: string,
  url: URL,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): S3Authorization {
  const { bucket, key } = target(url.pathname);
  const q = url.searchParams;
  const has = (name: string) => q.has(name);
  if (!bucket) return { action: 's3:ListAllMyBuckets', resource: '*', context: {} };
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const on = (action: string, context: Record<string, string> = {}): S3Authorization => ({
    bucket,
    ...(key !== undefined ? { key } : {}),
    action,
    resource: key !== undefined ? `${bucketArn}/${key}` : bucketArn,
    context,
  });
  if (key === undefined) {
    const sub = Object.keys(BUCKET_GETS).find(has);
    if (method === 'GET' && sub) return on(BUCKET_GETS[sub]!);
    if (method === 'PUT' && Object.keys(BUCKET_WRITES).some(has)) {
      return on(BUCKET_WRITES[Object.keys(BUCKET_WRITES).find(has)!]!);
    }
    if (method === 'DELETE' && has('policy')) return on('s3:DeleteBucketPolicy');
    if (method === 'POST' && has('delete')) return on('s3:DeleteObject');
    if (method === 'GET' || method === 'HEAD') {
      const prefix = q.get('prefix');
      return on('s3:ListBucket', prefix !== null ? { 's3:prefix': prefix } : {});
    }
    if (method === 'PUT') return on('s3:CreateBucket');
    if (method === 'DELETE') return on('s3:DeleteBucket');
    return on('s3:ListBucket');
  }
  const versioned = has('versionId');
  const copy = copySource(headers['x-amz-copy-source'] as string | undefined);
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (has('tagging')) return on(versioned ? 's3:GetObjectVersionTagging' : 's3:GetObjectTagging');
      if (has('acl')) return on('s3:GetObjectAcl');
      if (has('uploadId')) return on('s3:ListMultipartUploadParts');
      return on(versioned ? 's3:GetObjectVersion' : 's3:GetObject');
    case 'PUT':
      if (has('tagging')) return on('s3:PutObjectTagging');
      if (has('acl')) return on('s3:PutObjectAcl');
      return { ...on('s3:PutObject'), ...(copy ? { source: copy } : {}) };
    case 'POST':
      return on('s3:PutObject');
    case 'DELETE':
      if (has('uploadId')) return on('s3:AbortMultipartUpload');
      if (has('tagging')) return on('s3:DeleteObjectTagging');
      return on(versioned ? 's3:DeleteObjectVersion' : 's3:DeleteObject');
    default:
      return on('s3:GetObject');
  }
}
