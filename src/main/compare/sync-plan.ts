import type {
  CarryChoice,
  CompareLocation,
  CompareRow,
  SyncAction,
  SyncFlow,
} from '../../shared/models/compare';
import type { StorageClassName } from '../../shared/models/objects';

/** The plan lists this many left-out rows by name; the rest are counted. */
const LEFT_OUT_SHOWN = 200;

export interface SyncOptions {
  /** Delete what is only on the target (right) side. */
  readonly deleteExtra: boolean;
  /** Overwrite rows the listings could not decide (otherwise they are left out, with the reason). */
  readonly overwriteUndecided: boolean;
  /** The storage class copies get; absent: the source's (kept). */
  readonly storageClass?: StorageClassName;
  /** The source's user metadata on the copies (see CarryChoice); absent: kept. */
  readonly metadata?: CarryChoice;
  /** The source's tags on the copies; absent: kept. */
  readonly tags?: CarryChoice;
}

export interface PlannedCopy {
  /** Relative to both locations. */
  readonly key: string;
  readonly action: Exclude<SyncAction, 'delete'>;
  readonly size: number;
  /** The source's, from its listing. */
  readonly storageClass?: string;
}

export interface PlannedRows {
  readonly copies: readonly PlannedCopy[];
  readonly deletes: readonly string[];
  readonly bytes: number;
  readonly leftOut: readonly { readonly key: string; readonly reason: string }[];
  readonly leftOutMore: number;
}

const planned = (row: CompareRow, action: PlannedCopy['action']): PlannedCopy => ({
  key: row.key,
  action,
  size: row.left?.size ?? 0,
  ...(row.left?.storageClass && { storageClass: row.left.storageClass }),
});

/** A zero-byte `name/` object: an empty folder's marker, no data (aws s3 sync leaves them too). */
const isFolderMarker = (row: CompareRow): boolean =>
  row.key.endsWith('/') && (row.left?.size ?? row.right?.size ?? 0) === 0;

/**
 * What a sync left → right does with each row that is not the same on both sides: copy what
 * only the left has, overwrite what differs, delete what only the right has (when asked).
 * Anything it does not do is listed with the reason, so nothing is skipped silently. The rows
 * are read as they stream (from the compare's file), never gathered first.
 */
export async function planRows(rows: AsyncIterable<CompareRow>, options: SyncOptions): Promise<PlannedRows> {
  const copies: PlannedCopy[] = [];
  const deletes: string[] = [];
  const leftOut: { key: string; reason: string }[] = [];
  let leftOutMore = 0;
  let bytes = 0;
  const leave = (key: string, reason: string) => {
    if (leftOut.length < LEFT_OUT_SHOWN) leftOut.push({ key, reason });
    else leftOutMore++;
  };
  for await (const row of rows) {
    if (isFolderMarker(row)) {
      leave(row.key, 'a folder marker (no data): left as it is on both sides');
      continue;
    }
    switch (row.status) {
      case 'only-left':
        copies.push(planned(row, 'copy'));
        bytes += row.left?.size ?? 0;
        break;
      case 'different':
        copies.push(planned(row, 'overwrite'));
        bytes += row.left?.size ?? 0;
        break;
      case 'undecided':
        if (options.overwriteUndecided) {
          copies.push(planned(row, 'overwrite'));
          bytes += row.left?.size ?? 0;
        } else leave(row.key, 'undecided from the listings: run a deep check, or include undecided rows');
        break;
      case 'only-right':
        if (options.deleteExtra) deletes.push(row.key);
        break;
      case 'same':
        break;
    }
  }
  return { copies, deletes, bytes, leftOut, leftOutMore };
}

/**
 * One session that reads the source and writes the target lets S3 copy the bytes itself
 * (CopyObject, UploadPartCopy); two sessions cannot share a request, so the bytes pass through
 * this machine: GET with one, PUT with the other.
 */
export function flowOf(
  source: CompareLocation,
  target: CompareLocation,
  /** The target's session could list and read the source (probed read-only). */
  targetReadsSource = false,
): { flow: SyncFlow; reason: string } {
  if (source.kind === 'local')
    return { flow: 'through-this-machine', reason: 'The files are uploaded from this machine.' };
  if (target.kind === 'local')
    return {
      flow: 'through-this-machine',
      reason: 'The objects are downloaded into the folder on this machine.',
    };
  if (target.kind === 's3' && source.sessionId === target.sessionId)
    return {
      flow: 'server-side',
      reason:
        'One session reads the source and writes the target, so S3 copies the bytes itself (CopyObject).',
    };
  if (targetReadsSource)
    return {
      flow: 'server-side',
      reason:
        "The target's session can read the source too (a listing and a HEAD of it were allowed), so S3 copies the bytes itself (CopyObject).",
    };
  return {
    flow: 'through-this-machine',
    reason:
      'Each side has its own session, and no request can carry two, so the bytes are read with one and written with the other through this machine.',
  };
}
