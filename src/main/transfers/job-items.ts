import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CopyCare, TaskRecord, WriteCare } from '../../shared/engine/records';
import { numberedName } from '../../shared/transfers/free-name';
import type { SelectedObject } from './list-selection';
import type { NewItem } from './queue-entries';
import { toSafeRelativePath } from './safe-name';
import type { TransferTask } from './transfer-task';
import type { UploadEntry } from './walk-paths';

export interface UploadRequest {
  readonly sessionId: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly paths: readonly string[];
}

export interface DownloadRequest {
  readonly sessionId: string;
  readonly bucket: string;
  readonly keys: readonly string[];
  readonly prefixes: readonly string[];
  readonly targetDir: string;
  /** Applies when exactly one key is picked (a version chosen in the versions list). */
  readonly versionId?: string;
}

export interface CopyRequest {
  readonly from: {
    readonly sessionId: string;
    readonly bucket: string;
    readonly keys: readonly string[];
    readonly prefixes: readonly string[];
  };
  readonly to: { readonly sessionId: string; readonly bucket: string; readonly prefix: string };
  /** The account each bucket belongs to, where a session's bucket list said so (by bucket name). */
  readonly owners?: ReadonlyMap<string, string>;
}

/** Makes the task of a new item from the record of what it is to transfer. */
export type MakeTask = (record: TaskRecord) => TransferTask;

/**
 * Copies or uploads with each target key named by the caller (a sync plan), rather than derived
 * from a picked folder. `overwrite`: the plan said so; otherwise an object found at the target
 * is asked about like any other conflict.
 */
export interface PairedRequest {
  readonly from: { readonly sessionId: string; readonly bucket: string } | { readonly localRoot: string };
  /** A bucket, or (from a bucket only) a local folder the caller checked it may write into. */
  readonly to: { readonly sessionId: string; readonly bucket: string } | { readonly localRoot: string };
  readonly pairs: readonly {
    readonly source: string;
    readonly targetKey: string;
    readonly size: number;
    readonly overwrite: boolean;
  }[];
  /** The owner each bucket must have, and what the copies (or uploads) write besides the bytes. */
  readonly care?: {
    readonly sourceOwner?: string | undefined;
    readonly targetOwner?: string | undefined;
    readonly write: CopyCare;
  };
}

export const withSlash = (prefix: string): string =>
  prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;

/** The version a download asks for: only when exactly one key (and no folder) is picked. */
export const pickedVersion = (request: DownloadRequest): string | undefined =>
  request.keys.length === 1 && request.prefixes.length === 0 ? request.versionId : undefined;

/** One item per walked file or empty folder, under the target prefix. */
export function uploadItems(
  request: UploadRequest,
  walked: readonly UploadEntry[],
  make: MakeTask,
): NewItem[] {
  const prefix = withSlash(request.prefix);
  return walked.map((entry) => ({
    task: make({
      kind: 'upload',
      bucket: request.bucket,
      key: prefix + entry.relativeKey,
      localPath: entry.localPath,
      entry: entry.kind,
      size: entry.size,
    }),
  }));
}

/**
 * One item per picked object, each to a safe relative path under the target folder. Keys that
 * name no usable file, or had to be renamed, are reported in `notices`.
 */
export function downloadItems(
  request: DownloadRequest,
  picked: readonly SelectedObject[],
  make: MakeTask,
): { items: NewItem[]; notices: string[] } {
  const versionId = pickedVersion(request);
  const notices: string[] = [];
  const taken = new Set<string>();
  const items: NewItem[] = [];
  for (const object of picked) {
    const safe = toSafeRelativePath(object.relative);
    if (!safe) {
      notices.push(`${object.key}: no usable file name, left out`);
      continue;
    }
    // Two keys can map to one safe name (`a/../b` and `__/b`); the second gets a number, not the first's file.
    let relative = safe.relative;
    for (let n = 1; taken.has(relative.toLowerCase()); n++) relative = numberedName(safe.relative, n);
    taken.add(relative.toLowerCase());
    const renamedFrom = relative === safe.relative ? safe.renamedFrom : object.relative;
    if (renamedFrom !== undefined) notices.push(`${object.key}: saved as ${relative}`);
    const task = make({
      kind: 'download',
      id: randomUUID(),
      bucket: request.bucket,
      key: object.key,
      ...(versionId !== undefined && { versionId }),
      ...(object.size !== undefined && { size: object.size }),
      targetDir: request.targetDir,
      relative,
      current: relative,
      folder: object.key.endsWith('/'),
    });
    items.push({ task, renamedFrom });
  }
  return { items, notices };
}

