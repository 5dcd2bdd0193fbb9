import type { AppError } from '../../../shared/models/errors';
import { describeDetails } from '../../components/ErrorNotice';

/**
 * Why a profile cannot be used, sized for the sidebar: the message stays visible (and is the
 * alert), what it refers to and how to fix it open on demand, so one broken profile does not
 * push the working ones out of view.
 */
export function ProfileError({ error }: { readonly error: AppError }) {
  const details = error.details ? describeDetails(error.details) : [];
  const hints = error.hints ?? [];
  return (
    <div className="profile-error">
      <p className="profile-error__message" role="alert" title={error.message}>
        {error.message}
      </p>
      {details.length + hints.length > 0 ? (
        <details className="profile-error__more">
          <summary>{hints.length > 0 ? 'Details and fixes' : 'Details'}</summary>
          {details.map((line) => (
            <p key={line} className="profile-error__detail">
              <code>{line}</code>
            </p>
          ))}
          {hints.length > 0 ? (
            <ul className="profile-error__hints" aria-label="Possible causes">
              {hints.map((hint) => (
                <li key={hint}>{hint}</li>
              ))}
            </ul>
          ) : null}
        </details>
      ) : null}
    </div>
  );
}
