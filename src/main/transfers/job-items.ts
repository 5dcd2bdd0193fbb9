import { randomUUID } from 'node:crypto';
import { CopyAcrossTask } from '../../engine/transfers/copy-across';
import { DownloadObjectTask } from '../../engine/transfers/download-object';
import { numberedName } from '../../shared/transfers/free-name';
import type { SelectedObject } from './list-selection';
import type { NewItem } from './queue-entries';
import { toSafeRelativePath } from './safe-name';
import { type TaskDeps, UploadFileTask } from '../../engine/transfers/upload-file';
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
  deps: TaskDeps,
): NewItem[] {
  const prefix = withSlash(request.prefix);
  return walked.map((entry) => ({
    task: new UploadFileTask(
      {
        sessionId: request.sessionId,
        bucket: request.bucket,
        key: prefix + entry.relativeKey,
        localPath: entry.localPath,
        kind: entry.kind,
        size: entry.size,
      },
      deps,
    ),
  }));
}

/**
 * One item per picked object, each to a safe relative path under the target folder. Keys that
 * name no usable file, or had to be renamed, are reported in `notices`.
 */
export function downloadItems(
  request: DownloadRequest,
  picked: readonly SelectedObject[],
  deps: TaskDeps,
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
    const task = new DownloadObjectTask(
      {
        id: randomUUID(),
        sessionId: request.sessionId,
        bucket: request.bucket,
        key: object.key,
        versionId,
        size: object.size,
        targetDir: request.targetDir,
        relative,
        isFolder: object.key.endsWith('/'),
      },
      deps,
    );
    items.push({ task, renamedFrom });
  }
  return { items, notices };
}

/** One item per picked object, from one session's bucket to another's prefix. */
export function copyItems(
  request: CopyRequest,
  picked: readonly SelectedObject[],
  deps: TaskDeps,
): NewItem[] {
  const { from, to } = request;
  const prefix = withSlash(to.prefix);
  return picked.map((object) => ({
    task: new CopyAcrossTask(
      {
        from: { sessionId: from.sessionId, bucket: from.bucket, key: object.key, size: object.size },
        to: { sessionId: to.sessionId, bucket: to.bucket, key: prefix + object.relative },
      },
      deps,
    ),
  }));
}
