import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { BatchFailedTask } from '../../shared/models/batch';

/** Failed tasks kept for the window; the report in S3 keeps them all. */
export const MAX_FAILED_TASKS_SHOWN = 200;
/** A results file larger than this is read only in part: the first failures tell the story. */
const MAX_RESULTS_BYTES = 16 * 1024 * 1024;

/**
 * Where a job's completion report lives: AWS writes `<prefix>/job-<id>/manifest.json`, which
 * lists the results CSVs (one for succeeded tasks, one for failed ones).
 */
export const reportManifestKey = (prefix: string, jobId: string): string =>
  `${prefix ? `${prefix}/` : ''}job-${jobId}/manifest.json`;

interface ReportManifest {
  readonly Results?: readonly {
    readonly TaskExecutionStatus?: string;
    readonly Bucket?: string;
    readonly Key?: string;
  }[];
}

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Report keys are URL-encoded like the manifest's; a `+` is a space in AWS's encoding. */
const decodeKey = (key: string): string => {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
};

/**
 * A results row: Bucket, Key, VersionId, TaskStatus, then the HTTP status, the error code and
 * AWS's message (the documented schema names them "ErrorCode, HTTPStatusCode", but AWS's own
 * reports put the HTTP status first: `…,failed,403,AccessDenied,Access Denied`).
 */
export function failedTaskOf(row: readonly string[]): BatchFailedTask | undefined {
  const [bucket = '', key = '', , status = '', httpStatus = '', code = '', ...message] = row;
  if (status !== 'failed') return undefined;
  return { bucket, key: decodeKey(key), httpStatus, code, message: message.join(',') };
}

async function readText(client: S3Client, bucket: string, key: string, owner: string): Promise<string> {
  const out = await client.send(
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ExpectedBucketOwner: owner,
      Range: `bytes=0-${MAX_RESULTS_BYTES - 1}`,
    }),
  );
  return (await out.Body?.transformToString('utf8')) ?? '';
}

/** The failed tasks of a finished job, from its completion report (the first few hundred). */
export async function readFailedTasks(
  client: S3Client,
  report: { readonly bucket: string; readonly prefix: string; readonly owner: string },
  jobId: string,
): Promise<readonly BatchFailedTask[]> {
  const manifestText = await readText(
    client,
    report.bucket,
    reportManifestKey(report.prefix, jobId),
    report.owner,
  );
  const manifest = JSON.parse(manifestText) as ReportManifest;
  const failed: BatchFailedTask[] = [];
  for (const result of manifest.Results ?? []) {
    if (result.TaskExecutionStatus !== 'failed' || !result.Key) continue;
    const text = await readText(client, result.Bucket ?? report.bucket, result.Key, report.owner);
    for (const row of parseCsv(text)) {
      const task = failedTaskOf(row);
      if (task) failed.push(task);
      if (failed.length >= MAX_FAILED_TASKS_SHOWN) return failed;
    }
  }
  return failed;
}