/** One item per picked object, from one session's bucket to another's prefix. */
export function copyItems(
  request: CopyRequest,
  picked: readonly SelectedObject[],
  make: MakeTask,
): NewItem[] {
  const { from, to, owners } = request;
  const prefix = withSlash(to.prefix);
  const sourceOwner = owners?.get(from.bucket);
  const targetOwner = owners?.get(to.bucket);
  return picked.map((object) => ({
    task: make({
      kind: 'copy',
      from: {
        bucket: from.bucket,
        key: object.key,
        ...(object.size !== undefined && { size: object.size }),
        ...(sourceOwner && { owner: sourceOwner }),
      },
      to: { bucket: to.bucket, key: prefix + object.relative, ...(targetOwner && { owner: targetOwner }) },
    }),
  }));
}

/**
 * Copies S3 makes itself, between two buckets one session reaches (a server-side sync). Unlike
 * `PairedRequest` a target found at the target is never asked about: the plan said overwrite,
 * or it is skipped with the reason.
 */
export interface ServerCopyRequest {
  /** The target's session, which reads the source too. */
  readonly sessionId: string;
  readonly from: { readonly bucket: string; readonly owner?: string | undefined };
  readonly to: { readonly bucket: string; readonly owner?: string | undefined };
  readonly pairs: PairedRequest['pairs'];
  readonly care: CopyCare;
}

/** One 'server-copy' item per pair. */
export function serverCopyItems(request: ServerCopyRequest, make: MakeTask): NewItem[] {
  const { from, to, care } = request;
  return request.pairs.map((pair) => ({
    task: make({
      kind: 'server-copy',
      from: {
        bucket: from.bucket,
        key: pair.source,
        size: pair.size,
        ...(from.owner && { owner: from.owner }),
      },
      to: { bucket: to.bucket, key: pair.targetKey, ...(to.owner && { owner: to.owner }) },
      care,
    }),
    choice: pair.overwrite ? 'overwrite' : 'skip',
  }));
}

/** What an upload keeps of a copy's care: a file has no metadata or tags to carry. */
const writeCareOf = ({ metadata: _m, tags: _t, ...care }: CopyCare): WriteCare => care;

/**
 * One item per pair: a copy between buckets, an upload of a file under `from.localRoot`, or a
 * download to `to.localRoot` (its target key a safe relative path, see safe-path.ts).
 */
export function pairedItems(request: PairedRequest, make: MakeTask): NewItem[] {
  const { from, to, care } = request;
  return request.pairs.map((pair) => {
    if ('localRoot' in to) {
      if ('localRoot' in from) throw new Error('a local folder cannot be synced into another');
      const task = make({
        kind: 'download',
        id: randomUUID(),
        bucket: from.bucket,
        key: pair.source,
        size: pair.size,
        targetDir: to.localRoot,
        relative: pair.targetKey,
        current: pair.targetKey,
        folder: false,
      });
      return { task, ...(pair.overwrite && { choice: 'overwrite' as const }) };
    }
    const task =
      'localRoot' in from
        ? make({
            kind: 'upload',
            bucket: to.bucket,
            ...(care?.targetOwner && { owner: care.targetOwner }),
            ...(care && { care: writeCareOf(care.write) }),
            key: pair.targetKey,
            localPath: join(from.localRoot, pair.source),
            entry: 'file',
            size: pair.size,
          })
        : make({
            kind: 'copy',
            from: {
              bucket: from.bucket,
              key: pair.source,
              size: pair.size,
              ...(care?.sourceOwner && { owner: care.sourceOwner }),
            },
            to: {
              bucket: to.bucket,
              key: pair.targetKey,
              ...(care?.targetOwner && { owner: care.targetOwner }),
            },
            ...(care && { care: care.write }),
          });
    return { task, ...(pair.overwrite && { choice: 'overwrite' as const }) };
  });
}
