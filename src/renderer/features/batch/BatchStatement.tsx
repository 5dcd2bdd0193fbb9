import { useState } from 'react';
import type { GeneratedStatement } from '../../../shared/models/access';
import { toAppError } from '../../lib/api';
import { copiedMessage, writeClipboard } from '../../lib/clipboard';
import '../access/access.css';

const KIND_NAMES: Readonly<Record<GeneratedStatement['kind'], string>> = {
  'identity-policy': 'Role permissions',
  'bucket-policy': 'Bucket policy',
  'kms-key-policy': 'KMS key policy statement',
  'trust-policy': 'Role trust policy',
};

/**
 * One statement the job needs, with the account that applies it. A job's statements carry no
 * secret (no external ID), so the window copies the text itself.
 */
export function BatchStatement({ statement }: { readonly statement: GeneratedStatement }) {
  const [format, setFormat] = useState<'json' | 'yaml'>('json');
  const [status, setStatus] = useState<string>();
  const name = KIND_NAMES[statement.kind];
  const text = format === 'json' ? statement.json : statement.yaml;

  const copy = (): void => {
    writeClipboard(text).then(
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
          <button type="button" className="button button--primary" onClick={copy}>
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
