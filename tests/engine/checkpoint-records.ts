// What an engine's task reports at each checkpoint of one transfer, in the records' real shapes:
// the states a `CheckpointLine` is fed, and what main's copy must equal after each.
import { createHash } from 'node:crypto';
import type { TaskState } from '../../src/shared/engine/protocol';
import type {
  DownloadRecord,
  ServerCopyRecord,
  TaskRecord,
  UploadRecord,
} from '../../src/shared/engine/records';

const MiB = 1024 * 1024;
const hex = (s: string): string => createHash('md5').update(s).digest('hex');

/** A fixed shuffle of 1..n: parts finish out of order when several are in flight. */
export function finishOrder(n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i + 1);
  let seed = 7;
  for (let i = n - 1; i > 0; i--) {
    seed = (seed * 48271) % 2147483647;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

export const uploadOpened = (parts: number): UploadRecord => ({
  kind: 'upload',
  bucket: 'alpha-data',
  key: 'soak/big.bin',
  localPath: '/home/user/big.bin',
  entry: 'file',
  size: parts * 8 * MiB,
});

/**
 * An upload of `parts` parts of 8 MiB as its checkpoints report it: before CreateMultipartUpload,
 * after it, then one per part finished (listed in the order they finished).
 */
export function uploadRecords(parts: number, uploadId = 'upload-1'): UploadRecord[] {
  const opened = uploadOpened(parts);
  const since = '2026-12-07T00:00:00.000Z';
  const stamp = { size: opened.size, mtimeMs: 1_765_000_000_000 };
  const lengths = Array.from({ length: parts }, () => 8 * MiB);
  const records: UploadRecord[] = [{ ...opened, multipart: { since } }];
  const done: { n: number; etag: string; md5: string }[] = [];
  const at = (): UploadRecord => ({
    ...opened,
    stamp,
    multipart: { since, upload: { uploadId, parts: lengths, done: [...done] } },
  });
  records.push(at());
  for (const n of finishOrder(parts)) {
    const md5 = hex(`${uploadId}/${n}`);
    done.push({ n, etag: `"${md5}"`, md5 });
    records.push(at());
  }
  return records;
}

export const downloadOpened: DownloadRecord = {
  kind: 'download',
  id: '5d0c7a4e-8f1b-4c2a-9e3d-7b6a5c4d3e2f',
  bucket: 'alpha-data',
  key: 'soak/big.bin',
  size: 40 * 8 * MiB,
  targetDir: '/home/user/Downloads',
  relative: 'big.bin',
  current: 'big.bin',
  folder: false,
};

/** A download of 40 ranges: its plan, then one checkpoint per range written (listed in order of number). */
export function downloadRecords(): DownloadRecord[] {
  const ranges = Array.from({ length: 40 }, () => 8 * MiB);
  const object = { size: 40 * 8 * MiB, etag: `"${hex('object')}-40"` };
  const records: DownloadRecord[] = [{ ...downloadOpened, object, ranges, parts: ranges }];
  const done: number[] = [];
  for (const n of finishOrder(40)) {
    done.push(n);
    done.sort((a, b) => a - b);
    records.push({ ...downloadOpened, object, ranges, parts: ranges, done: [...done] });
  }
  return records;
}

/** The task's state as the engine's host reports it with a record. */
export const stateOf = (record: TaskRecord, taskId = 't1'): TaskState => ({
  taskId,
  bytesDone: 0,
  bytesTotal: 320 * MiB,
  retriesUsed: 0,
  target: 's3://alpha-data/soak/big.bin',
  record,
});

export const serverCopyOpened: ServerCopyRecord = {
  kind: 'server-copy',
  from: { bucket: 'alpha-data', key: 'soak/big.bin', size: 20 * 8 * MiB, owner: '111111111111' },
  to: { bucket: 'beta-data', key: 'copies/big.bin', owner: '222222222222' },
  etag: `"${hex('source')}-20"`,
};

/** A copy S3 makes in 20 parts (UploadPartCopy): after CreateMultipartUpload, then one per part copied. */
export function serverCopyRecords(): ServerCopyRecord[] {
  const since = '2026-12-07T00:00:00.000Z';
  const parts = Array.from({ length: 20 }, () => 8 * MiB);
  const done: { n: number; etag: string }[] = [];
  const at = (): ServerCopyRecord => ({
    ...serverCopyOpened,
    since,
    upload: { uploadId: 'copy-1', parts, done: [...done] },
  });
  const records = [at()];
  for (const n of finishOrder(20)) {
    done.push({ n, etag: `"${hex(`copy-1/${n}`)}"` });
    records.push(at());
  }
  return records;
}
