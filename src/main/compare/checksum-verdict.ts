import type { ChecksumAlgorithm, ChecksumType, RowReason, RowStatus } from '../../shared/models/compare';

/** One object's checksum as HEAD (checksum mode) gave it, or a local file's computed like it. */
export interface ObjectChecksum {
  readonly algorithm: ChecksumAlgorithm;
  /** Base64, without AWS's `-N` part count. */
  readonly value: string;
  readonly type: ChecksumType;
  /** How many parts a multipart object was uploaded in (its ETag's or checksum's `-N`). */
  readonly parts?: number;
}

/** What HEAD said, before it is read as an {@link ObjectChecksum}. */
export interface HeadChecksum {
  readonly algorithm: ChecksumAlgorithm;
  readonly value: string;
  /** `x-amz-checksum-type`, where the server sends it (AWS since 2025; moto for full-object uploads). */
  readonly type?: ChecksumType;
  /** The object's ETag, whose `-N` marks a multipart upload. */
  readonly etag?: string;
}

const partCount = (text: string | undefined): number | undefined => {
  const match = text ? /-(\d+)$/.exec(text) : null;
  return match ? Number(match[1]) : undefined;
};

/**
 * Reads a HEAD answer. A server that does not name the type is read from the value and the ETag:
 * AWS ends a composite checksum with `-N`; one PUT's checksum covers every byte; a multipart
 * upload's without either mark is taken as composite (moto's are, without the `-N`), which only
 * ever leaves a row undecided, never decides it wrongly.
 */
export function readHead(head: HeadChecksum): ObjectChecksum {
  const valueParts = partCount(head.value);
  const value = valueParts === undefined ? head.value : head.value.replace(/-\d+$/, '');
  const parts = valueParts ?? partCount(head.etag);
  const type: ChecksumType =
    head.type ?? (valueParts === undefined && parts === undefined ? 'FULL_OBJECT' : 'COMPOSITE');
  return { algorithm: head.algorithm, value, type, ...(parts !== undefined && { parts }) };
}

export interface ChecksumOutcome {
  readonly status: RowStatus;
  readonly reasons: readonly RowReason[];
  /** Set when the values decided it. */
  readonly checksum?: ChecksumAlgorithm;
}

const byValue = (left: ObjectChecksum, right: ObjectChecksum): ChecksumOutcome => ({
  status: left.value === right.value ? 'same' : 'different',
  reasons: ['checksum'],
  checksum: left.algorithm,
});
const undecided = (reason: RowReason): ChecksumOutcome => ({ status: 'undecided', reasons: [reason] });

/**
 * Same or different by two checksums, when they can say. Full-object checksums of one algorithm
 * compare whatever the upload's parts; composite ones only between objects uploaded in the same
 * part sizes. `sameLayout` is the answer to that, once asked: `layouts` means ask it (equal part
 * counts, so the part sizes decide whether the values compare).
 */
export function byChecksum(
  left: ObjectChecksum,
  right: ObjectChecksum,
  sameLayout?: boolean,
): ChecksumOutcome | 'layouts' {
  if (left.algorithm !== right.algorithm) return undecided('checksum-algorithm');
  if (left.type === 'FULL_OBJECT' && right.type === 'FULL_OBJECT') return byValue(left, right);
  if (left.type !== right.type || left.parts === undefined || left.parts !== right.parts)
    return undecided('checksum-layout');
  if (sameLayout === undefined) return 'layouts';
  return sameLayout ? byValue(left, right) : undecided('checksum-layout');
}
