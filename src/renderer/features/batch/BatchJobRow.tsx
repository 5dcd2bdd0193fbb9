import type { BatchJobView } from '../../../shared/models/batch';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { useBatchStore } from '../../stores/batch-store';
import { StatementView } from '../access/StatementView';
import './batch.css';

const RUNNING = new Set([
  'New',
  'Preparing',
  'Ready',
  'Active',
  'Pausing',
  'Paused',
  'Completing',
  'Cancelling',
  'Failing',
]);

function statusText(job: BatchJobView): string {
  if (job.waitingFor) return `waiting for a session of ${job.waitingFor}`;
  if (!job.status) return 'asking AWS…';
  if (job.status === 'Suspended') return 'waiting for your confirmation';
  return job.status.toLowerCase();
}

/** One S3 Batch Operations job in the transfers panel: AWS's status and counts, then its report. */
export function BatchJobRow({ job }: { readonly job: BatchJobView }) {
  const update = useBatchStore((s) => s.update);
  const forget = useBatchStore((s) => s.forget);
  const totals = job.totals;
  const done = totals ? totals.succeeded + totals.failed : 0;
  const running = job.status !== undefined && RUNNING.has(job.status);
  return (
    <li className="batch-job" aria-label={`Batch Operations job ${job.jobId}`}>
      <div className="batch-job__line">
        <span className="batch-job__badge">S3 Batch Operations</span>
        <span className="batch-job__what">{job.description}</span>
        <span className={`batch-job__status batch-job__status--${(job.status ?? 'unknown').toLowerCase()}`}>
          {statusText(job)}
        </span>
        {totals ? (
          <span className="batch-job__counts">
            {formatCount(totals.succeeded)} copied · {formatCount(totals.failed)} failed ·{' '}
            {formatCount(totals.tasks)} tasks
          </span>
        ) : null}
        <span className="batch-job__actions">
          {job.status === 'Suspended' ? (
            <button
              type="button"
              className="button button--primary"
              onClick={() => void update(job.jobId, 'confirm')}
            >
              Run job
            </button>
          ) : null}
          {running || job.status === 'Suspended' ? (
            <button type="button" className="button" onClick={() => void update(job.jobId, 'cancel')}>
              Cancel job
            </button>
          ) : null}
          {!running && job.status !== 'Suspended' ? (
            <button type="button" className="button" onClick={() => void forget(job.jobId)}>
              Remove
            </button>
          ) : null}
        </span>
      </div>
      {totals && totals.tasks > 0 ? (
        <ProgressBar
          done={done}
          total={totals.tasks}
          label={`Progress of job ${job.jobId}`}
          tone={totals.failed > 0 ? 'failed' : 'normal'}
        />
      ) : null}
      <p className="batch-job__meta muted">
        Job <span className="mono">{job.jobId}</span> in account <span className="mono">{job.account}</span> (
        {job.region}) · report:{' '}
        <span className="mono">
          s3://{job.report.bucket}/{job.report.prefix}/job-{job.jobId}/
        </span>
      </p>
      {job.failureReasons.length > 0 ? (
        <ul className="batch-job__reasons">
          {job.failureReasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
      {job.error ? <ErrorNotice error={job.error} compact /> : null}
      {job.failedTasks.length > 0 ? (
        <details className="batch-job__failed">
          <summary>
            {formatCount(job.failedTasksTotal)} failed {job.failedTasksTotal === 1 ? 'task' : 'tasks'} (from
            the completion report)
          </summary>
          <ul>
            {job.failedTasks.map((t) => (
              <li key={`${t.bucket}/${t.key}`} className="mono">
                s3://{t.bucket}/{t.key}: {t.httpStatus} {t.code} {t.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {job.accessHelp ? (
        <div className="batch-job__help" role="note">
          <p>{job.accessHelp.text}</p>
          <details>
            <summary>
              {job.accessHelp.statements.length === 1 ? 'The statement to apply' : 'The statements to apply'}
            </summary>
            {job.accessHelp.statements.map((s) => (
              <StatementView key={s.id} statement={s} />
            ))}
          </details>
        </div>
      ) : null}
    </li>
  );
}

/** The jobs main follows, above the transfer rows. */
export function BatchJobsSection() {
  const jobs = useBatchStore((s) => s.jobs);
  const error = useBatchStore((s) => s.error);
  const dismissError = useBatchStore((s) => s.dismissError);
  if (jobs.length === 0 && !error) return null;
  return (
    <section className="batch-jobs" aria-label="S3 Batch Operations jobs">
      {error ? <ErrorNotice error={error} compact onDismiss={dismissError} /> : null}
      <ul className="batch-jobs__list">
        {jobs.map((job) => (
          <BatchJobRow key={job.jobId} job={job} />
        ))}
      </ul>
    </section>
  );
}
