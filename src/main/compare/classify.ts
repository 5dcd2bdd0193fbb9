import type { CompareMode, RowReason, RowStatus, SideFacts } from '../../shared/models/compare';

/** What a side's listing can and cannot say about content, decided once per side. */
export interface SideTraits {
  /** The bucket encrypts with SSE-KMS by default: its ETags are not MD5s of the bytes. */
  readonly kms: boolean;
}

export interface Verdict {
  readonly status: RowStatus;
  readonly reasons: readonly RowReason[];
}

const isMultipart = (etag: string): boolean => etag.includes('-');
/** As the CLI compares them: exactly. S3 lists whole seconds; a local file's time has a fraction. */
const time = (iso: string | undefined): number => (iso === undefined ? Number.NaN : Date.parse(iso));

/**
 * Same or different from what the two listings say, or undecided when they cannot say.
 * `size-and-time` is the AWS CLI's `s3 sync` rule for copies left → right: a size change, or
 * the left side strictly newer (S3 lists whole seconds, so half a second newer counts only for a
 * local file). It misses same-size changes on an older left side.
 * Into a local folder (`into: 'folder'`) the CLI turns the time test round, because its downloads
 * give each file the object's time: a file newer than its object was changed here and is fetched
 * again, and an object newer than its file, of the same size, is missed.
 */
export function classify(
  left: SideFacts,
  right: SideFacts,
  mode: CompareMode,
  traits: { readonly left: SideTraits; readonly right: SideTraits },
  into: 'bucket' | 'folder' = 'bucket',
): Verdict {
  if (left.size !== right.size) return { status: 'different', reasons: ['size'] };
  if (mode === 'size-and-time') {
    const [newer, older] = into === 'folder' ? [right, left] : [left, right];
    return time(newer.lastModified) > time(older.lastModified)
      ? { status: 'different', reasons: ['last-modified'] }
      : { status: 'same', reasons: [] };
  }
  if (traits.left.kms || traits.right.kms) return { status: 'undecided', reasons: ['kms'] };
  if (left.etag === undefined || right.etag === undefined)
    return { status: 'undecided', reasons: ['not-hashed'] };
  if (left.etag === right.etag) return { status: 'same', reasons: [] };
  // The same bytes uploaded in other parts (or in one) give another ETag.
  if (isMultipart(left.etag) || isMultipart(right.etag))
    return { status: 'undecided', reasons: ['part-layout'] };
  return { status: 'different', reasons: ['etag'] };
}

/** A local file's MD5 decides equality only against an ETag that is an MD5 of the bytes. */
export const etagIsMd5 = (etag: string | undefined, traits: SideTraits): boolean =>
  etag !== undefined && !isMultipart(etag) && !traits.kms;
