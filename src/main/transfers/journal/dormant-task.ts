import { rm } from 'node:fs/promises';
import { CopyAcrossTask } from '../../../engine/transfers/copy-across';
import { DownloadObjectTask, downloadTempPath } from '../../../engine/transfers/download-object';
import { RetryLog } from '../../../shared/transfers/retry';
import { resolveInside } from '../../../engine/transfers/safe-path';
import type { ExistingTarget, TransferTask } from '../transfer-task';
import { type TaskDeps, UploadFileTask } from '../../../engine/transfers/upload-file';
import type { MultipartState, TaskRecord } from './records';

const asleep = (): never => {
  throw new Error('an interrupted transfer runs only once its session is open again');
};

const finishedBytes = (multipart: MultipartState | undefined): number => {
  const upload = multipart?.upload;
  if (!upload) return 0;
  return upload.done.reduce((sum, part) => sum + (upload.parts[part.n - 1] ?? 0), 0);
};

/**
 * A transfer read back from the journal whose session is not open yet: it shows what it is and
 * how far it got, and does nothing until `wake` turns it into the real task for the sessions the
 * user opened again. Nothing here holds or needs credentials.
 */
export class DormantTask implements TransferTask {
  readonly source: string;
  readonly retries = new RetryLog();

  constructor(readonly record: TaskRecord) {
    this.source =
      record.kind === 'upload'
        ? record.localPath
        : record.kind === 'download'
          ? `s3://${record.bucket}/${record.key}`
          : `s3://${record.from.bucket}/${record.from.key}`;
  }

  target(): string {
    const r = this.record;
    if (r.kind === 'upload') return `s3://${r.bucket}/${r.key}`;
    if (r.kind === 'copy') return `s3://${r.to.bucket}/${r.to.key}`;
    return resolveInside(r.targetDir, r.current);
  }

  bytesTotal(): number {
    const r = this.record;
    if (r.kind === 'upload') return r.size;
    if (r.kind === 'copy') return r.from.size ?? 0;
    return r.object?.size ?? r.size ?? 0;
  }

  bytesDone(): number {
    const r = this.record;
    if (r.kind !== 'download') return finishedBytes(r.multipart);
    return (r.done ?? []).reduce((sum, n) => sum + (r.ranges?.[n - 1] ?? 0), 0);
  }

  findExisting(): Promise<ExistingTarget | undefined> {
    return asleep();
  }

  keepBoth(): Promise<void> {
    return asleep();
  }

  run(): Promise<void> {
    return asleep();
  }

  /** The multipart upload it left in S3, which only its session can abort. */
  upload(): { readonly bucket: string; readonly key: string; readonly uploadId: string } | undefined {
    const r = this.record;
    if (r.kind === 'download') return undefined;
    const uploadId = r.multipart?.upload?.uploadId;
    if (uploadId === undefined) return undefined;
    return r.kind === 'upload'
      ? { bucket: r.bucket, key: r.key, uploadId }
      : { bucket: r.to.bucket, key: r.to.key, uploadId };
  }

  /** Removes what it left on this disk; what it left in S3 is the queue's to abort (see `upload`). */
  async discard(): Promise<void> {
    const r = this.record;
    if (r.kind === 'download' && !r.folder)
      await rm(downloadTempPath(this.target(), r.relative, r.id), { force: true });
  }

  checkpoint(): TaskRecord {
    return this.record;
  }

  restartReason(): string | undefined {
    return undefined;
  }

  /** The real task, for the sessions opened again (in the queue's order: written to, then read from). */
  wake(sessionIds: readonly string[], deps: TaskDeps): TransferTask {
    const r = this.record;
    const [first = '', second = first] = sessionIds;
    switch (r.kind) {
      case 'upload':
        return new UploadFileTask(
          {
            sessionId: first,
            bucket: r.bucket,
            key: r.key,
            localPath: r.localPath,
            kind: r.entry,
            size: r.size,
          },
          deps,
          r,
        );
      case 'download':
        return new DownloadObjectTask(
          {
            id: r.id,
            sessionId: first,
            bucket: r.bucket,
            key: r.key,
            versionId: r.versionId,
            size: r.size,
            targetDir: r.targetDir,
            relative: r.relative,
            isFolder: r.folder,
          },
          deps,
          r,
        );
      case 'copy':
        return new CopyAcrossTask(
          {
            from: { sessionId: second, bucket: r.from.bucket, key: r.from.key, size: r.from.size },
            to: { sessionId: first, bucket: r.to.bucket, key: r.to.key },
          },
          deps,
          r,
        );
    }
  }
}
