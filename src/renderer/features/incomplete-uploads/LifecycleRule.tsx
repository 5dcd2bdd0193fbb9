import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { LifecycleSnippet } from '../../../shared/models/incomplete-upload';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call, toAppError } from '../../lib/api';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  /** Undefined while the days field holds no valid number. */
  readonly days: number | undefined;
}

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

/**
 * The lifecycle rule that makes S3 abort incomplete uploads by itself, to copy and apply with the
 * AWS CLI. Main reads the bucket's rules and keeps them in the JSON, because applying a lifecycle
 * configuration replaces the whole of it.
 */
export function LifecycleRule({ sessionId, bucket, days }: Props) {
  const [snippet, setSnippet] = useState<LifecycleSnippet>();
  const [error, setError] = useState<AppError>();
  const [copied, setCopied] = useState<string>();

  useEffect(() => {
    if (days === undefined || days < 1) return;
    let live = true;
    call('incompleteUploadsRule', { sessionId, bucket, days })
      .then((s) => {
        if (!live) return;
        setSnippet(s);
        setError(undefined);
      })
      .catch((err: unknown) => live && setError(toAppError(err)));
    return () => {
      live = false;
    };
  }, [sessionId, bucket, days]);

  const copy = (what: string, text: string): void => {
    // From the click itself: the clipboard only takes writes during a user gesture.
    navigator.clipboard.writeText(text).then(
      () => setCopied(what),
      () => setError({ code: 'internal', message: 'The clipboard refused the text.' }),
    );
  };

  return (
    <section className="lifecycle-rule" aria-labelledby="lifecycle-rule-title">
      <h3 id="lifecycle-rule-title" className="lifecycle-rule__title">
        Abort them automatically
      </h3>
      {days === undefined || days < 1 ? (
        <p className="muted">A lifecycle rule needs at least 1 day.</p>
      ) : (
        <p>
          A lifecycle rule makes S3 abort every upload {plural(days, 'day')} after it began, so forgotten
          parts stop costing money. Save the JSON as <code>lifecycle.json</code> and run the command.
        </p>
      )}
      {error ? <ErrorNotice error={error} compact title="No rule to show" /> : null}
      {snippet && days !== undefined && days >= 1 ? (
        <>
          {snippet.alreadyAbortsAfter !== undefined ? (
            <p className="lifecycle-rule__note" role="status">
              This bucket already aborts incomplete uploads {plural(snippet.alreadyAbortsAfter, 'day')} after
              they begin.
            </p>
          ) : null}
          {snippet.readError ? (
            <ErrorNotice
              error={snippet.readError}
              compact
              title="Could not read the bucket's lifecycle rules; applying this JSON would replace any it has"
            />
          ) : snippet.existingRules ? (
            <p className="muted">
              The bucket's {plural(snippet.existingRules, 'rule')} are kept in the JSON.
            </p>
          ) : null}
          <textarea
            className="lifecycle-rule__code"
            aria-label="Lifecycle configuration JSON"
            readOnly
            spellCheck={false}
            rows={Math.min(14, snippet.configuration.split('\n').length)}
            value={snippet.configuration}
          />
          <div className="lifecycle-rule__actions">
            <button type="button" className="button" onClick={() => copy('json', snippet.configuration)}>
              Copy JSON
            </button>
            <code className="lifecycle-rule__command">{snippet.command}</code>
            <button type="button" className="button" onClick={() => copy('command', snippet.command)}>
              Copy command
            </button>
            <span className="muted" aria-live="polite">
              {copied === 'json' ? 'JSON copied.' : copied === 'command' ? 'Command copied.' : ''}
            </span>
          </div>
        </>
      ) : null}
    </section>
  );
}
