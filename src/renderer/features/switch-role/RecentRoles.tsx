import type { AppError } from '../../../shared/models/errors';
import type { AdhocRole } from '../../../shared/models/profile';
import { ErrorNotice } from '../../components/ErrorNotice';
import { profileNameFor } from './profile-block';

interface Props {
  readonly roles: readonly AdhocRole[];
  readonly error?: AppError;
  readonly disabled: boolean;
  readonly onUse: (role: AdhocRole) => void;
  readonly onEdit: (role: AdhocRole) => void;
  readonly onForget: (index: number) => void;
}

/** Roles switched to before: one click switches again, no retyping account IDs. */
export function RecentRoles({ roles, error, disabled, onUse, onEdit, onForget }: Props) {
  return (
    <section className="recent-roles" aria-label="Recent roles">
      <h3 className="recent-roles__title">Recent roles</h3>
      {error ? <ErrorNotice error={error} compact /> : null}
      {roles.length === 0 && !error ? <p className="muted recent-roles__empty">None yet.</p> : null}
      <ul className="recent-roles__list">
        {roles.map((role, index) => {
          const name = profileNameFor(role);
          return (
            <li key={JSON.stringify(role)} className="recent-roles__item">
              <button
                type="button"
                className="recent-roles__use"
                disabled={disabled}
                aria-label={`Switch to ${name}`}
                onClick={() => onUse(role)}
              >
                <span className="recent-roles__name">{name}</span>
                <span className="muted mono">
                  {role.accountId}:role/{role.roleName}
                </span>
                <span className="muted">via {role.sourceProfile}</span>
              </button>
              <button
                type="button"
                className="button"
                aria-label={`Edit ${name} in the form`}
                onClick={() => onEdit(role)}
              >
                Edit
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Forget ${name}`}
                title="Forget"
                onClick={() => onForget(index)}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
