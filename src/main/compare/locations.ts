import { fail } from '../../shared/errors/app-error';
import type { CompareLocation } from '../../shared/models/compare';
import { withSlash } from '../transfers/job-items';

/** The location as compared: an S3 prefix always ends in '/' (or is the whole bucket). */
export const normalised = (location: CompareLocation): CompareLocation =>
  location.kind === 's3' ? { ...location, prefix: withSlash(location.prefix) } : location;

export const describe = (location: CompareLocation): string =>
  location.kind === 's3' ? `s3://${location.bucket}/${location.prefix}` : location.path;

/**
 * Two locations that can be compared and synced: at least one is in S3, and neither holds the
 * other — a sync into a prefix inside its source would list (and copy) its own copies.
 */
export function assertComparable(left: CompareLocation, right: CompareLocation): void {
  if (left.kind === 'local' && right.kind === 'local')
    fail('validation', 'Compare needs an S3 location on at least one side.');
  if (left.kind !== 's3' || right.kind !== 's3' || left.bucket !== right.bucket) return;
  const [a, b] = [left.prefix, right.prefix];
  if (a === b) fail('validation', `Both sides are ${describe(left)}: pick two different locations.`);
  if (b.startsWith(a) || a.startsWith(b)) {
    const [outer, inner] = b.startsWith(a) ? [left, right] : [right, left];
    fail(
      'validation',
      `${describe(inner)} is inside ${describe(outer)}: comparing or syncing them would copy the copies into themselves. Pick locations that do not contain each other.`,
    );
  }
}
