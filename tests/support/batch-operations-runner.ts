// What the S3 Batch Operations stand-in does once a job is Ready: it becomes the job's role and
// works through the manifest as AWS documents it for S3PutObjectCopy.
//
// - The role: AWS assumes it as the service `batchoperations.s3.amazonaws.com`. moto cannot
//   evaluate a Service principal (it only matches `AWS` principals, and errors on others), so
//   the runner judges the trust policy itself — an Allow of sts:AssumeRole to that service, with
//   `aws:SourceAccount` (StringEquals) honoured — and then obtains the role's credentials from
//   moto's STS as a separate "service" account, a cross-account AssumeRole that moto lets
//   through. The AssumeRole goes through the world's endpoint (the access guard), so the guard
//   learns the session and judges every later S3 call of the role like AWS would: the role's
//   identity policies and, across accounts, the bucket policies.
// - The manifest is read as the role, with the ETag CreateJob named (If-Match); keys are
//   URL-decoded with `+` as a space, as AWS reads CSV manifests.
// - Each task is one CopyObject as the role, to TargetResource with TargetKeyPrefix + "/" + key
//   (AWS joins a TargetKeyPrefix and the key with a slash), with what the operation asks of each
//   copy: ACL, KMS key, metadata, tags, storage class (batch-operations-copy.ts).
// - The completion report (all tasks) is written as the role in AWS's documented layout:
//   `<prefix>/job-<id>/manifest.json` naming `results/<sha>.csv` files, one for the succeeded
//   and one for the failed tasks, rows `Bucket,Key,VersionId,TaskStatus,<HTTP status>,<error
//   code>,<message>` with the key URL-encoded.
import { createHash } from 'node:crypto';
import { CopyObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type CopySpec, copyObjectFields, tagsOfCopy } from './batch-operations-copy';
import type { PolicyDocument } from './policies';

export const BATCH_SERVICE_PRINCIPAL = 'batchoperations.s3.amazonaws.com';

export interface RunnerOptions {
  /** The world's endpoint: the access guard in front of moto (S3 and STS). */
  readonly endpoint: string;
  readonly region: string;
  /** Long-term keys of a user in an account of its own that stands for the AWS service. */
  readonly serviceCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The role's trust policy as IAM holds it now; undefined when there is no such role. */
  readonly roleTrust: (roleArn: string) => Promise<PolicyDocument | undefined>;
}

export interface JobSpec {
  readonly jobId: string;
  readonly account: string;
  readonly roleArn: string;
  readonly manifest: { readonly bucket: string; readonly key: string; readonly etag: string };
  readonly fields: readonly string[];
  readonly target: { readonly bucket: string; readonly keyPrefix?: string };
  readonly copy: CopySpec;
  readonly report?: { readonly bucket: string; readonly prefix?: string };
}

export interface TaskResult {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly ok: boolean;
  readonly httpStatus: number;
  readonly code: string;
  readonly message: string;
}

export interface JobProgress {
  total(n: number): void;
  task(result: TaskResult): void;
}

/** Why a job failed as a whole (AWS's JobFailure), thrown by the runner. */
export class JobFailure extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export const bucketOfArn = (arn: string): string => arn.replace(/^arn:[\w-]+:s3:::/, '').split('/')[0] ?? '';
const asList = <T>(v: T | readonly T[] | undefined): readonly T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v as T];

function trustsService(trust: PolicyDocument | undefined, account: string): boolean {
  return (trust?.Statement ?? []).some((s) => {
    const services = asList(s.Principal?.Service);
    const actions = asList(s.Action);
    const source = s.Condition?.StringEquals?.['aws:SourceAccount'];
    return (
      s.Effect === 'Allow' &&
      services.includes(BATCH_SERVICE_PRINCIPAL) &&
      actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*') &&
      (source === undefined || asList(source).includes(account))
    );
  });
}

const decodeManifestKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));
const encodeReportKey = (key: string): string => encodeURIComponent(key).replace(/%2F/g, '/');
const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

function errorOf(err: unknown): { httpStatus: number; code: string; message: string } {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return {
    httpStatus: e.$metadata?.httpStatusCode ?? 500,
    code: e.name ?? 'InternalError',
    message: e.message ?? String(err),
  };
}

