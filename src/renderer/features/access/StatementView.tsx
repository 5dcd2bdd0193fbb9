import { useState } from 'react';
import type { CopyReceipt } from '../../../shared/ipc/contract';
import type { GeneratedStatement } from '../../../shared/models/access';
import { call, toAppError } from '../../lib/api';
import { copiedMessage, writeClipboard } from '../../lib/clipboard';
import './access.css';

const KIND_NAMES: Readonly<Record<GeneratedStatement['kind'], string>> = {
  'identity-policy': 'Identity policy',
  'bucket-policy': 'Bucket policy',
  'kms-key-policy': 'KMS key policy statement',
  'trust-policy': 'Role trust policy',
};

interface Props {
  readonly statement: GeneratedStatement;
  /**
   * The explanation main keeps the statement's full text under: main copies it, since an
   * external ID is masked in what the window shows. Without one (a Batch Operations job's
   * statements carry no secret) the window copies the text it shows.
   */
  readonly explanationId?: string;
}

/** One generated statement: who applies it where, as JSON or as CloudFormation, with a copy button. */
export function StatementView({ statement, explanationId }: Props) {
  const [format, setFormat] = useState<'json' | 'yaml'>('json');
  const [status, setStatus] = useState<string>();
  const text = format === 'json' ? statement.json : statement.yaml;
  const name = KIND_NAMES[statement.kind];

  const copy = async (): Promise<void> => {
    try {
      const receipt: CopyReceipt = explanationId
        ? await call('copyAccessStatement', { explanationId, statementId: statement.id, format })
        : await writeClipboard(text);
      setStatus(copiedMessage(format === 'json' ? 'the JSON' : 'the CloudFormation resource', receipt));
    } catch (err) {
      setStatus(toAppError(err).message);
    }
  };

  return (
    <section className="access-statement" aria-label={`${name} for ${statement.target}`}>
      <header className="access-statement__head">
        <div>
          <strong>{name}</strong> <span className="muted">for</span> {statement.target}
          <div className="access-statement__where">
            Apply in account{' '}
            <span className="mono">{statement.account ?? 'that owns it (unknown to Crossbucket)'}</span>
          </div>
        </div>
        <div className="access-statement__tabs">
          {(['json', 'yaml'] as const).map((f) => (
            <button
              key={f}
              type="button"
              aria-pressed={format === f}
              className={format === f ? 'button button--pressed' : 'button'}
              onClick={() => {
                setFormat(f);
                setStatus(undefined);
              }}
            >
              {f === 'json' ? 'JSON' : 'CloudFormation'}
            </button>
          ))}
          <button type="button" className="button button--primary" onClick={() => void copy()}>
            Copy
          </button>
        </div>
      </header>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a long policy scrolls, so the keyboard must reach it (axe: scrollable-region-focusable) */}
      <pre className="access-statement__code" tabIndex={0}>
        {text}
      </pre>
      <p className="access-statement__how mono">{statement.howToApply}</p>
      {status ? (
        <p className="access-statement__status" role="status">
          {status}
        </p>
      ) : null}
    </section>
  );
}
