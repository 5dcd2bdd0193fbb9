/**
 * Writes an S3 location in each form other tools accept: S3 URI, HTTPS URL, ARN, Console page,
 * `aws s3 cp` command line. `parse.ts` reads every one of them back to the same location.
 */
import { partitionInfo, partitionOfRegion } from './partition';

export interface Located {
  readonly bucket: string;
  /** '' for the bucket itself; ending in `/` for a folder. */
  readonly key: string;
}

export const isFolderKey = (key: string): boolean => key === '' || key.endsWith('/');

export function formatS3Uri({ bucket, key }: Located): string {
  return `s3://${bucket}/${key}`;
}

/**
 * One path segment, percent-encoded so that S3 reads back exactly the key: `/` stays the
 * separator, and segments that are only dots are encoded so no client resolves them as `..`.
 */
const encodeSegment = (segment: string): string =>
  /^\.+$/.test(segment) ? segment.replace(/\./g, '%2E') : encodeURIComponent(segment);

export const encodeKeyPath = (key: string): string => key.split('/').map(encodeSegment).join('/');

/**
 * The object's HTTPS URL, virtual-hosted with the region as AWS now documents it. A bucket
 * with dots cannot be virtual-hosted over TLS (the wildcard certificate covers one label),
 * so it gets the path-style URL of the same region.
 */
export function formatHttpsUrl({ bucket, key }: Located, region: string): string {
  const { dnsSuffix } = partitionInfo(partitionOfRegion(region));
  const path = encodeKeyPath(key);
  return bucket.includes('.')
    ? `https://s3.${region}.${dnsSuffix}/${encodeSegment(bucket)}/${path}`
    : `https://${bucket}.s3.${region}.${dnsSuffix}/${path}`;
}

/** `arn:aws:s3:::bucket/key`; the bucket's ARN when the key is ''. */
export function formatArn({ bucket, key }: Located, partition = 'aws'): string {
  return key === '' ? `arn:${partition}:s3:::${bucket}` : `arn:${partition}:s3:::${bucket}/${key}`;
}

/** The S3 Console's page for a folder (bucket view at a prefix) or an object. */
export function formatConsoleUrl({ bucket, key }: Located, region: string): string {
  const { consoleHost } = partitionInfo(partitionOfRegion(region));
  const base = `https://${consoleHost}/s3`;
  const query = (prefix: string): string =>
    `region=${encodeURIComponent(region)}&prefix=${encodeURIComponent(prefix)}`;
  if (isFolderKey(key)) {
    return `${base}/buckets/${encodeURIComponent(bucket)}?${query(key)}&showversions=false`;
  }
  return `${base}/object/${encodeURIComponent(bucket)}?${query(key)}`;
}

/** POSIX shell quoting: bare when every character is safe, single-quoted otherwise. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The last path segment of a key (`a/b/c.txt` → `c.txt`, `a/photos/` → `photos`). */
export function baseName(key: string): string {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * The `aws s3 cp` line that downloads the location into the current directory: objects by
 * name, folders with `--recursive` into a folder of the same name.
 */
export function formatCliCopy(location: Located, profile?: string): string {
  const folder = isFolderKey(location.key);
  const name = baseName(location.key) || location.bucket;
  const target = folder ? `./${name}/` : `./${name}`;
  return [
    'aws s3 cp',
    ...(folder ? ['--recursive'] : []),
    shellQuote(formatS3Uri(location)),
    shellQuote(target),
    ...(profile ? ['--profile', shellQuote(profile)] : []),
  ].join(' ');
}