/** Runs one job to the end; throws JobFailure when the job as a whole cannot go on. */
export async function runJob(options: RunnerOptions, job: JobSpec, progress: JobProgress): Promise<void> {
  if (!trustsService(await options.roleTrust(job.roleArn), job.account)) {
    throw new JobFailure(
      'AccessDenied',
      `Batch Operations could not assume the role ${job.roleArn}: its trust policy does not allow ${BATCH_SERVICE_PRINCIPAL}.`,
    );
  }
  const sts = new STSClient({
    endpoint: options.endpoint,
    region: options.region,
    credentials: options.serviceCredentials,
    maxAttempts: 1,
  });
  let s3: S3Client | undefined;
  try {
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: job.roleArn,
        RoleSessionName: `s3-batch-operations-${job.jobId.slice(0, 8)}`,
      }),
    );
    const c = assumed.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
      throw new JobFailure('AccessDenied', 'AssumeRole returned no credentials.');
    s3 = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
      },
    });
    const role = s3;
    const manifest = await readManifest(role, job);
    progress.total(manifest.length);
    const results: TaskResult[] = [];
    for (const task of manifest) {
      const result = await copyTask(role, job, task);
      results.push(result);
      progress.task(result);
    }
    if (job.report) await writeReport(role, job, job.report, results);
  } finally {
    sts.destroy();
    s3?.destroy();
  }
}

async function readManifest(s3: S3Client, job: JobSpec) {
  let text: string;
  try {
    const out = await s3.send(
      new GetObjectCommand({
        Bucket: job.manifest.bucket,
        Key: job.manifest.key,
        IfMatch: job.manifest.etag,
      }),
    );
    text = (await out.Body?.transformToString('utf8')) ?? '';
  } catch (err) {
    const e = errorOf(err);
    throw new JobFailure(
      'ManifestReadFailed',
      `Reading the manifest failed: ${e.code} (${e.httpStatus}) ${e.message}`,
    );
  }
  const withVersions = job.fields.includes('VersionId');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [bucket = '', key = '', versionId] = line.split(',');
      return { bucket, key: decodeManifestKey(key), ...(withVersions && versionId ? { versionId } : {}) };
    });
}

async function copyTask(
  s3: S3Client,
  job: JobSpec,
  task: { bucket: string; key: string; versionId?: string },
): Promise<TaskResult> {
  const targetKey = job.target.keyPrefix ? `${job.target.keyPrefix}/${task.key}` : task.key;
  const source = `${task.bucket}/${encodeURIComponent(task.key).replace(/%2F/g, '/')}`;
  try {
    const tags = await tagsOfCopy(s3, job.copy, task);
    await s3.send(
      new CopyObjectCommand({
        Bucket: job.target.bucket,
        Key: targetKey,
        CopySource: task.versionId ? `${source}?versionId=${encodeURIComponent(task.versionId)}` : source,
        ...copyObjectFields(job.copy, tags),
      }),
    );
    return { ...task, ok: true, httpStatus: 200, code: '', message: 'Successful' };
  } catch (err) {
    return { ...task, ok: false, ...errorOf(err) };
  }
}

async function writeReport(
  s3: S3Client,
  job: JobSpec,
  report: { readonly bucket: string; readonly prefix?: string },
  results: readonly TaskResult[],
): Promise<void> {
  const base = `${report.prefix ? `${report.prefix}/` : ''}job-${job.jobId}`;
  const entries: { TaskExecutionStatus: string; Bucket: string; MD5Checksum: string; Key: string }[] = [];
  for (const status of ['succeeded', 'failed'] as const) {
    const rows = results.filter((r) => r.ok === (status === 'succeeded'));
    if (rows.length === 0) continue;
    const csv = rows
      .map((r) =>
        [r.bucket, encodeReportKey(r.key), r.versionId ?? '', status, String(r.httpStatus), r.code, r.message]
          .map(csvField)
          .join(','),
      )
      .join('\n');
    const body = `${csv}\n`;
    const key = `${base}/results/${createHash('sha1').update(`${job.jobId}:${status}`).digest('hex')}.csv`;
    await putReport(s3, report.bucket, key, body);
    entries.push({
      TaskExecutionStatus: status,
      Bucket: report.bucket,
      MD5Checksum: createHash('md5').update(body).digest('hex'),
      Key: key,
    });
  }
  const manifest = {
    Format: 'Report_CSV_20180820',
    ReportCreationDate: new Date().toISOString(),
    Results: entries,
    ReportSchema: 'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage',
  };
  await putReport(s3, report.bucket, `${base}/manifest.json`, JSON.stringify(manifest));
}

async function putReport(s3: S3Client, bucket: string, key: string, body: string): Promise<void> {
  try {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  } catch (err) {
    const e = errorOf(err);
    throw new JobFailure(
      'ReportWriteFailed',
      `Writing the completion report to s3://${bucket}/${key} failed: ${e.code} ${e.message}`,
    );
  }
}
