import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { AccessDenial, AccessMatrix, AccessProbe } from '../../../shared/models/access';
import type { AppError } from '../../../shared/models/errors';
import { Dialog } from '../../components/Dialog';
import { call, toAppError } from '../../lib/api';
import { AccessExplanationDialog } from './AccessExplanationDialog';
import './access.css';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly prefix: string;
  /** The object to read; absent: the first key listed under the prefix. */
  readonly objectKey?: string;
  readonly onClose: () => void;
}

const OUTCOME_WORDS: Readonly<Record<AccessProbe['outcome'], string>> = {
  allowed: 'Allowed',
  denied: 'Denied',
  missing: 'Not found',
  failed: 'Failed',
  skipped: 'Skipped',
};

/** What a probe told: its result, AWS's reason for a refusal, or that AWS gave none. */
function toldBy(probe: AccessProbe): string {
  if (probe.detail) return probe.detail;
  const access = probe.error?.access;
  if (!access) return probe.error?.message ?? '';
  if (access.form === 'enriched') return probe.error?.hints?.[0] ?? probe.error?.message ?? '';
  return access.raw
    ? `AWS gave no reason (“${access.raw}”).`
    : 'AWS gave no reason (a HEAD response has no body).';
}

function ProbeRow({
  probe,
  onExplain,
}: {
  readonly probe: AccessProbe;
  readonly onExplain: (d: AccessDenial) => void;
}) {
  const access = probe.error?.access;
  return (
    <tr className={`access-probe access-probe--${probe.outcome}`}>
      <td className="mono">{probe.call}</td>
      <td className="mono">{probe.action}</td>
      <td className="mono access-probe__resource">{probe.resource}</td>
      <td>
        <span className={`access-outcome access-outcome--${probe.outcome}`}>
          {OUTCOME_WORDS[probe.outcome]}
        </span>
      </td>
      <td>
        {toldBy(probe)}
        {access ? (
          <>
            {' '}
            <button type="button" className="link-button" onClick={() => onExplain(access)}>
              Explain
            </button>
          </>
        ) : null}
      </td>
    </tr>
  );
}

/**
 * Read-only probes with the pane's session on a bucket, folder or key: which of the calls
 * people need across accounts are allowed, and for each refusal who must change what.
 */
export function CheckAccessDialog({ sessionId, bucket, prefix, objectKey, onClose }: Props) {
  const [key, setKey] = useState(objectKey ?? '');
  const [matrix, setMatrix] = useState<AccessMatrix>();
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const [explaining, setExplaining] = useState<AccessDenial>();

  const run = useCallback(
    async (wanted: string): Promise<void> => {
      setBusy(true);
      setError(undefined);
      try {
        const result = await call('checkAccess', {
          sessionId,
          bucket,
          prefix,
          ...(wanted ? { key: wanted } : {}),
        });
        setMatrix(result);
        if (!wanted && result.key) setKey(result.key);
      } catch (err) {
        setError(toAppError(err));
      } finally {
        setBusy(false);
      }
    },
    [sessionId, bucket, prefix],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, with the key the dialog opened on
  useEffect(() => {
    void run(objectKey ?? '');
  }, []);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void run(key.trim());
  };

  return (
    <Dialog title="Check access" onClose={onClose} wide>
      <div className="access-check">
        <p className="mono">
          s3://{bucket}/{prefix}
          {matrix?.callerArn ? <span className="muted"> as {matrix.callerArn}</span> : null}
        </p>
        <form className="access-check__key" onSubmit={submit}>
          <label className="field">
            <span className="field__label">Object to read (HeadObject and a 1-byte GetObject)</span>
            <input
              className="input mono"
              value={key}
              placeholder={`${prefix}…`}
              onChange={(e) => setKey(e.target.value)}
            />
          </label>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Checking…' : 'Check again'}
          </button>
        </form>
        <p className="muted">Every probe only reads: nothing is written, and GetObject reads one byte.</p>
        {error ? (
          <p className="error-notice" role="alert">
            {error.message}
          </p>
        ) : null}
        {matrix ? (
          <table className="access-matrix" aria-label="Access matrix">
            <thead>
              <tr>
                <th>Call</th>
                <th>Permission</th>
                <th>Resource</th>
                <th>Result</th>
                <th>What it told</th>
              </tr>
            </thead>
            <tbody>
              {matrix.probes.map((probe) => (
                <ProbeRow key={probe.call} probe={probe} onExplain={setExplaining} />
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
      {explaining ? (
        <AccessExplanationDialog
          denial={explaining}
          sessionId={sessionId}
          scopePrefix={prefix}
          onClose={() => setExplaining(undefined)}
        />
      ) : null}
    </Dialog>
  );
}
