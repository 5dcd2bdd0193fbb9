import { useEffect, useState } from 'react';
import type { AccessDenial, AccessExplanation, AccessFinding } from '../../../shared/models/access';
import type { AppError } from '../../../shared/models/errors';
import { Dialog } from '../../components/Dialog';
import { call, toAppError } from '../../lib/api';
import { StatementView } from './StatementView';
import './access.css';

interface Props {
  readonly denial: AccessDenial;
  readonly sessionId?: string;
  readonly scopePrefix?: string;
  readonly onClose: () => void;
}

const SIDE_NAMES: Readonly<Record<AccessFinding['side'], string>> = {
  caller: 'Your side',
  owner: 'The bucket owner',
  'kms-key': 'The KMS key’s account',
  guardrail: 'An organization guardrail',
  trust: 'The role’s account',
  profile: 'Your profile',
};

const CERTAINTY: Readonly<Record<AccessFinding['certainty'], string>> = {
  certain: 'AWS says so',
  likely: 'likely',
  possible: 'possible',
};

function Finding({
  finding,
  explanationId,
}: {
  readonly finding: AccessFinding;
  readonly explanationId: string;
}) {
  return (
    <li className={`access-finding access-finding--${finding.certainty}`}>
      <p className="access-finding__who">
        <strong>{SIDE_NAMES[finding.side]}</strong>
        {finding.account ? (
          <>
            {' '}
            — account <span className="mono">{finding.account}</span>
          </>
        ) : null}
        <span className="access-finding__certainty">{CERTAINTY[finding.certainty]}</span>
      </p>
      <p>{finding.text}</p>
      {finding.statements.map((s) => (
        <StatementView key={s.id} explanationId={explanationId} statement={s} />
      ))}
    </li>
  );
}

/** Which account must change what for one denial, with the statements to hand over. */
export function AccessExplanationDialog({ denial, sessionId, scopePrefix, onClose }: Props) {
  const [explanation, setExplanation] = useState<AccessExplanation>();
  const [error, setError] = useState<AppError>();

  useEffect(() => {
    let live = true;
    call('explainAccess', {
      denial,
      ...(sessionId ? { sessionId } : {}),
      ...(scopePrefix ? { scopePrefix } : {}),
    }).then(
      (value) => live && setExplanation(value),
      (err: unknown) => live && setError(toAppError(err)),
    );
    return () => {
      live = false;
    };
  }, [denial, sessionId, scopePrefix]);

  return (
    <Dialog title="Why access was denied" onClose={onClose} wide>
      <div className="access-explanation">
        <p className="access-explanation__what mono">
          {denial.action ?? 'The call'} on {denial.resource ?? 'the resource'}
        </p>
        {error ? (
          <p className="error-notice" role="alert">
            Could not explain: {error.message}
          </p>
        ) : null}
        {!explanation && !error ? (
          <p className="muted" role="status">
            Asking AWS who owns what…
          </p>
        ) : null}
        {explanation ? (
          <>
            <p className="access-explanation__headline">{explanation.headline}</p>
            <dl className="access-facts">
              {explanation.facts.map((fact) => (
                <div key={fact.label} className="access-facts__row">
                  <dt>{fact.label}</dt>
                  <dd>
                    {fact.value ? (
                      <span className="mono">{fact.value}</span>
                    ) : (
                      <span className="muted">unknown</span>
                    )}
                    <span className="access-facts__how">{fact.how}</span>
                  </dd>
                </div>
              ))}
            </dl>
            <ol className="access-findings" aria-label="What must change">
              {explanation.findings.map((finding) => (
                <Finding
                  key={`${finding.side}:${finding.text}`}
                  finding={finding}
                  explanationId={explanation.explanationId}
                />
              ))}
            </ol>
          </>
        ) : null}
        <details className="access-explanation__raw">
          <summary>AWS’s message</summary>
          <pre className="mono">{denial.raw || '(none: a HEAD request carries no message)'}</pre>
        </details>
      </div>
    </Dialog>
  );
}
