import { useState } from 'react';
import type { CopyReceipt } from '../../../shared/ipc/contract';
import type { GeneratedStatement } from '../../../shared/models/access';
import { toAppError } from '../../lib/api';
import { copiedMessage } from '../../lib/clipboard';
import './access.css';

export type StatementFormat = 'json' | 'yaml';

/** What each kind of statement is called; a view may name one for its own context. */
export const STATEMENT_NAMES: Readonly<Record<GeneratedStatement['kind'], string>> = {
  'identity-policy': 'Identity policy',
  'bucket-policy': 'Bucket policy',
  'kms-key-policy': 'KMS key policy statement',
  'trust-policy': 'Role trust policy',
};

interface Props {
  readonly statement: GeneratedStatement;
  readonly name: string;
  /**
   * Copies the statement in the format shown. Called from the click itself, so a copy the page
   * makes still counts as the user's gesture.
   */
  readonly copy: (format: StatementFormat) => Promise<CopyReceipt>;
}

/** One statement: who applies it where, as JSON or as CloudFormation, with a copy button. */
export function StatementCard({ statement, name, copy }: Props) {
  const [format, setFormat] = useState<StatementFormat>('json');
  const [status, setStatus] = useState<string>();
  const text = format === 'json' ? statement.json : statement.yaml;

  const onCopy = (): void => {
    copy(format).then(
      (receipt) =>
        setStatus(copiedMessage(format === 'json' ? 'the JSON' : 'the CloudFormation resource', receipt)),
      (err: unknown) => setStatus(toAppError(err).message),
    );
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
          <button type="button" className="button button--primary" onClick={onCopy}>
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
