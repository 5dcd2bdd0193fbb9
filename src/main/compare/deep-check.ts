import { join } from 'node:path';
import type { CompareLocation, CompareRow, DeepCheckResult } from '../../shared/models/compare';
import type { CheckedSide } from '../transfers/engine-link/engine-client';
import type { TransferQueue } from '../transfers/transfer-queue';

/** Where a row's bytes are on one side: the object under the prefix, or the file under the folder. */
function side(location: CompareLocation, key: string, owners: ReadonlyMap<string, string>): CheckedSide {
  if (location.kind === 'local') return { kind: 'local', path: join(location.path, key) };
  const owner = owners.get(location.bucket);
  return {
    kind: 's3',
    sessionId: location.sessionId,
    bucket: location.bucket,
    key: location.prefix + key,
    ...(owner !== undefined && { expectedOwner: owner }),
  };
}

/**
 * Decides a row the listings could not by its bytes: the transfer engine reads both sides in
 * 8 MiB ranges and compares their SHA-256s, stopping at the first that differs.
 */
export async function deepCheck(
  engine: Pick<TransferQueue, 'deepCheck'>,
  compared: {
    readonly left: CompareLocation;
    readonly right: CompareLocation;
    readonly owners: ReadonlyMap<string, string>;
  },
  row: CompareRow,
): Promise<DeepCheckResult> {
  const { key } = row;
  if (!row.left || !row.right || row.left.size !== row.right.size)
    return { key, status: 'different', differsAt: 0 };
  const { left, right, owners } = compared;
  const { status, differsAt, error } = await engine.deepCheck(
    side(left, key, owners),
    side(right, key, owners),
    row.left.size,
  );
  return { key, status, ...(differsAt !== undefined && { differsAt }), ...(error && { error }) };
}
