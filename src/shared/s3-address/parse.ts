/**
 * Reads every form people paste to name an S3 location: `s3://bucket/key`, virtual-hosted and
 * path-style HTTPS URLs (with or without region, dualstack, FIPS, legacy `s3-region`), S3
 * Console pages, `arn:aws:s3:::bucket/key` in any partition, and bare `bucket/key`.
 *
 * Pure and free of DOM and Node APIs, so the renderer, main and tests share it. Keys are data:
 * in the forms that carry raw keys (S3 URI, ARN, bare) nothing is decoded or collapsed; in URL
 * forms the percent-encoding is undone exactly once.
 */
import { partitionOfRegion, s3DnsSuffixes } from './partition';

export interface S3Address {
  readonly bucket: string;
  /** '' is the bucket's root; a key ending in `/` is a folder. */
  readonly key: string;
  /**
   * What the form itself says the key is. Only Console pages say it (`/s3/object/` vs
   * `/s3/buckets/`); for the other forms a key without a trailing `/` may be either.
   */
  readonly kind?: 'object' | 'folder';
  readonly region?: string;
  readonly partition?: string;
  readonly versionId?: string;
}

export type ParsedAddress =
  | { readonly type: 'root' }
  | { readonly type: 'address'; readonly address: S3Address }
  | { readonly type: 'invalid'; readonly message: string };

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
/** Real bucket names (3–63, lowercase, dots, hyphens) plus the legacy us-east-1 ones (to 255, capitals, `_`). */
const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/;
const CONSOLE_HOST = /(?:^|\.)console\.(?:aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)$/;
const URL_PARTS = /^(https?):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i;
const S3_SCHEMES = /^s3[an]?:\/\//i;
const ARN = /^arn:(aws(?:-[a-z]+)*):s3:([^:]*):([^:]*):(.*)$/s;

const invalid = (message: string): ParsedAddress => ({ type: 'invalid', message });

function checkedBucket(bucket: string, rest: Omit<S3Address, 'bucket'>): ParsedAddress {
  if (!BUCKET.test(bucket)) {
    return invalid(`“${bucket}” is not a bucket name: 3 to 63 letters, digits, dots and hyphens.`);
  }
  return { type: 'address', address: { bucket, ...rest } };
}

/** Drops undefined fields, so results compare equal however they were built. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `bucket/key…`: the first `/` ends the bucket, everything after it is the key as typed. */
function splitBucketKey(text: string, extra: Omit<S3Address, 'bucket' | 'key'> = {}): ParsedAddress {
  const slash = text.indexOf('/');
  const bucket = slash === -1 ? text : text.slice(0, slash);
  const key = slash === -1 ? '' : text.slice(slash + 1);
  if (bucket === '') return key === '' ? { type: 'root' } : invalid('The address names no bucket.');
  return checkedBucket(bucket, defined({ key, ...extra }));
}

function parseArn(text: string): ParsedAddress {
  const match = ARN.exec(text);
  if (!match) return invalid('That ARN is not an S3 ARN (arn:aws:s3:::bucket/key).');
  const [, partition, region, account, resource = ''] = match;
  if (region !== '' || account !== '') {
    return invalid('Access point and Outposts ARNs are not supported; use the bucket’s own ARN.');
  }
  return splitBucketKey(resource, { partition });
}

/** Percent-decoding once; S3 URLs never use `+` for a space in the path. */
function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

function queryOf(search: string | undefined): URLSearchParams {
  return new URLSearchParams(search?.slice(1) ?? '');
}

interface S3Host {
  /** Empty for path-style hosts (`s3.eu-west-1.amazonaws.com`). */
  readonly bucket: string;
  readonly region?: string;
}

/** One label of the service part: `s3`, `s3-fips`, `s3-website`, `s3-accelerate`, with an optional `-region`. */
const SERVICE_LABEL = /^s3(?:-fips|-website|-accelerate|-external-1)?(?:-([a-z]{2}(?:-[a-z]+)+-\d+))?$/;

