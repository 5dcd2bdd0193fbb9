import type { CopyRecord } from '../../shared/engine/records';

interface End {
  readonly bucket: string;
  readonly key: string;
  readonly owner?: string;
}

/**
 * A copy's two ends as its record keeps them (a copy through this machine and one S3 makes
 * alike): the source with its size once known, the target under its current name (it changes
 * after "keep both"), each with the account it must belong to.
 */
export const copyEnds = (
  from: End,
  to: End,
  size: number | undefined,
  targetKey: string,
): Pick<CopyRecord, 'from' | 'to'> => ({
  from: {
    bucket: from.bucket,
    key: from.key,
    ...(size !== undefined && { size }),
    ...(from.owner !== undefined && { owner: from.owner }),
  },
  to: { bucket: to.bucket, key: targetKey, ...(to.owner !== undefined && { owner: to.owner }) },
});
