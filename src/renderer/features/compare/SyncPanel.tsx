import { useEffect, useState } from 'react';
import {
  type CarryChoice,
  type SyncPlanSummary,
  type SyncReport,
  type SyncResult,
  syncResults,
} from '../../../shared/models/compare';
import type { AppError } from '../../../shared/models/errors';
import { type StorageClassName, storageClasses } from '../../../shared/models/objects';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatCount } from '../../components/format';
import { call, toAppError } from '../../lib/api';
import { AccessScopeContext } from '../access/access-scope';
import { BatchCopyDialog, type BatchSide } from '../batch/BatchCopyDialog';
import { pluralize } from '../operations/notice';
import { resultLine, SaveReport } from './SyncReports';

interface Props {
  readonly compareId: string;
  /** The target's session: a denial in the report is explained with it. */
  readonly targetSessionId?: string;
  /** Both sides when both are buckets: a plan past the threshold can go to S3 Batch Operations. */
  readonly buckets?: { readonly source: BatchSide; readonly target: BatchSide };
}

/** How often the report is read while the sync runs. */
const REPORT_POLL_MS = 1000;

function PlanSummary({ plan }: { readonly plan: SyncPlanSummary }) {
  return (
    <section className="sync-plan" aria-label="Sync plan">
      <p>
        <strong>Dry run</strong> from <span className="mono">{plan.source}</span> to{' '}
        <span className="mono">{plan.target}</span>
        {plan.targetAccount ? (
          <>
            {' '}
            (account <span className="mono">{plan.targetAccount}</span>)
          </>
        ) : null}
        :
      </p>
      <ul className="sync-plan__counts">
        <li>Copy {formatCount(plan.copy)}</li>
        <li>Overwrite {formatCount(plan.overwrite)}</li>
        <li className={plan.delete > 0 ? 'sync-plan__delete' : undefined}>
          Delete {formatCount(plan.delete)}
        </li>
        <li>{formatBytes(plan.bytes)} to move</li>
      </ul>
      <p className="muted">
        {plan.flow === 'server-side' ? 'Server-side copy. ' : 'Through this machine. '}
        {plan.flowReason}
      </p>
      <ul className="sync-plan__care" aria-label="Cross-account care">
        {plan.care.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {plan.leftOut.length > 0 ? (
        <details>
          <summary>
            {formatCount(plan.leftOut.length + plan.leftOutMore)} left out, each with its reason
          </summary>
          <ul className="sync-plan__left-out">
            {plan.leftOut.map((l) => (
              <li key={l.key}>
                <span className="mono">{l.key}</span>: {l.reason}
              </li>
            ))}
            {plan.leftOutMore > 0 ? <li>and {formatCount(plan.leftOutMore)} more</li> : null}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

/** Keep the source's user metadata (or tags) on the copies, or leave the target's defaults. */
function CarryChoiceField({
  label,
  value,
  onChange,
}: {
  readonly label: string;
  readonly value: CarryChoice;
  readonly onChange: (value: CarryChoice) => void;
}) {
  return (
    <label className="field--inline">
      {label}{' '}
      <select
        aria-label={`${label} of the copies`}
        value={value}
        onChange={(e) => onChange(e.target.value as CarryChoice)}
      >
        <option value="keep">keep the source’s</option>
        <option value="drop">drop (target defaults)</option>
      </select>
    </label>
  );
}

function ReportView({ report, planId }: { readonly report: SyncReport; readonly planId: string }) {
  const counts = Object.fromEntries(syncResults.map((r) => [r, 0])) as Record<SyncResult, number>;
  for (const row of report.rows) counts[row.result]++;
  const failed = report.rows.filter((r) => r.result === 'failed');
  return (
    <section className="sync-report" aria-label="Sync report">
      <p role="status">{resultLine(report.finished, counts)}</p>
      {failed
        .slice(0, 20)
        .map((row) =>
          row.error ? (
            <ErrorNotice
              key={`${row.action}:${row.key}`}
              compact
              error={row.error}
              title={`${row.action} ${row.key}`}
            />
          ) : null,
        )}
      <SaveReport planId={planId} />
    </section>
  );
}

/**
 * Sync left → right from a finished compare: a dry-run plan first, then the run (deletes only
 * when asked, confirmed by typing the target's account), then the report.
 */
export function SyncPanel({ compareId, targetSessionId, buckets }: Props) {
  const [deleteExtra, setDeleteExtra] = useState(false);
  const [overwriteUndecided, setOverwriteUndecided] = useState(false);
  const [storageClass, setStorageClass] = useState<StorageClassName | ''>('');
  const [metadata, setMetadata] = useState<CarryChoice>('keep');
  const [tags, setTags] = useState<CarryChoice>('keep');
  const [plan, setPlan] = useState<SyncPlanSummary>();
  const [confirmText, setConfirmText] = useState('');
  const [report, setReport] = useState<SyncReport>();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<AppError>();
  const [handingOff, setHandingOff] = useState(false);

  const makePlan = async () => {
    setError(undefined);
    setReport(undefined);
    try {
      setPlan(
        await call('planSync', {
          compareId,
          deleteExtra,
          overwriteUndecided,
          ...(storageClass && { storageClass }),
          // A local folder's files have no metadata or tags to carry.
          ...(buckets && { metadata, tags }),
        }),
      );
    } catch (err) {
      setError(toAppError(err));
    }
  };
  const run = async () => {
    if (!plan) return;
    setError(undefined);
    try {
      await call('runSync', {
        planId: plan.planId,
        ...(plan.delete > 0 && { confirmAccount: confirmText.trim() }),
      });
      setRunning(true);
    } catch (err) {
      setError(toAppError(err));
    }
  };

  useEffect(() => {
    if (!running || !plan) return;
    let stop = false;
    const read = async () => {
      const next = await call('syncReport', { planId: plan.planId }).catch(() => undefined);
      if (stop || !next) return;
      setReport(next);
      if (next.finished) setRunning(false);
    };
    void read();
    const timer = setInterval(() => void read(), REPORT_POLL_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [running, plan]);

  const confirmAccount = plan?.targetAccount ?? '';
  const needsConfirm = plan !== undefined && plan.delete > 0;
  const nothing = plan !== undefined && plan.copy + plan.overwrite + plan.delete === 0;

  return (
    <AccessScopeContext.Provider value={targetSessionId ? { sessionId: targetSessionId } : {}}>
      <section className="sync-panel" aria-label="Sync">
        <h3 className="sync-panel__title">Sync left → right</h3>
        <div className="sync-panel__options">
          <label className="field--inline">
            <input
              type="checkbox"
              checked={deleteExtra}
              disabled={plan !== undefined && (running || report !== undefined)}
              onChange={(e) => {
                setDeleteExtra(e.target.checked);
                setPlan(undefined);
              }}
            />{' '}
            Delete what only the right side has
          </label>
          <label className="field--inline">
            <input
              type="checkbox"
              checked={overwriteUndecided}
              disabled={plan !== undefined && (running || report !== undefined)}
              onChange={(e) => {
                setOverwriteUndecided(e.target.checked);
                setPlan(undefined);
              }}
            />{' '}
            Overwrite undecided rows
          </label>
          <label className="field--inline">
            Storage class{' '}
            <select
              aria-label="Storage class of the copies"
              value={storageClass}
              onChange={(e) => {
                setStorageClass(e.target.value as StorageClassName | '');
                setPlan(undefined);
              }}
            >
              <option value="">keep the source’s</option>
              {storageClasses.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          {buckets ? (
            <>
              <CarryChoiceField
                label="User metadata"
                value={metadata}
                onChange={(v) => {
                  setMetadata(v);
                  setPlan(undefined);
                }}
              />
              <CarryChoiceField
                label="Tags"
                value={tags}
                onChange={(v) => {
                  setTags(v);
                  setPlan(undefined);
                }}
              />
            </>
          ) : null}
          <button type="button" className="button" onClick={() => void makePlan()} disabled={running}>
            Plan sync
          </button>
        </div>
        {plan ? <PlanSummary plan={plan} /> : null}
        {plan?.overThreshold && buckets ? (
          <div className="sync-panel__batch">
            <p>This plan is past the size where one machine is the right tool.</p>
            <button type="button" className="button" onClick={() => setHandingOff(true)}>
              Hand to S3 Batch Operations…
            </button>
          </div>
        ) : null}
        {plan?.overThreshold && !buckets ? (
          <p className="muted">
            This plan is past your S3 Batch Operations threshold, but Batch Operations copies between buckets
            only: it runs here.
          </p>
        ) : null}
        {handingOff && plan && buckets ? (
          <BatchCopyDialog
            title={`Hand ${pluralize(plan.copy + plan.overwrite, 'copy', 'copies')} to S3 Batch Operations`}
            source={buckets.source}
            target={buckets.target}
            // The plan keeps keys relative to both folders: each lands under the target folder.
            landsAt={`${buckets.target.prefix}…`}
            prepare={(choices) => call('handToBatchOperations', { planId: plan.planId, ...choices })}
            onClose={() => setHandingOff(false)}
            onCreated={() => setHandingOff(false)}
          />
        ) : null}
        {plan && !report && !nothing ? (
          <div className="sync-panel__run">
            {needsConfirm ? (
              <label className="field">
                <span className="field__label">
                  Type <span className="mono">{confirmAccount || 'the account'}</span> to delete{' '}
                  {pluralize(plan.delete, 'object')} in account {confirmAccount}
                </span>
                <input
                  className="input mono"
                  value={confirmText}
                  onChange={(e) => setConfirmText(e.target.value)}
                  aria-label="Account to confirm the deletes"
                />
              </label>
            ) : null}
            <button
              type="button"
              className={needsConfirm ? 'button button--danger' : 'button button--primary'}
              disabled={running || (needsConfirm && confirmText.trim() !== confirmAccount)}
              onClick={() => void run()}
            >
              Run sync
            </button>
          </div>
        ) : null}
        {nothing ? <p role="status">Nothing to do: the right side already matches.</p> : null}
        {error ? <ErrorNotice compact error={error} /> : null}
        {report && plan ? <ReportView report={report} planId={plan.planId} /> : null}
      </section>
    </AccessScopeContext.Provider>
  );
}