/**
 * Splits an S3 endpoint host into bucket and region: the service label is the last label
 * matching SERVICE_LABEL that is followed only by `dualstack` and a region, so bucket names
 * that contain an `s3` label of their own (`logs.s3.example`) survive.
 */
function parseS3Host(host: string): S3Host | undefined {
  const suffix = s3DnsSuffixes.find((s) => host.endsWith(`.${s}`));
  if (!suffix) return undefined;
  const labels = host.slice(0, -(suffix.length + 1)).split('.');
  for (let i = labels.length - 1; i >= 0; i--) {
    const service = SERVICE_LABEL.exec(labels[i] as string);
    if (!service) continue;
    const after = labels.slice(i + 1);
    const tail = after.filter((l) => l !== 'dualstack');
    if (tail.length > 1 || (tail.length === 1 && !REGION.test(tail[0] as string))) continue;
    const region = service[1] ?? tail[0] ?? (labels[i] === 's3-external-1' ? 'us-east-1' : undefined);
    return defined({ bucket: labels.slice(0, i).join('.'), region });
  }
  return undefined;
}

function parseConsoleUrl(path: string, query: URLSearchParams): ParsedAddress {
  const region = query.get('region') ?? undefined;
  const versionId = query.get('versionId') ?? undefined;
  const page = /^\/s3\/(buckets|object)\/([^/]+)(\/.*)?$/.exec(path);
  if (!page) return invalid('That Console page is not an S3 bucket or object page.');
  const [, type, rawBucket = '', rawRest] = page;
  const bucket = decodePath(rawBucket);
  const rest = rawRest ? decodePath(rawRest.slice(1)) : '';
  if (bucket === undefined || rest === undefined) return invalid('That URL has a broken %-escape.');
  const key = query.get('prefix') ?? rest;
  const extra = defined({ region, versionId, partition: region ? partitionOfRegion(region) : undefined });
  if (type === 'object') {
    if (key === '') return invalid('That Console object page names no object (prefix= is missing).');
    return checkedBucket(bucket, { key, kind: 'object', ...extra });
  }
  return checkedBucket(bucket, { key, kind: 'folder', ...extra });
}

function parseHttpUrl(text: string): ParsedAddress {
  const parts = URL_PARTS.exec(text);
  if (!parts) return invalid('That is not a URL this app can read.');
  const [, , rawHost = '', path = '', search] = parts;
  const host = rawHost.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  const query = queryOf(search);
  if (CONSOLE_HOST.test(host)) return parseConsoleUrl(path, query);
  const s3 = parseS3Host(host);
  if (!s3) return invalid(`${host || 'That host'} is not an S3 endpoint or the S3 Console.`);
  const decoded = decodePath(path.replace(/^\//, ''));
  if (decoded === undefined) return invalid('That URL has a broken %-escape.');
  const extra = defined({
    region: s3.region,
    partition: s3.region ? partitionOfRegion(s3.region) : undefined,
    versionId: query.get('versionId') ?? undefined,
  });
  if (s3.bucket !== '') return checkedBucket(s3.bucket, { key: decoded, ...extra });
  return splitBucketKey(decoded, extra);
}

/**
 * Reads what was typed or pasted. Leading spaces and trailing line breaks are the paste's,
 * not the key's; anything else is kept.
 */
export function parseS3Address(input: string): ParsedAddress {
  const text = input.replace(/^\s+/, '').replace(/[\r\n]+$/, '');
  if (text === '') return { type: 'root' };
  if (S3_SCHEMES.test(text)) return splitBucketKey(text.replace(S3_SCHEMES, ''));
  if (/^arn:/i.test(text)) return parseArn(text);
  if (/^https?:\/\//i.test(text)) return parseHttpUrl(text);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text))
    return invalid('Only s3://, https:// and arn: addresses are understood.');
  return splitBucketKey(text);
}

/** The folder a key lives in: `a/b/c.txt` → `a/b/`, `top.txt` → ``. */
export function folderOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}
