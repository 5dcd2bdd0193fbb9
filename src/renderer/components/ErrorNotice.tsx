import type { AppError } from '../../shared/models/errors';
import { ExplainAccessButton } from '../features/access/ExplainAccessButton';
import './error-notice.css';

interface Props {
  readonly error: AppError;
  /** A short lead such as "Could not open dev"; the error's own message follows it. */
  readonly title?: string;
  /** Smaller type for inline use (a profile row, a form). */
  readonly compact?: boolean;
  readonly onDismiss?: () => void;
}

/** `s3:ListBucket on arn:aws:s3:::b`: the two details people need to fix a policy. */
export function describeDetails(details: Readonly<Record<string, string>>): readonly string[] {
  const { action, resource, ...rest } = details;
  const lines: string[] = [];
  if (action && resource) lines.push(`${action} on ${resource}`);
  else if (action) lines.push(action);
  else if (resource) lines.push(resource);
  for (const [key, value] of Object.entries(rest)) lines.push(`${key}: ${value}`);
  return lines;
}

/** The one way an AppError is shown: message, what failed on what, and the likely causes. */
export function ErrorNotice({ error, title, compact = false, onDismiss }: Props) {
  const details = error.details ? describeDetails(error.details) : [];
  return (
    <div className={compact ? 'error-notice error-notice--compact' : 'error-notice'} role="alert">
      <div className="error-notice__head">
        <p className="error-notice__message">
          {title ? <strong>{title}: </strong> : null}
          {error.message}
        </p>
        {onDismiss ? (
          <button type="button" className="icon-button" aria-label="Dismiss error" onClick={onDismiss}>
            ×
          </button>
        ) : null}
      </div>
      {details.map((line) => (
        <p key={line} className="error-notice__detail">
          <code>{line}</code>
        </p>
      ))}
      {error.hints && error.hints.length > 0 ? (
        <ul className="error-notice__hints" aria-label="Possible causes">
          {error.hints.map((hint) => (
            <li key={hint}>{hint}</li>
          ))}
        </ul>
      ) : null}
      {error.access ? <ExplainAccessButton error={error} /> : null}
    </div>
  );
}
