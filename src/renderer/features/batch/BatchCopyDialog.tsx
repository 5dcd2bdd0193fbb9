import { type FormEvent, useState } from 'react';
import type { RequestInput } from '../../../shared/ipc/contract';
import {
  type BatchJobSide,
  type BatchProposal,
  JOB_CREATOR_STATEMENT,
  suggestsBatchOperations,
} from '../../../shared/models/batch';
import type { AppError } from '../../../shared/models/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatCount } from '../../components/format';
import { call, toAppError } from '../../lib/api';
import { useSettingsStore } from '../../stores/settings-store';
import { useTransfersStore } from '../../stores/transfers-store';
import { AccessScopeContext } from '../access/access-scope';
import { StatementView } from '../access/StatementView';

export interface BatchSide {
  readonly sessionId: string;
  readonly bucket: string;
  readonly prefix: string;
  /** The session's label, as its pane shows it. */
  readonly label: string;
}

/** The dialog's choices, as both hand-off requests take them. */
export type BatchChoices = Omit<RequestInput<'handToBatchOperations'>, 'planId'>;

interface Props {
  readonly title: string;
  readonly source: BatchSide;
  readonly target: BatchSide;
  /** Where the copies land, as a key pattern the user can check (`backup/photos/…`). */
  readonly landsAt: string;
  /** Writes the manifest of what is handed over (a selection, a sync plan) with these choices. */
  readonly prepare: (choices: BatchChoices) => Promise<BatchProposal>;
  readonly onClose: () => void;
  /** The job was created; the transfers panel (opened) shows it. */
  readonly onCreated: () => void;
}

const DEFAULT_FOLDER = 'crossbucket-batch/';

/**
 * Hands a copy (a pane's selection, a sync plan) to S3 Batch Operations: main writes the manifest and generates
 * the job's role and policies; the user applies them in each account (Crossbucket changes no
 * policy), then main creates the job and follows it in the transfers panel.
 */
export function BatchCopyDialog({
  title,
  source,
  target,
  landsAt,
  prepare: prepareManifest,
  onClose,
  onCreated,
}: Props) {
  const [jobSide, setJobSide] = useState<BatchJobSide>('target');
  const [manifestBucket, setManifestBucket] = useState(target.bucket);
  const [manifestPrefix, setManifestPrefix] = useState(DEFAULT_FOLDER);
  const [confirm, setConfirm] = useState(true);
  const [proposal, setProposal] = useState<BatchProposal>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();
  const settings = useSettingsStore((s) => s.settings);
  const folder =
    manifestPrefix === '' || manifestPrefix.endsWith('/') ? manifestPrefix : `${manifestPrefix}/`;

  const prepare = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      setProposal(
        await prepareManifest({ jobSide, manifestBucket: manifestBucket.trim(), manifestPrefix: folder }),
      );
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  const create = async (): Promise<void> => {
    if (!proposal || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await call('batchCreateJob', { proposalId: proposal.proposalId, confirmationRequired: confirm });
      useTransfersStore.getState().setExpanded(true);
      onCreated();
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  const jobAccountLabel = jobSide === 'target' ? target.label : source.label;
  // The job's session writes the manifest and calls CreateJob: a refusal is explained as its own.
  const notice = error ? (
    <AccessScopeContext.Provider
      value={{ sessionId: jobSide === 'target' ? target.sessionId : source.sessionId }}
    >
      <ErrorNotice error={error} compact />
    </AccessScopeContext.Provider>
  ) : null;
  return (
    <Dialog title={title} onClose={onClose} wide>
      {!proposal ? (
        <form className="op-form" onSubmit={(e) => void prepare(e)}>
          <p className="op-form__subject">
            From{' '}
            <span className="mono">
              s3://{source.bucket}/{source.prefix}
            </span>{' '}
            ({source.label}) to{' '}
            <span className="mono">
              s3://{target.bucket}/{target.prefix}
            </span>{' '}
            ({target.label}). AWS copies each object under one target prefix, keeping its full source key:{' '}
            <span className="mono">{landsAt}</span>.
          </p>
          <fieldset className="field">
            <legend className="field__label">The job runs in the account of</legend>
            {(['target', 'source'] as const).map((side) => (
              <label key={side} className="field field--inline">
                <input
                  type="radio"
                  name="job-side"
                  checked={jobSide === side}
                  onChange={() => setJobSide(side)}
                />
                <span>
                  {side === 'target' ? `the target, ${target.label}` : `the source, ${source.label}`}
                </span>
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span className="field__label">Manifest and report bucket</span>
            <input
              className="input mono"
              value={manifestBucket}
              onChange={(e) => setManifestBucket(e.target.value)}
            />
            <span className="field__hint">
              A bucket of that account ({jobAccountLabel}) that this session may write to.
            </span>
          </label>
          <label className="field">
            <span className="field__label">Folder in that bucket</span>
            <input
              className="input mono"
              value={manifestPrefix}
              onChange={(e) => setManifestPrefix(e.target.value)}
            />
          </label>
          {notice}
          <div className="op-form__actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="submit"
              className="button button--primary"
              disabled={busy || manifestBucket.trim().length < 3}
            >
              {busy ? 'Writing the manifest…' : 'Write manifest and generate policies'}
            </button>
          </div>
        </form>
      ) : (
        <div className="op-form">
          <dl className="batch-proposal__facts">
            <dt>Objects</dt>
            <dd>
              {formatCount(proposal.objects)} ({formatBytes(proposal.bytes)})
              {suggestsBatchOperations(proposal.objects, proposal.bytes, settings)
                ? ''
                : ` — below your Batch Operations threshold (${formatCount(settings.batchThresholdObjects)} objects or ${formatBytes(settings.batchThresholdGiB * 1024 ** 3)}): a copy through Crossbucket may be simpler.`}
            </dd>
            <dt>Manifest</dt>
            <dd className="mono">
              s3://{proposal.manifest.bucket}/{proposal.manifest.key} (ETag {proposal.manifest.etag})
            </dd>
            <dt>Job role</dt>
            <dd className="mono">{proposal.roleArn}</dd>
            <dt>Copies to</dt>
            <dd className="mono">
              s3://{proposal.target.bucket}/{proposal.target.keyPrefix}&lt;source key&gt;
            </dd>
            <dt>Each copy</dt>
            <dd>
              <ul className="batch-proposal__carries">
                {proposal.carries.map((sentence) => (
                  <li key={sentence}>{sentence}</li>
                ))}
              </ul>
            </dd>
            <dt>Report</dt>
            <dd className="mono">
              s3://{proposal.report.bucket}/{proposal.report.prefix}/
            </dd>
          </dl>
          <p role="note">
            Crossbucket changes no IAM or bucket policy: apply each of the {proposal.statements.length}{' '}
            statements below in the account it names (as that account’s administrator), then create the job.
            {proposal.statements[0]?.id === JOB_CREATOR_STATEMENT
              ? ` The first lets ${jobAccountLabel} create the job and hand it its role (s3:CreateJob, iam:PassRole).`
              : ''}
          </p>
          <div className="batch-proposal__statements">
            {proposal.statements.map((s) => (
              <StatementView key={s.id} statement={s} />
            ))}
          </div>
          <label className="field field--inline">
            <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} />
            <span>Wait for my confirmation in Transfers before the job runs</span>
          </label>
          {notice}
          <div className="op-form__actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void create()}
            >
              {busy ? 'Creating…' : 'Create job'}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
