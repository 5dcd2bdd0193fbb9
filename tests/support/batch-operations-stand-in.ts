// A stand-in for S3 Batch Operations (the job part of S3 Control), which moto 5.2.1 does not
// have. It speaks the wire format the AWS SDKs expect — REST + XML under /v20180820/jobs, the
// account in the `x-amz-account-id` header (or, as AWS's endpoint rules put it, as the first
// label of the host name), errors as <ErrorResponse><Error><Code> (S3 Control's rest-xml
// wrapping) — and serves CreateJob, DescribeJob, ListJobs and UpdateJobStatus. Crossbucket
// reaches it through AWS_ENDPOINT_URL_S3_CONTROL (or a profile's `services` block) like any
// custom endpoint.
//
// CreateJob is authorized as AWS documents it, before anything else: the caller (named by the
// request's access key, through the access guard, which evaluates the caller's identity
// policies as moto holds them now, with iam-simulate) needs `s3:CreateJob` (resource `*`) and
// `iam:PassRole` on the job's role with `iam:PassedToService` = batchoperations.s3.amazonaws.com,
// and must belong to the account the request names. A refusal is HTTP 403 AccessDenied with
// IAM's wording ("User: … is not authorized to perform: iam:PassRole on resource: <role> because
// no identity-based policy allows the iam:PassRole action"), the enriched form AWS gives inside
// one account.
//
// Jobs follow AWS's states: New → Preparing → Suspended (when confirmation is required, until
// UpdateJobStatus Ready) → Ready → Active → Complete, or Failed when the job as a whole cannot
// run (a role it cannot assume, a manifest it cannot read, a report it cannot write), or
// Cancelled. The work itself — assuming the job's role, reading the manifest, one CopyObject
// per task against moto, the completion report — is batch-operations-runner.ts, whose header
// says where it has to stand in for AWS itself (the service principal in the trust policy).
// ClientRequestToken is idempotent per account, as on AWS: the same token returns the same job.
// What it does not check: the signature itself (the access key only names the caller), the
// permissions of DescribeJob, ListJobs and UpdateJobStatus (s3:DescribeJob, s3:ListJobs,
// s3:UpdateJobStatus), job tags and priority conditions, and the failure threshold that stops a
// job once more than half of its first 1,000 tasks have failed.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseXML } from '@aws-sdk/xml-builder';
import type { CallToJudge, Verdict } from './access-guard';
import { copySpecOf } from './batch-operations-copy';
import {
  BATCH_SERVICE_PRINCIPAL,
  bucketOfArn,
  JobFailure,
  type JobSpec,
  type RunnerOptions,
  runJob,
  type TaskResult,
} from './batch-operations-runner';

type Status =
  | 'New'
  | 'Preparing'
  | 'Suspended'
  | 'Ready'
  | 'Active'
  | 'Complete'
  | 'Failed'
  | 'Cancelling'
  | 'Cancelled';

export interface BatchJobRecord {
  readonly spec: JobSpec;
  readonly token?: string;
  readonly confirmationRequired: boolean;
  readonly description: string;
  readonly priority: number;
  readonly created: Date;
  status: Status;
  total: number;
  succeeded: number;
  failed: number;
  failures: { code: string; reason: string }[];
  terminated?: Date;
  readonly results: TaskResult[];
}

/** One request the stand-in answered. */
export interface BatchOperationsCall {
  readonly operation: string;
  readonly account: string;
  readonly host: string;
  readonly status: number;
}

export interface BatchOperationsStandIn {
  readonly endpoint: string;
  /** Jobs by id, for assertions. */
  jobs(): readonly BatchJobRecord[];
  calls(): readonly BatchOperationsCall[];
  /** Resolves once the job has reached a final state. */
  settled(jobId: string): Promise<BatchJobRecord>;
  close(): Promise<void>;
}

type Xml = Record<string, unknown>;
const text = (node: unknown): string | undefined => (typeof node === 'string' ? node : undefined);
const child = (node: unknown, name: string): unknown =>
  node && typeof node === 'object' ? (node as Xml)[name] : undefined;
