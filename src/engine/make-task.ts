import type { Job } from '../shared/engine/protocol';
import { CopyAcrossTask } from './transfers/copy-across';
import { DownloadObjectTask } from './transfers/download-object';
import { ServerCopyTask } from './transfers/server-copy';
import type { TaskDeps, TransferTask } from './transfers/task';
import { UploadFileTask } from './transfers/upload-file';

/**
 * The task a job stands for. The record says what to transfer (and how far an earlier run got);
 * each place names the session that reaches one of its buckets: for a copy the target's first.
 */
export function makeTask(job: Job, deps: TaskDeps): TransferTask {
  const r = job.record;
  const resumed = job.resumed ? r : undefined;
  const [first, second = first] = job.places.map((p) => p.sessionId) as [string, string?];
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
          ...(r.owner !== undefined && { owner: r.owner }),
          ...(r.care && { care: r.care }),
        },
        deps,
        resumed?.kind === 'upload' ? resumed : undefined,
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
        resumed?.kind === 'download' ? resumed : undefined,
      );
    case 'copy':
      return new CopyAcrossTask(
        {
          from: { sessionId: second, ...r.from },
          to: { sessionId: first, ...r.to },
          ...(r.care && { care: r.care }),
        },
        deps,
        resumed?.kind === 'copy' ? resumed : undefined,
      );
    case 'server-copy':
      return new ServerCopyTask(
        { sessionId: first, from: r.from, to: r.to, ...(r.care && { care: r.care }) },
        deps,
        resumed?.kind === 'server-copy' ? resumed : undefined,
      );
  }
}
