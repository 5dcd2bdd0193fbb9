/**
 * What an edit changes on one object, worked out from its HEAD before anything is sent:
 * pure functions, so the rules (what counts as a change, S3's limits) are tested alone.
 */
import type { HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import type { HeaderPatch, MapPatch, StorageClassName } from '../../../shared/models/objects';

/** S3 keeps at most this many tags on an object. */
export const MAX_TAGS = 10;
/** S3's limit on the user-defined metadata of one object, keys and values together (UTF-8). */
export const MAX_USER_METADATA_BYTES = 2048;

export interface EditChanges {
  readonly headers?: HeaderPatch;
  readonly metadata?: MapPatch;
  readonly storageClass?: StorageClassName;
}

/** The system-defined headers an edit may set, as the object has them. */
export interface ContentHeaders {
  readonly contentType?: string;
  readonly cacheControl?: string;
  readonly contentDisposition?: string;
  readonly contentEncoding?: string;
  readonly contentLanguage?: string;
}

/** What the copy onto itself must carry; `replace` says whether headers and metadata are new. */
export interface Rewrite {
  readonly replace: boolean;
  readonly headers: ContentHeaders;
  readonly metadata: Readonly<Record<string, string>>;
  readonly storageClass: string;
}

const headerNames = [
  'contentType',
  'cacheControl',
  'contentDisposition',
  'contentEncoding',
  'contentLanguage',
] as const;

export const headersOf = (head: HeadObjectCommandOutput): ContentHeaders => ({
  ...(head.ContentType ? { contentType: head.ContentType } : {}),
  ...(head.CacheControl ? { cacheControl: head.CacheControl } : {}),
  ...(head.ContentDisposition ? { contentDisposition: head.ContentDisposition } : {}),
  ...(head.ContentEncoding ? { contentEncoding: head.ContentEncoding } : {}),
  ...(head.ContentLanguage ? { contentLanguage: head.ContentLanguage } : {}),
});

export function applyHeaderPatch(current: ContentHeaders, patch: HeaderPatch = {}): ContentHeaders {
  const next: Record<string, string> = {};
  for (const name of headerNames) {
    const change = patch[name];
    const value = change === undefined ? current[name] : change;
    if (value !== null && value !== undefined && value !== '') next[name] = value;
  }
  return next;
}

/** Applies a map patch; `normalise` maps keys first (S3 stores metadata keys in lower case). */
export function applyMapPatch(
  current: Readonly<Record<string, string>>,
  patch: MapPatch,
  normalise: (key: string) => string = (k) => k,
): Record<string, string> {
  const next = new Map<string, string>();
  if (!patch.replaceAll) for (const [k, v] of Object.entries(current)) next.set(normalise(k), v);
  for (const k of patch.remove) next.delete(normalise(k));
  for (const [k, v] of Object.entries(patch.set)) next.set(normalise(k), v);
  return Object.fromEntries(next);
}

export const sameMap = (
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
};

export const lowerCase = (key: string): string => key.toLowerCase();

export const userMetadataBytes = (metadata: Readonly<Record<string, string>>): number =>
  Object.entries(metadata).reduce(
    (sum, [k, v]) => sum + Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8'),
    0,
  );

/**
 * The copy an edit needs, or undefined when the object already is as asked (S3 refuses a
 * copy onto itself that changes nothing, and a needless copy makes a needless version).
 */
export function planRewrite(head: HeadObjectCommandOutput, changes: EditChanges): Rewrite | undefined {
  if (!changes.headers && !changes.metadata && !changes.storageClass) return undefined;
  const currentHeaders = headersOf(head);
  const headers = applyHeaderPatch(currentHeaders, changes.headers);
  const currentMetadata = head.Metadata ?? {};
  const metadata = changes.metadata
    ? applyMapPatch(currentMetadata, changes.metadata, lowerCase)
    : currentMetadata;
  const replace =
    !sameMap(currentHeaders as Record<string, string>, headers as Record<string, string>) ||
    !sameMap(currentMetadata, metadata);
  // S3 leaves the header out for STANDARD.
  const currentClass = head.StorageClass ?? 'STANDARD';
  const storageClass = changes.storageClass ?? currentClass;
  if (!replace && storageClass === currentClass) return undefined;
  return { replace, headers, metadata, storageClass };
}