const members = (node: unknown): string[] => {
  const m = child(node, 'member');
  return Array.isArray(m) ? m.map(String) : m === undefined ? [] : [String(m)];
};
const escapeXml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, value: string | number | boolean | undefined): string =>
  value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const finished = (s: Status): boolean => s === 'Complete' || s === 'Failed' || s === 'Cancelled';

export interface StandInOptions extends RunnerOptions {
  /** The access guard's judgement of the caller's own permissions (AccessGuard.authorize). */
  readonly authorize: (call: CallToJudge) => Promise<Verdict & { readonly principal?: string }>;
}

export async function startBatchOperationsStandIn(options: StandInOptions): Promise<BatchOperationsStandIn> {
  const jobs = new Map<string, BatchJobRecord & { account: string }>();
  const calls: BatchOperationsCall[] = [];
  const waiters = new Map<string, (() => void)[]>();

  const settle = (job: BatchJobRecord): void => {
    job.terminated = new Date();
    for (const wake of waiters.get(job.spec.jobId) ?? []) wake();
    waiters.delete(job.spec.jobId);
  };

  const run = async (job: BatchJobRecord): Promise<void> => {
    job.status = 'Active';
    try {
      await runJob(options, job.spec, {
        total: (n) => {
          job.total = n;
        },
        task: (result) => {
          job.results.push(result);
          if (result.ok) job.succeeded += 1;
          else job.failed += 1;
        },
      });
      // UpdateJobStatus may have asked for a cancel while the tasks ran.
      job.status = (job.status as Status) === 'Cancelling' ? 'Cancelled' : 'Complete';
    } catch (err) {
      job.status = 'Failed';
      job.failures.push(
        err instanceof JobFailure
          ? { code: err.code, reason: err.reason }
          : { code: 'InternalError', reason: String(err) },
      );
    }
    settle(job);
  };

  const accountOf = (req: http.IncomingMessage): string => {
    const header = req.headers['x-amz-account-id'];
    const fromHost = /^(\d{12})\./.exec(req.headers.host ?? '')?.[1];
    const account = (typeof header === 'string' ? header : undefined) ?? fromHost;
    if (!account || !/^\d{12}$/.test(account))
      throw new ApiError(400, 'InvalidRequest', 'x-amz-account-id is missing or not an account id.');
    if (!/Credential=/.test(req.headers.authorization ?? ''))
      throw new ApiError(403, 'AccessDenied', 'The request is not signed.');
    return account;
  };

  /** s3:CreateJob, then iam:PassRole of the job's role to the service, as AWS checks them. */
  const authorizeCreate = async (req: http.IncomingMessage, account: string, roleArn: string) => {
    const authorization = req.headers.authorization ?? '';
    for (const call of [
      { action: 's3:CreateJob', resource: '*' },
      {
        action: 'iam:PassRole',
        resource: roleArn,
        context: { 'iam:PassedToService': BATCH_SERVICE_PRINCIPAL },
      },
    ]) {
      const verdict = await options.authorize({ authorization, ...call });
      if (!verdict.allowed) throw new ApiError(403, 'AccessDenied', verdict.message ?? 'Access Denied');
      if (verdict.principal && verdict.principal.split(':')[4] !== account)
        throw new ApiError(403, 'AccessDenied', 'Access Denied');
    }
  };

  const createJob = async (req: http.IncomingMessage, account: string, body: string): Promise<string> => {
    const request = child(parseXML(body), 'CreateJobRequest');
    const roleArn = text(child(request, 'RoleArn'));
    if (!roleArn || !/^arn:aws:iam::\d{12}:role\//.test(roleArn))
      throw new ApiError(400, 'InvalidRequest', 'RoleArn is not a role ARN.');
    await authorizeCreate(req, account, roleArn);
    const token = text(child(request, 'ClientRequestToken'));
    const existing = [...jobs.values()].find(
      (j) => j.account === account && token !== undefined && j.token === token,
    );
    if (existing) return existing.spec.jobId;
    const copy = child(child(request, 'Operation'), 'S3PutObjectCopy');
    if (!copy)
      throw new ApiError(
        400,
        'InvalidRequest',
        'Only the S3PutObjectCopy operation is served by this stand-in.',
      );
    const manifest = child(request, 'Manifest');
    const format = text(child(child(manifest, 'Spec'), 'Format'));
    if (format !== 'S3BatchOperations_CSV_20180820')
      throw new ApiError(400, 'InvalidRequest', `Manifest format ${format} is not supported here.`);
    const location = child(manifest, 'Location');
    const objectArn = text(child(location, 'ObjectArn')) ?? '';
    const etag = text(child(location, 'ETag'));
    if (!etag) throw new ApiError(400, 'InvalidRequest', 'The manifest location needs an ETag.');
    const report = child(request, 'Report');
    const reportEnabled = text(child(report, 'Enabled')) === 'true';
    const jobId = randomUUID();
    const targetPrefix = text(child(copy, 'TargetKeyPrefix'));
    const reportBucket = text(child(report, 'Bucket'));
    const reportPrefix = text(child(report, 'Prefix'));
    const job: BatchJobRecord & { account: string } = {
      account,
      spec: {
        jobId,
        account,
        roleArn,
        manifest: {
          bucket: bucketOfArn(objectArn),
          key: objectArn.replace(/^arn:[\w-]+:s3:::[^/]+\//, ''),
          etag,
        },
        fields: members(child(child(manifest, 'Spec'), 'Fields')),
        target: {
          bucket: bucketOfArn(text(child(copy, 'TargetResource')) ?? ''),
          ...(targetPrefix ? { keyPrefix: targetPrefix } : {}),
        },
        copy: copySpecOf(copy),
        ...(reportEnabled && reportBucket
          ? {
              report: {
                bucket: bucketOfArn(reportBucket),
                ...(reportPrefix ? { prefix: reportPrefix } : {}),
              },
            }
          : {}),
      },
      ...(token ? { token } : {}),
      confirmationRequired: text(child(request, 'ConfirmationRequired')) === 'true',
      description: text(child(request, 'Description')) ?? '',
      priority: Number(text(child(request, 'Priority')) ?? 0),
      created: new Date(),
      status: 'New',
      total: 0,
      succeeded: 0,
      failed: 0,
      failures: [],
      results: [],
    };
    jobs.set(jobId, job);
    job.status = job.confirmationRequired ? 'Suspended' : 'Ready';
    if (job.status === 'Ready') void run(job);
    return jobId;
  };

  const jobOf = (account: string, jobId: string) => {
    const job = jobs.get(jobId);
    if (!job || job.account !== account)
      throw new ApiError(404, 'NotFoundException', `No job ${jobId} in account ${account}.`);
    return job;
  };

  const describe = (job: BatchJobRecord & { account: string }): string =>
    `<Job>${el('JobId', job.spec.jobId)}${el('ConfirmationRequired', job.confirmationRequired)}${el('Description', job.description)}` +
    `${el('JobArn', `arn:aws:s3:us-east-1:${job.account}:job/${job.spec.jobId}`)}${el('Status', job.status)}` +
    `<Manifest><Spec>${el('Format', 'S3BatchOperations_CSV_20180820')}<Fields>${job.spec.fields.map((f) => el('member', f)).join('')}</Fields></Spec>` +
    `<Location>${el('ObjectArn', `arn:aws:s3:::${job.spec.manifest.bucket}/${job.spec.manifest.key}`)}${el('ETag', job.spec.manifest.etag)}</Location></Manifest>` +
    `${el('Priority', job.priority)}<ProgressSummary>${el('TotalNumberOfTasks', job.total)}${el('NumberOfTasksSucceeded', job.succeeded)}${el('NumberOfTasksFailed', job.failed)}</ProgressSummary>` +
    `<FailureReasons>${job.failures.map((f) => `<member>${el('FailureCode', f.code)}${el('FailureReason', f.reason)}</member>`).join('')}</FailureReasons>` +
    (job.spec.report
      ? `<Report>${el('Bucket', `arn:aws:s3:::${job.spec.report.bucket}`)}${el('Format', 'Report_CSV_20180820')}${el('Enabled', true)}${el('Prefix', job.spec.report.prefix)}${el('ReportScope', 'AllTasks')}</Report>`
      : `<Report>${el('Enabled', false)}</Report>`) +
    `${el('CreationTime', job.created.toISOString())}${el('TerminationDate', job.terminated?.toISOString())}${el('RoleArn', job.spec.roleArn)}</Job>`;

  const route = async (
    req: http.IncomingMessage,
    body: string,
  ): Promise<{ operation: string; xml: string }> => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const account = accountOf(req);
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] !== 'v20180820' || parts[1] !== 'jobs')
      throw new ApiError(400, 'InvalidRequest', `Not served here: ${url.pathname}`);
    const jobId = parts[2] ? decodeURIComponent(parts[2]) : undefined;
    if (req.method === 'POST' && !jobId) {
      return {
        operation: 'CreateJob',
        xml: `<CreateJobResult>${el('JobId', await createJob(req, account, body))}</CreateJobResult>`,
      };
    }
    if (req.method === 'GET' && !jobId) {
      const wanted = url.searchParams.getAll('jobStatuses');
      const list = [...jobs.values()].filter(
        (j) => j.account === account && (wanted.length === 0 || wanted.includes(j.status)),
      );
      const rows = list
        .map(
          (j) =>
            `<member>${el('JobId', j.spec.jobId)}${el('Description', j.description)}${el('Operation', 'S3PutObjectCopy')}${el('Priority', j.priority)}${el('Status', j.status)}${el('CreationTime', j.created.toISOString())}${el('TerminationDate', j.terminated?.toISOString())}<ProgressSummary>${el('TotalNumberOfTasks', j.total)}${el('NumberOfTasksSucceeded', j.succeeded)}${el('NumberOfTasksFailed', j.failed)}</ProgressSummary></member>`,
        )
        .join('');
      return { operation: 'ListJobs', xml: `<ListJobsResult><Jobs>${rows}</Jobs></ListJobsResult>` };
    }
    if (req.method === 'GET' && jobId && parts.length === 3) {
      return {
        operation: 'DescribeJob',
        xml: `<DescribeJobResult>${describe(jobOf(account, jobId))}</DescribeJobResult>`,
      };
    }
    if (req.method === 'POST' && jobId && parts[3] === 'status') {
      const job = jobOf(account, jobId);
      const requested = url.searchParams.get('requestedJobStatus');
      if (requested === 'Ready' && job.status === 'Suspended') {
        job.status = 'Ready';
        void run(job);
      } else if (requested === 'Cancelled' && !finished(job.status)) {
        if (job.status === 'Active') job.status = 'Cancelling';
        else {
          job.status = 'Cancelled';
          settle(job);
        }
      } else {
        throw new ApiError(
          400,
          'JobStatusException',
          `A job in status ${job.status} cannot become ${requested}.`,
        );
      }
      return {
        operation: 'UpdateJobStatus',
        xml: `<UpdateJobStatusResult>${el('JobId', jobId)}${el('Status', job.status)}</UpdateJobStatusResult>`,
      };
    }
    throw new ApiError(400, 'InvalidRequest', `Not served here: ${req.method} ${url.pathname}`);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const account =
        typeof req.headers['x-amz-account-id'] === 'string' ? req.headers['x-amz-account-id'] : '';
      route(req, Buffer.concat(chunks).toString('utf8')).then(
        ({ operation, xml }) => {
          calls.push({ operation, account, host: req.headers.host ?? '', status: 200 });
          const out = `<?xml version="1.0" encoding="UTF-8"?>\n${xml.replace(/^<(\w+)>/, '<$1 xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">')}`;
          res.writeHead(200, { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID() });
          res.end(out);
        },
        (err: unknown) => {
          const e = err instanceof ApiError ? err : new ApiError(500, 'InternalError', String(err));
          calls.push({ operation: 'error', account, host: req.headers.host ?? '', status: e.status });
          res.writeHead(e.status, { 'content-type': 'application/xml' });
          res.end(
            `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error>${el('Code', e.code)}${el('Message', e.message)}</Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
          );
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    jobs: () => [...jobs.values()],
    calls: () => [...calls],
    settled: (jobId) =>
      new Promise((resolve, reject) => {
        const job = jobs.get(jobId);
        if (!job) return reject(new Error(`no job ${jobId}`));
        if (finished(job.status) && job.terminated) return resolve(job);
        waiters.set(jobId, [...(waiters.get(jobId) ?? []), () => resolve(job)]);
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
