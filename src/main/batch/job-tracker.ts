import type { S3Client } from '@aws-sdk/client-s3';
import { DescribeJobCommand, type S3ControlClient, UpdateJobStatusCommand } from '@aws-sdk/client-s3-control';
import { fail } from '../../shared/errors/app-error';
import { toAppError } from '../../shared/errors/to-app-error';
import {
  type BatchJobStatus,
  type BatchJobView,
  batchJobStatuses,
  finishedBatchStatuses,
} from '../../shared/models/batch';
import type { SessionState } from '../../shared/models/session';
import type { EventSink } from '../events/event-sink';
import { readFailedTasks } from './completion-report';
import { accessHelpFor } from './failure-help';
import type { JobRecord, JobRecordsFile } from './job-records';

/** Jobs run for minutes to days; AWS updates progress about this often. */
export const DEFAULT_POLL_MS = 10_000;

export interface JobTrackerDeps {
  readonly file: JobRecordsFile;
  readonly sessions: () => readonly SessionState[];
  readonly control: (sessionId: string, region: string) => S3ControlClient;
  /** The session's S3 client for the report bucket (its region, learnt as browsing does). */
  readonly s3: (sessionId: string, bucket: string) => Promise<S3Client>;
  readonly sink: EventSink;
  readonly pollMs?: number;
}

const isStatus = (s: string | undefined): s is BatchJobStatus =>
  batchJobStatuses.includes(s as BatchJobStatus);
const isFinished = (view: BatchJobView): boolean =>
  view.status !== undefined && finishedBatchStatuses.includes(view.status);

/**
 * Follows the jobs Crossbucket created: DescribeJob for every unfinished one, with an open
 * session of the job's account, and once a job has finished, its completion report's failed
 * tasks. The records survive a restart (job-records.ts); a job whose session is not open says
 * so and is followed again once it is.
 */
export class JobTracker {
  readonly #deps: JobTrackerDeps;
  readonly #records = new Map<string, JobRecord>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #polling: Promise<void> | undefined;
  #writes: Promise<void> = Promise.resolve();

  constructor(deps: JobTrackerDeps) {
    this.#deps = deps;
  }

  async load(): Promise<void> {
    for (const record of await this.#deps.file.read()) this.#records.set(record.view.jobId, record);
    this.#timer = setInterval(() => void this.poll(), this.#deps.pollMs ?? DEFAULT_POLL_MS);
    this.#timer.unref?.();
  }

  list(): readonly BatchJobView[] {
    return [...this.#records.values()].map((r) => this.#shown(r));
  }

  async add(record: JobRecord): Promise<BatchJobView> {
    this.#records.set(record.view.jobId, record);
    await this.#saveAndEmit();
    await this.#freshRound();
    return this.#shown(this.#records.get(record.view.jobId) ?? record);
  }

  /** Confirms a job created with confirmation required, or cancels one. */
  async update(jobId: string, action: 'confirm' | 'cancel'): Promise<BatchJobView> {
    const record = this.#get(jobId);
    const sessionId =
      this.#sessionFor(record) ??
      fail('token-expired', `Open a session of ${record.view.sessionLabel} first.`);
    await this.#deps.control(sessionId, record.view.region).send(
      new UpdateJobStatusCommand({
        AccountId: record.view.account,
        JobId: jobId,
        RequestedJobStatus: action === 'confirm' ? 'Ready' : 'Cancelled',
        StatusUpdateReason: action === 'confirm' ? 'Confirmed in Crossbucket' : 'Cancelled in Crossbucket',
      }),
    );
    await this.#freshRound();
    return this.#shown(this.#get(jobId));
  }

  /** Stops following a job (it goes on in AWS if it was running). */
  async forget(jobId: string): Promise<void> {
    this.#get(jobId);
    this.#records.delete(jobId);
    await this.#saveAndEmit();
  }

  /** One round of DescribeJob for every unfinished job; rounds never overlap. */
  poll(): Promise<void> {
    this.#polling ??= this.#pollOnce().finally(() => {
      this.#polling = undefined;
    });
    return this.#polling;
  }

  /** A round that starts after now: one already under way may have read the job before a change. */
  async #freshRound(): Promise<void> {
    await this.#polling;
    await this.poll();
  }

  dispose(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  async #pollOnce(): Promise<void> {
    let changed = false;
    for (const record of [...this.#records.values()]) {
      if (record.settled) continue;
      const sessionId = this.#sessionFor(record);
      if (!sessionId) continue;
      const next = await this.#describe(sessionId, record.view);
      // Forgotten while DescribeJob was under way: it stays forgotten.
      if (!this.#records.has(record.view.jobId)) continue;
      this.#records.set(record.view.jobId, { ...record, ...next });
      changed = true;
    }
    if (changed) await this.#saveAndEmit();
  }

  /** The job as DescribeJob tells it; once finished, its failed tasks from the completion report. */
  async #describe(sessionId: string, view: BatchJobView): Promise<{ view: BatchJobView; settled: boolean }> {
    try {
      const out = await this.#deps
        .control(sessionId, view.region)
        .send(new DescribeJobCommand({ AccountId: view.account, JobId: view.jobId }));
      const job = out.Job;
      const progress = job?.ProgressSummary;
      const { error: _error, ...rest } = view;
      const next: BatchJobView = {
        ...rest,
        ...(isStatus(job?.Status) ? { status: job.Status } : {}),
        totals: {
          tasks: progress?.TotalNumberOfTasks ?? 0,
          succeeded: progress?.NumberOfTasksSucceeded ?? 0,
          failed: progress?.NumberOfTasksFailed ?? 0,
        },
        failureReasons: (job?.FailureReasons ?? []).map(
          (f) => `${f.FailureCode ?? 'Failed'}: ${f.FailureReason ?? ''}`,
        ),
      };
      if (!isFinished(next)) return { view: next, settled: false };
      if ((next.totals?.failed ?? 0) === 0) return { view: next, settled: true };
      const client = await this.#deps.s3(sessionId, view.report.bucket);
      const failedTasks = await readFailedTasks(client, { ...view.report, owner: view.account }, view.jobId);
      const help = accessHelpFor(failedTasks, view.statements);
      return {
        view: {
          ...next,
          failedTasks,
          failedTasksTotal: next.totals?.failed ?? failedTasks.length,
          ...(help ? { accessHelp: help } : {}),
        },
        settled: true,
      };
    } catch (err) {
      // Said on the row and tried again next round: a lapsed session or a network fault passes.
      return { view: { ...view, error: toAppError(err) }, settled: false };
    }
  }

  #sessionFor(record: JobRecord): string | undefined {
    return this.#deps
      .sessions()
      .find(
        (s) =>
          s.source === record.sessionSource &&
          s.identity?.account === record.view.account &&
          (s.status === 'active' || s.status === 'expiring'),
      )?.sessionId;
  }

  #shown(record: JobRecord): BatchJobView {
    if (isFinished(record.view) || this.#sessionFor(record)) return record.view;
    return { ...record.view, waitingFor: record.view.sessionLabel };
  }

  #get(jobId: string): JobRecord {
    return this.#records.get(jobId) ?? fail('not-found', `Crossbucket does not follow a job ${jobId}.`);
  }

  async #saveAndEmit(): Promise<void> {
    const records = [...this.#records.values()];
    this.#writes = this.#writes.then(() => this.#deps.file.write(records)).catch(() => undefined);
    await this.#writes;
    this.#deps.sink.emit('batchJobsChanged', this.list());
  }
}
